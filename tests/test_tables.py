"""The flat tables, defined once: columns, rows of a record, meta columns."""

import pytest

from extractor import tables
from extractor.records import Cluster, Document, Entity, Quote, Speaker

TEXT = "Иван Петров приехал. «Всё решено», — сказал Петров. Блогеры пишут, что мост закрыт."


def _record(meta=None):
    petrov = Speaker("Иван Петров", "PER", 0, "Петров", 44, 50)
    bloggers = Speaker(None, None, None, "Блогеры", 52, 59)
    doc = Document(
        text=TEXT, id="d1",
        entities=(Entity("Иван Петров", 0, 11, "PER", "Иван Петров", 0),
                  Entity("Петров", 44, 50, "PER", "Петров", 0)),
        clusters=(Cluster(0, "PER", "Иван Петров", "Иван", None, "Петров", (),
                          ((0, 11), (44, 50))),),
        quotes=(Quote("Всё решено", 22, 32, "direct", "сказал", "сказать", petrov, 1, 0.9,
                      "dash"),
                Quote("мост закрыт", 71, 82, "indirect", "пишут", "писать", bloggers, 2, 0.6,
                      "clause")),
        meta=meta or {})
    return doc.to_dict()


def test_the_first_columns_are_those_of_earlier_versions_in_their_order():
    assert list(tables.QUOTES)[:8] == ["doc_id", "speaker", "speaker_type", "kind", "cue",
                                       "quote", "start", "stop"]
    assert list(tables.ENTITIES)[:7] == ["doc_id", "text", "type", "normal", "cluster",
                                         "start", "stop"]


def test_quote_rows_keep_an_unnamed_source_as_its_mention():
    named, unnamed = tables.rows("quotes", _record())
    assert list(named) == list(tables.QUOTES)
    assert (named["quote"], named["speaker"], named["mention"], named["speaker_cluster"],
            named["cue_lemma"], named["rule"], named["confidence"], named["sentence"]) == \
        ("Всё решено", "Иван Петров", "Петров", 0, "сказать", "dash", 0.9, 1)
    assert (unnamed["speaker"], unnamed["mention"]) == (None, "Блогеры")
    assert TEXT[unnamed["mention_start"]:unnamed["mention_stop"]] == "Блогеры"
    assert TEXT[unnamed["start"]:unnamed["stop"]] == unnamed["quote"]


def test_entity_rows_give_the_clusters_full_name_beside_the_mentions_own_form():
    rows = tables.rows("entities", _record())
    assert [(r["normal"], r["cluster_name"]) for r in rows] == \
        [("Иван Петров", "Иван Петров"), ("Петров", "Иван Петров")]


def test_chosen_meta_fields_come_last_and_absent_ones_are_none():
    columns = tables.columns("quotes", ["date", "url"])
    assert list(columns)[-2:] == ["date", "url"]
    assert columns["date"] == "meta"
    rows = tables.rows("quotes", _record({"date": "2024-05-01", "outlet": "x"}), ["date", "url"])
    assert [(r["date"], r["url"]) for r in rows] == [("2024-05-01", None)] * 2
    assert "outlet" not in rows[0]


def test_a_meta_field_named_like_a_column_is_refused():
    with pytest.raises(ValueError, match="'kind'"):
        tables.columns("quotes", ["kind"])


def test_an_unknown_table_is_refused():
    with pytest.raises(ValueError, match="people"):
        tables.rows("people", _record())
