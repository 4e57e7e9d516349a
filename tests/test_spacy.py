"""The spaCy component: entities, lemmas, quote spans, displaCy, saving and loading."""

import dataclasses
import subprocess
import sys

import pytest

spacy = pytest.importorskip("spacy")

from spacy import displacy  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from extractor import pipeline  # noqa: E402
from extractor.records import Document, Entity, Quote, Speaker  # noqa: E402


@pytest.fixture(scope="module")
def nlp(extractor):
    # Reuse the session's models instead of loading a second copy.
    pipeline._EXTRACTORS[(32, True)] = extractor
    nlp = spacy.blank("ru")
    nlp.add_pipe("extractor")
    return nlp


@pytest.fixture(scope="module")
def seed_spacy(nlp, seed_text):
    return nlp(seed_text)


def _with_quotes(record: Document) -> Document:
    """The seed record plus two hand-made quotes (the quote finder is tested elsewhere)."""
    text = record.text
    start = text.index("Российская сторона")
    stop = text.index(", рассказал РБК")
    mention = text.index("Сергей Рябков по")
    ryabkov = Speaker("Сергей Рябков", "PER", 5, "Сергей Рябков", mention, mention + 13)
    q1 = Quote(text[start:stop], start, stop, "indirect", "рассказал", "рассказать", ryabkov)
    start = text.index("между Москвой и Вашингтоном")
    stop = text.index(", но подчеркнул")
    pompeo = Speaker("Майк Помпео", "PER", 10, "Госсекретарь США")
    q2 = Quote(text[start:stop], start, stop, "indirect", "заявил", "заявить", pompeo)
    return dataclasses.replace(record, quotes=(q1, q2))


def test_entities_match_the_records(seed_spacy, seed_doc):
    ents = {(e.start_char, e.end_char, e.label_) for e in seed_spacy.ents}
    ours = {(e.start, e.stop, e.type) for e in seed_doc.entities}
    assert ("Сергей Рябков", "PER") in {(e.text, e.label_) for e in seed_spacy.ents}
    assert ("Майком Помпео", "PER") in {(e.text, e.label_) for e in seed_spacy.ents}
    # The article body tokenizes alike; the footer's glued words (`ПознаниПолитика`) are
    # single spaCy tokens, so there entities expand to the token and overlaps are dropped.
    body = seed_doc.text.index("Авторы")
    assert {e for e in ours if e[1] < body} <= ents
    assert all(any(s < e[1] and e[0] < t for s, t, _ in ents) for e in ours)


def test_tokens_get_lemmas_pos_and_sentences(seed_spacy):
    said = next(t for t in seed_spacy if t.text == "рассказал")
    assert (said.lemma_, said.pos_) == ("рассказать", "VERB")
    assert said.morph.get("Tense") == ["Past"]
    assert all(t.lemma_ for t in seed_spacy)
    first = next(s for s in seed_spacy.sents if "Российская сторона" in s.text)
    assert first.text.startswith("Российская сторона")


def test_records_on_the_doc(seed_spacy, seed_doc):
    assert seed_spacy._.clusters == list(seed_doc.clusters)
    assert seed_spacy._.record.entities == seed_doc.entities
    assert seed_spacy._.quotes == list(seed_doc.quotes)


def test_quote_spans_and_displacy(nlp, seed_doc):
    record = _with_quotes(seed_doc)
    doc = nlp.get_pipe("extractor").annotate(nlp.make_doc(record.text), record)
    spans = doc.spans["quotes"]
    assert [(s.label_, s.start_char, s.end_char) for s in spans] == \
        [(q.kind, q.start, q.stop) for q in record.quotes]
    assert [q.speaker.name for q in doc._.quotes] == ["Сергей Рябков", "Майк Помпео"]
    ent_html = displacy.render(doc, style="ent")
    assert "Майком Помпео" in ent_html and "PER" in ent_html
    span_html = displacy.render(doc, style="span", options={"spans_key": "quotes"})
    assert "indirect" in span_html and "Вашингтоном" in span_html
    # Who said each quote is shown beside its kind, and kept as data on the span.
    assert [s.kb_id_ for s in spans] == ["Сергей Рябков", "Майк Помпео"]
    assert "Сергей Рябков</a>" in span_html and "Майк Помпео</a>" in span_html
    assert [(s._.speaker, s._.speaker_cluster) for s in spans] == \
        [("Сергей Рябков", 5), ("Майк Помпео", 10)]


def test_an_unnamed_source_shows_its_mention_and_names_are_escaped(nlp):
    text = "Как сообщили источники, переговоры сорваны. <b>Кто-то</b>: «Нет». Кто-то ещё: «Да»."
    anonymous = Speaker(None, None, mention="источники")
    odd = Speaker("<b>Кто-то</b>", "PER")
    record = Document(text=text, quotes=(
        Quote("переговоры сорваны", 24, 42, "indirect", "сообщили", "сообщить", anonymous),
        Quote("Нет", 60, 63, "direct", None, None, odd),
        Quote("Да", 79, 81, "direct"),
    ))
    doc = nlp.get_pipe("extractor").annotate(nlp.make_doc(text), record)
    spans = doc.spans["quotes"]
    assert [(s.text, s._.speaker) for s in spans] == \
        [("переговоры сорваны", None), ("Нет", "<b>Кто-то</b>"), ("Да", None)]
    assert spans[0].kb_id_ == "источники" and spans[2].kb_id_ == ""
    html = displacy.render(doc, style="span", options={"spans_key": "quotes"})
    assert "источники</a>" in html and "&lt;b&gt;Кто-то&lt;/b&gt;</a>" in html
    assert "<b>" not in html


