"""The output record matches shared/spec/records.md and round-trips."""

import json

from extractor import Cluster, Document, Entity, Quote, Speaker

TOP = {"id", "text_length", "entities", "clusters", "quotes", "error"}
ENTITY = {"text", "start", "stop", "type", "normal", "cluster"}
CLUSTER = {"id", "type", "name", "first", "middle", "last", "roles", "mentions"}
QUOTE = {"text", "start", "stop", "kind", "cue", "cue_lemma", "speaker", "sentence", "confidence"}
SPEAKER = {"name", "type", "cluster", "mention", "start", "stop"}


def sample() -> Document:
    text = "«Мы готовы», — заявил Сергей Лавров."
    return Document(
        text=text, id="x",
        entities=(Entity("Сергей Лавров", 22, 35, "PER", "Сергей Лавров", 1),),
        clusters=(Cluster(1, "PER", "Сергей Лавров", "Сергей", None, "Лавров",
                          ("министр",), ((22, 35),)),),
        quotes=(Quote("Мы готовы", 1, 10, "direct", "заявил", "заявить",
                      Speaker("Сергей Лавров", "PER", 1, "Сергей Лавров", 22, 35), 0, 0.9,
                      "direct_dash_verb"),),
    )


def test_fields_are_the_contract():
    data = sample().to_dict()
    assert TOP <= set(data)
    assert ENTITY <= set(data["entities"][0])
    assert CLUSTER <= set(data["clusters"][0])
    assert QUOTE <= set(data["quotes"][0])
    assert SPEAKER <= set(data["quotes"][0]["speaker"])
    assert data["text_length"] == 36
    assert data["clusters"][0]["mentions"] == [[22, 35]]


def test_round_trip_through_json():
    doc = sample()
    again = Document.from_dict(json.loads(doc.to_json()), text=doc.text)
    assert again == doc


def test_offsets_index_the_text():
    doc = sample()
    for record in doc.entities + doc.quotes:
        assert doc.text[record.start:record.stop] == record.text
