"""Quote detection on layouts a one-line golden case cannot hold (line breaks)."""

from __future__ import annotations


def _texts(doc):
    return [(q.kind, q.text) for q in doc.quotes]


def test_colon_block_is_indirect_to_paragraph_end(extractor):
    text = "Губернатор Олег Сомов сказал:\nМост откроем к осени, деньги уже выделены.\nДругое."
    doc = extractor(text)
    assert ("indirect", "Мост откроем к осени, деньги уже выделены") in _texts(doc)
    for quote in doc.quotes:
        assert text[quote.start:quote.stop] == quote.text


def test_colon_before_a_lost_block_gives_nothing(extractor):
    # an empty paragraph after the colon: the quoted block was lost, the next one is not it
    text = "Губернатор Олег Сомов сказал:\n\n\nДороги в области отремонтировали в срок.\n"
    assert _texts(extractor(text)) == []


def test_colon_block_opening_with_a_frame_is_the_frame(extractor):
    text = "Мэр Илья Гуров сказал:\nПо его словам, тендер отменят до конца года.\n"
    assert [t for _, t in _texts(extractor(text))] == ["тендер отменят до конца года"]
