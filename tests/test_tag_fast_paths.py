"""The fast paths give what the plain ones give: packed inference, morph windows, lazy tags."""

import pytest

from extractor import segment, tag
from extractor.pipeline import Extractor, _blas_limits

SENTENCES = [
    "Министр иностранных дел России Сергей Лавров заявил журналистам в Москве, "
    "что переговоры продолжатся.",
    "«Газпром» и Еврокомиссия не договорились.",
    "Он сказал: «Мы готовы».",
    "В понедельник госсекретарь США Майк Помпео прилетел в Берлин на встречу с Ангелой Меркель.",
    # one word in three shapes, each twice: layer one runs once per distinct word and shape
    "Москва и москва, МОСКВА и Москва: москва, МОСКВА.",
]


def rows():
    result = []
    for text in SENTENCES:
        _, tokens = segment.segment(text)
        result.append([t.word for t in tokens])
    return result


def test_morph_matches_slovnet(extractor):
    # One row per call: slovnet's own executor then has no batch neighbours either.
    for row in rows():
        expected = [(t.pos, dict(t.feats)) for t in extractor.morph(row).tokens]
        assert tag.tag_rows(extractor.morph, [row])[0] == expected


def test_ner_matches_slovnet(extractor):
    from extractor import ner

    for row in rows():
        infer = extractor.ner.infer
        expected = list(next(infer.decoder(infer.process(infer.encoder([row])))))
        assert ner.tag_rows(extractor.ner, [row])[0] == expected


def test_batch_does_not_change_tags(extractor):
    from extractor import ner

    batch = rows()
    assert tag.tag_rows(extractor.morph, batch) == [tag.tag_rows(extractor.morph, [r])[0]
                                                   for r in batch]
    assert ner.tag_rows(extractor.ner, batch) == [ner.tag_rows(extractor.ner, [r])[0]
                                                 for r in batch]


@pytest.mark.parametrize("first,last", [(0, 1), (3, 5), (8, 9), (13, 15), (0, 15)])
def test_window_tags_equal_sentence_tags(extractor, first, last):
    _, tokens = segment.segment(SENTENCES[0])
    assert len(tokens) == 15
    whole, window = list(tokens), list(tokens)
    tag.tag_ranges(extractor.morph, [(whole, 0, len(whole), 0, len(whole))])
    tag.tag_ranges(extractor.morph, [(window, first, last, 0, len(window))])
    assert [(t.pos, t.feats) for t in window[first:last]] == \
        [(t.pos, t.feats) for t in whole[first:last]]
    assert all(t.pos is None for t in window[:first] + window[last:])


def test_untagged_tokens_are_tagged_on_demand(extractor):
    text = " ".join(SENTENCES)
    lean = Extractor(quotes=False)(text)
    full = extractor(text)
    assert any(t.pos is None for t in lean.raw_tokens)  # tagged only around entities
    assert lean.entities == full.entities
    assert [(t.pos, t.feats, t.lemma) for t in lean.tokens] == \
        [(t.pos, t.feats, t.lemma) for t in full.tokens]


def test_blas_limit_is_restored():
    from threadpoolctl import threadpool_info

    def threads():
        return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]

    before = threads()
    with _blas_limits():
        assert set(threads()) <= {1}
    assert threads() == before


def test_document_pickles_compactly_and_exactly(extractor):
    import pickle

    doc = extractor(" ".join(SENTENCES) + " Серге́й\u00adЛавров", id="x")
    back = pickle.loads(pickle.dumps(doc))
    assert back == doc
    assert back.sentences == doc.sentences
    assert [t.__dict__ for t in back.raw_tokens] == [t.__dict__ for t in doc.raw_tokens]
    assert back.tokens == doc.tokens


@pytest.mark.parametrize("enabled", [True, False])
def test_collector_is_held_during_a_batch_and_restored(extractor, monkeypatch, enabled):
    import gc

    seen = []
    real = segment.segment
    monkeypatch.setattr(segment, "segment", lambda text: (seen.append(gc.isenabled()),
                                                          real(text))[1])
    (gc.enable if enabled else gc.disable)()
    try:
        extractor.process([("a", SENTENCES[0]), ("b", SENTENCES[1])])
        assert seen == [False, False]
        assert gc.isenabled() == enabled
    finally:
        gc.enable()