def test_entities_carry_their_normal_form_and_cluster(seed_spacy):
    ents = {e.text: e for e in seed_spacy.ents}
    pompeo, lavrov = ents["Майком Помпео"], ents["Сергеем Лавровым"]
    assert (pompeo._.normal, lavrov._.normal) == ("Майк Помпео", "Сергей Лавров")
    names = {c.id: c.name for c in seed_spacy._.clusters}
    assert (names[pompeo._.cluster], names[lavrov._.cluster]) == ("Майк Помпео", "Сергей Лавров")
    assert all(e._.normal for e in seed_spacy.ents)
    assert {e._.cluster for e in seed_spacy.ents if e.text == "Помпео"} == {pompeo._.cluster}


def test_alignment_expands_and_drops_overlaps(nlp):
    text = "Северо-Кавказский федеральный округ и Ставрополь"
    doc = nlp.make_doc(text)
    tokens = [(t.idx, t.idx + len(t)) for t in doc]
    record = Document(text=text, entities=(
        Entity("Кавказский", 7, 17, "LOC"),              # inside a token or two: expanded
        Entity("Северо-Кавказский федеральный", 0, 29, "LOC"),  # overlaps it: longest wins
        Entity("Ставрополь", 38, 48, "LOC"),
    ))
    nlp.get_pipe("extractor").annotate(doc, record)
    ents = [(e.start_char, e.end_char) for e in doc.ents]
    assert ents == [(0, 29), (38, 48)]
    assert all((s, e) in [(a, b) for a, _ in tokens for _, b in tokens] for s, e in ents)


def test_error_records_leave_the_doc_alone(nlp):
    doc = nlp.make_doc("текст")
    nlp.get_pipe("extractor").annotate(doc, Document(text="текст", error="boom"))
    assert doc.ents == () and doc._.record.error == "boom"


def test_pipe_batches_like_call(nlp, seed_text, seed_spacy):
    docs = list(nlp.pipe([seed_text, "Сергей Лавров прилетел в Москву."], batch_size=2))
    assert [e.text for e in docs[0].ents] == [e.text for e in seed_spacy.ents]
    assert [(e.text, e.label_) for e in docs[1].ents] == [("Сергей Лавров", "PER"),
                                                          ("Москву", "LOC")]


def test_doc_bytes_round_trip(nlp, seed_spacy):
    again = Doc(nlp.vocab).from_bytes(seed_spacy.to_bytes())
    assert again._.clusters == seed_spacy._.clusters
    assert [(e._.normal, e._.cluster) for e in again.ents] == \
        [(e._.normal, e._.cluster) for e in seed_spacy.ents]
    assert [e.text for e in again.ents] == [e.text for e in seed_spacy.ents]


def test_to_disk_and_load(nlp, tmp_path, seed_spacy):
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == ["extractor"]
    doc = loaded(seed_spacy.text)
    assert [(e.start_char, e.label_) for e in doc.ents] == \
        [(e.start_char, e.label_) for e in seed_spacy.ents]


def test_registered_through_the_entry_point():
    # A fresh interpreter that never imports extractor.spacy itself.
    code = ("import spacy, sys; nlp = spacy.blank('ru'); nlp.add_pipe('extractor'); "
            "print(nlp.pipe_names, 'extractor.spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "['extractor'] True"


def test_keeps_earlier_entities_when_asked(extractor):
    nlp = spacy.blank("ru")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "EVENT", "pattern": "саммита G20"},
                        {"label": "DATE", "pattern": "вчера"}])
    nlp.add_pipe("extractor", config={"overwrite_ents": False})
    doc = nlp("Вчера Путин прибыл на полях саммита G20 в Японию, а не вчера.")
    ents = [(e.text, e.label_) for e in doc.ents]
    # Ours and the ruler's where they do not overlap; the longer span where they do.
    assert ents == [("Путин", "PER"), ("саммита G20", "EVENT"), ("Японию", "LOC"),
                    ("вчера", "DATE")]
    # Only our own entities carry a normal form.
    assert [e._.normal for e in doc.ents] == ["Путин", None, "Япония", None]


def test_with_spacys_own_russian_lemmatizer(nlp):
    # spacy.blank("ru")'s lemmatizer runs on pymorphy3, offline; ours then refines it.
    both = spacy.blank("ru")
    both.add_pipe("lemmatizer", config={"mode": "pymorphy3"})
    both.add_pipe("extractor")
    both.initialize()
    doc = both("Лавров заявил об отказе США публиковать переписку.")
    assert [t.lemma_ for t in doc][:4] == ["лавров", "заявить", "о", "отказ"]


def test_without_spacy_the_error_says_what_to_install(monkeypatch):
    import importlib

    monkeypatch.delitem(sys.modules, "extractor.spacy")
    monkeypatch.setitem(sys.modules, "spacy.language", None)
    with pytest.raises(ImportError, match=r"pip install 'extractor-ru\[spacy\]'"):
        importlib.import_module("extractor.spacy")
