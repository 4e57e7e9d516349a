"""The HTML view (escaping, nesting), the ASCII markup and the plain-text table."""

from html.parser import HTMLParser

import pytest

from extractor import display
from extractor.records import Document, Entity, Quote, Speaker

VOID = {"br", "img", "meta", "hr", "input"}


class Reader(HTMLParser):
    """Checks that tags nest and collects the document text (our label elements left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self.ent_text: list[str] = []

    def _in_label(self) -> bool:
        return any(label for _, label in self.stack)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        if tag not in VOID:
            self.stack.append((tag, "data-ex-label" in attrs))

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data):
        if self.stack and not self._in_label():
            self.text.append(data)


def read(markup: str) -> Reader:
    reader = Reader()
    reader.feed(markup)
    reader.close()
    assert reader.stack == []
    return reader


def quote(text: str, part: str, kind: str = "direct", speaker: str | None = "Сергей Лавров",
          mention: str | None = None) -> Quote:
    start = text.index(part)
    spk = None
    if speaker is not None or mention is not None:
        m_start = text.index(mention) if mention else None
        spk = Speaker(speaker, "PER", 1, mention, m_start,
                      None if m_start is None else m_start + len(mention))
    return Quote(part, start, start + len(part), kind, "заявил", "заявить", spk, 0, 0.9, "test")


def entity(text: str, part: str, type_: str = "PER", nth: int = 0) -> Entity:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return Entity(part, start, start + len(part), type_, part, 1)


HOSTILE = [
    "<script>alert('x')</script> «Мы готовы», — заявил Сергей Лавров.",
    "<img src=x onerror=alert(1)> «Мы <b>готовы</b>», — заявил Сергей Лавров & Co.",
    "«\"><svg onload=alert(1)>», — заявил Сергей Лавров.",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_renders_as_text(text):
    inner = text[text.index("«") + 1:text.index("»")]
    doc = Document(text=text, id="<i>id</i>", entities=(entity(text, "Сергей Лавров"),),
                   quotes=(quote(text, inner, speaker="<b>Лавров</b>",
                                 mention="Сергей Лавров"),))
    out = doc._repr_html_()
    reader = read(out)
    assert not {"script", "img", "svg", "b", "i"} & set(reader.tags)
    assert "".join(reader.text) == text  # every character, once, in order, as text


def test_error_document_is_escaped():
    doc = Document(text="<script>x</script>", id="d", error="bad <input>")
    reader = read(display.html(doc))
    assert "script" not in reader.tags and "input" not in reader.tags
    assert "bad &lt;input&gt;" in display.html(doc)


def test_entity_inside_quote_nests():
    text = "«Сергей Лавров готов», — сказал Песков."
    doc = Document(text=text, entities=(entity(text, "Сергей Лавров"), entity(text, "Песков")),
                   quotes=(quote(text, "Сергей Лавров готов", mention="Песков"),))
    out = display.html(doc)
    reader = read(out)
    assert "".join(reader.text) == text
    # The entity opens after the quote's badge, inside the quote span.
    assert out.index("ex-quote") < out.index("ex-ent ex-PER") < out.index("ex-speaker")


def test_crossing_spans_are_split_and_still_nest():
    text = "один два три четыре"
    marks = [display._entity_mark(0, 8, "PER", None), display._entity_mark(5, 13, "LOC", None)]
    out = display.render_spans(text, marks)
    reader = read(f"<div>{out}</div>")
    assert "".join(reader.text) == text
    assert out.count("ex-LOC") == 2  # closed at 8 with the PER span, reopened after it


def test_spans_out_of_range_are_ignored():
    doc = Document(text="кот", entities=(Entity("x", 2, 9, "PER"), Entity("", 1, 1, "LOC")))
    assert "".join(read(display.html(doc)).text) == "кот"


def test_html_shows_speaker_kind_and_legend():
    text = "«Мы готовы», — заявил Сергей Лавров."
    doc = Document(text=text, quotes=(quote(text, "Мы готовы", kind="direct",
                                            mention="Сергей Лавров"),))
    out = display.html(doc)
    assert "1 Сергей Лавров · direct" in out
    for label in ("PER", "ORG", "LOC", "quote: direct", "quote: indirect", "quote: mixed"):
        assert label in out


def test_ascii_markup_golden():
    text = "Сергей Лавров посетил Москву"
    doc = Document(text=text, entities=(entity(text, "Сергей Лавров"),
                                        entity(text, "Москву", "LOC")))
    assert display.markup(doc) == (
        "Сергей Лавров посетил Москву\n"
        "PER──────────         LOC───"
    )


def test_ascii_markup_stacks_overlaps_and_wraps():
    text = "«Мы готовы», — заявил Сергей Лавров.\nВторая строка"
    doc = Document(text=text, entities=(entity(text, "Сергей Лавров"),),
                   quotes=(quote(text, "Мы готовы", mention="Сергей Лавров"),))
    assert display.markup(doc, width=30).split("\n") == [
        "«Мы готовы», — заявил Сергей",
        " Q1:direct:Сергей Лавров",
        "                      PER───",
        "                      →Q1───",
        "Лавров.",
        "──────",
        "──────",
        "Вторая строка",
    ]


def test_print_method(capsys):
    text = "Сергей Лавров"
    Document(text=text, entities=(entity(text, text),)).print()
    assert capsys.readouterr().out == "Сергей Лавров\nPER──────────\n"


def test_context_marks_the_quote():
    text = "Начало. «Мы готовы», — заявил Лавров. Конец."
    q = quote(text, "Мы готовы")
    assert display.context(Document(text=text), q, chars=8) == "…ачало. «⟦Мы готовы⟧», — зая…"


def test_table_lists_people_and_quotes():
    text = "«Мы готовы», — заявил Сергей Лавров."
    doc = Document(text=text, id="t", quotes=(quote(text, "Мы готовы"),))
    out = display.table(doc)
    assert out.startswith("== t (36 chars)")
    assert "Сергей Лавров" in out and "Мы готовы" in out


def test_two_quotes_by_one_mention_read_in_order():
    text = "Министр заявил, что всё решено, и подчеркнул, что готов."
    doc = Document(text=text, quotes=(quote(text, "всё решено", mention="Министр"),
                                      quote(text, "готов", mention="Министр")))
    out = display.html(doc)
    assert out.index("→1") < out.index("→2")
    assert "".join(read(out).text) == text


def test_hostile_labels_are_escaped_too():
    text = "«Да», — сказал он."
    bad = '"><script>x</script>'
    doc = Document(text=text, id=bad, entities=(Entity("он", 14, 16, bad, bad),),
                   quotes=(Quote("Да", 1, 3, bad, bad, bad, Speaker(bad, bad, None, bad, 14, 16),
                                 rule=bad),))
    reader = read(display.html(doc))
    assert "script" not in reader.tags and "".join(reader.text) == text
