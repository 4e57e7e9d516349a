"""Quotes stage: golden one-line cases per phenomenon, the seed article, hostile marks."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from extractor.quotes.direct import pair_marks

GOLDEN = Path(__file__).parent / "fixtures" / "quotes_golden.txt"


def _cases():
    for line in GOLDEN.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, _, expected = line.partition(" => ")
        text = text.replace("\\n", "\n")  # `\n` in the file: a line break in the text
        yield pytest.param(text, expected.strip(), id=text[:60])


def _agree(name, expected):
    """Speaker names agree as the benchmark counts them: one's words contain the other's."""
    a, b = set(name.split()), set(expected.split())
    return a <= b or b <= a


@pytest.mark.parametrize("text,expected", list(_cases()))
def test_golden(extractor, text, expected):
    doc = extractor(text)
    for quote in doc.quotes:
        assert text[quote.start:quote.stop] == quote.text
        assert quote.rule and 0 < quote.confidence <= 1
    if expected == "none":
        assert [q.text for q in doc.quotes] == []
        return
    if expected.startswith("records "):  # how many records, no more (a relay adds none)
        assert len(doc.quotes) == int(expected.split()[1]), [q.text for q in doc.quotes]
        return
    kind, cue_lemma, speaker, content = [part.strip() for part in expected.split("|")]
    found = [q for q in doc.quotes if q.text == content]
    assert found, f"no quote {content!r} in {[q.text for q in doc.quotes]}"
    quote = found[0]
    assert (quote.kind, quote.cue_lemma) == (kind, cue_lemma)
    name = quote.speaker.name if quote.speaker else None
    if speaker == "-":
        assert name is None
    else:
        assert name is not None and _agree(name, speaker), name


def _by_text(doc, fragment):
    return [q for q in doc.quotes if q.text.startswith(fragment)]


def test_seed_inverted_mixed_quote(seed_doc):
    quote, = _by_text(seed_doc, "Российская сторона передала")
    assert quote.kind == "mixed" and "«малых шагов»" in quote.text
    assert quote.text.endswith("улучшить климат между странами")
    assert quote.cue_lemma == "рассказать"
    assert quote.speaker.name == "Сергей Рябков" and quote.speaker.mention == "Сергей Рябков"


def test_seed_role_resolved_to_person(seed_doc):
    quote, = _by_text(seed_doc, "между Москвой и Вашингтоном")
    assert quote.cue_lemma == "заявить" and quote.kind == "indirect"
    assert quote.speaker.mention == "Госсекретарь США"
    assert quote.speaker.name == "Майк Помпео"


def test_seed_diplomat_is_ryabkov(seed_doc):
    quote, = _by_text(seed_doc, "Эти документы касаются")
    assert quote.cue_lemma == "пояснить"
    assert quote.speaker.mention == "дипломат" and quote.speaker.name == "Сергей Рябков"


def test_seed_anonymous_sources(seed_doc):
    quote, = _by_text(seed_doc, "на ней стороны искали")
    assert quote.cue_lemma == "как сообщить"
    assert quote.speaker.mention.startswith("источники РБК") and quote.speaker.name is None


def test_seed_headlines_and_non_quotes(seed_doc):
    texts = [q.text for q in seed_doc.quotes]
    assert "искаженном восприятии запуска «Орешника» на Западе" in texts  # glued rubric cut
    assert not any(t.startswith("проблему") for t in texts)  # `Силуанов признал проблему`
    assert not any("110,49" in t for t in texts)  # `EUR ЦБ: 110,49`


@pytest.mark.parametrize("text,spans", [
    ("«а» и «б»", [(0, 2), (6, 8)]),
    ("«внешняя „внутренняя“ часть»", [(0, 27)]),
    ('он сказал "да" и "нет"', [(10, 13), (17, 21)]),
    ("«без конца\nследующий абзац", [(0, 10)]),  # opened a paragraph: closes at its end
    ("«" + "слово " * 400 + "\nдалее", []),  # …unless the paragraph is long
    ("текст «без конца\nследующий", []),  # a stray mark swallows nothing
    ("»«»»«", [(1, 2)]),
])
def test_pair_marks(text, spans):
    assert pair_marks(text) == spans


def test_marks_are_linear():
    small, big = "«" * 2000, "«" * 40000
    started = time.perf_counter()
    pair_marks(small)
    first = time.perf_counter() - started
    started = time.perf_counter()
    # the closer finds no opener within the bounded stack look-up; the paragraph's opener
    # is left open for 40 000 characters: a stray mark, not a quotation
    assert pair_marks(big + "»") == []
    second = time.perf_counter() - started
    assert second < max(0.5, first * 100)  # 20× the marks: quadratic would be 400×


def test_hostile_marks_document(extractor):
    text = "«" * 5000 + " Он заявил, что все хорошо. " + "»" * 5000 + "\n«Мы готовы», — сказал он."
    doc = extractor(text)
    for quote in doc.quotes:
        assert text[quote.start:quote.stop] == quote.text
        assert quote.stop - quote.start < 200


def test_title_word_dropped_from_speaker_name(extractor):
    doc = extractor("«Закон используют для сведения счетов», — сказал Ксендз Вальдемар Цисло.")
    quote, = doc.quotes
    assert quote.speaker.name == "Вальдемар Цисло"


def test_cue_sentences_untagged():
    """Cue sentences are found before any tagging: a cue by some reading of a word, a frame,
    a quotation mark or a headline line; a plain sentence is not one."""
    from types import SimpleNamespace

    from extractor.quotes.cues import cue_sentences
    from extractor.segment import segment

    text = ("Погода была хорошей. Министр заявил, что все готово. По словам министра, план принят. "
            "Он пошел домой. «Мы готовы». Дом стоял на холме.")
    sentences, tokens = segment(text)
    assert all(t.pos is None for t in tokens)
    doc = SimpleNamespace(sentences=sentences, tokens=list(tokens))
    assert [sentences[n].text for n in cue_sentences(doc)] == [
        "Министр заявил, что все готово.", "По словам министра, план принят.", "«Мы готовы»."]


def test_syntax_parses_only_doubtful_sentences(extractor, monkeypatch):
    """The parser sees the sentences whose speaker the rules doubt, in one batch, and the
    rule names what it decided; without it the rules stand alone."""
    import extractor.quotes as quotes
    from extractor.quotes import syntax

    seen = []
    parse = syntax.parse
    monkeypatch.setattr(syntax, "parse", lambda ctx, numbers, parser: (
        seen.append(list(numbers)), parse(ctx, numbers, parser))[1])
    text = ("Погода была хорошей. Иван Петров заявил, что все готово. Иван Петров критиковал "
            "план, он встречался с премьером Жаном Дюпоном, и после сказал, что план провалился.")
    doc = extractor(text)
    assert seen == [[2]]
    quote, = [q for q in doc.quotes if q.text == "план провалился"]
    assert quote.rule == "that+nsubj" and quote.speaker.name == "Иван Петров"
    monkeypatch.setattr(quotes, "SYNTAX", False)
    seen.clear()
    quote, = [q for q in extractor(text).quotes if q.text == "план провалился"]
    assert seen == [] and quote.rule == "that"


@pytest.mark.parametrize("text,content", [
    ("По сведениям Associated Press, пилот объяснил инцидент тем, что случайно настроил "
     "радиостанцию на неверную частоту.", "случайно настроил радиостанцию на неверную частоту"),
    ("По сообщению агентства Dawn, на митинге Фазлур Рехман заявил, что Асия Биби освобождена.",
     "Асия Биби освобождена"),
])
def test_relaying_frame_gives_only_the_report(extractor, text, content):
    """A frame that relays (`по сведениям`, `по сообщению`) adds no record around a report."""
    assert [q.text for q in extractor(text).quotes] == [content]


def test_channel_over_a_report_adds_nothing(extractor):
    """`Об этом сообщил X, пишет Y`: the report is X's; the channel makes no record of it."""
    doc = extractor("Франция выступает за пересмотр директивы. Об этом в ходе брифинга сообщил "
                    "представитель министерства иностранных дел страны, пишет газета.")
    assert [(q.cue_lemma, q.text) for q in doc.quotes] == [
        ("сообщить", "Франция выступает за пересмотр директивы")]


@pytest.mark.parametrize("text,contents", [
    # the speaker's own opinion inside their that-clause adds no record (elided subject)
    ("Тренер отметил, что считает судейство предвзятым.", ["считает судейство предвзятым"]),
    ("Мэр сказал, что мы считаем проект ошибкой.", ["мы считаем проект ошибкой"]),
    # ... also when the speaker is named, or a neighbour was quoted before
    ("Ольга Зимина отметила, что считает тариф завышенным.", ["считает тариф завышенным"]),
    ("«Мы подадим иск», — сказал Павел Орлов. Юрист добавил, что находит договор ничтожным.",
     ["Мы подадим иск", "находит договор ничтожным"]),
    # someone else's opinion inside it is a record of its own
    ("Иван Петров заявил, что Анна Смирнова считает реформу ошибкой.",
     ["Анна Смирнова считает реформу ошибкой", "реформу ошибкой"]),
])
def test_own_report_inside_a_report(extractor, text, contents):
    assert [q.text for q in extractor(text).quotes] == contents


@pytest.mark.parametrize("verb,partner", [
    ("заявить", "заявлять"), ("отметить", "отмечать"), ("оповестить", "оповещать"),
    ("подытожить", "подытоживать"), ("подчеркнуть", "подчеркивать"), ("признать", "признавать"),
    ("указывать", "указать"), ("заявлять", "заявить"),
])
def test_aspect_partner_of_a_cue_verb(verb, partner):
    from extractor.quotes.aspect import partners

    assert partner in partners(verb)


def test_aspect_partners_are_dictionary_verbs_of_the_other_aspect():
    from extractor.quotes.aspect import partners

    assert "прижать" not in partners("призывать")  # built by the rules, not its partner
    assert partners("отметиться") == set()  # a -ся verb is listed on its own
    assert partners("сказатьь") == set()  # unknown to the dictionary


@pytest.mark.parametrize("text,contents", [
    # an evaluation with a part put before its speaker: both parts, split around the speaker
    ("Своим главным соперником теннисистка назвала прошлогоднюю чемпионку.",
     ["Своим главным соперником", "прошлогоднюю чемпионку"]),
    # a frame inside a clause: the part before it, and the part after it unless it is the
    # author's correction of the claim
    ("Участники встречи, как сообщается, утвердят бюджет.",
     ["Участники встречи", "утвердят бюджет"]),
    ("Санкции, по словам Ивана Петрова, будут продлены.", ["Санкции", "будут продлены"]),
    ("Снос, по мнению юристов, незаконен.", ["Снос", "незаконен"]),
    ("Тарифы, как заявил министр, заморозят до весны.", ["Тарифы", "заморозят до весны"]),
    ("Девочка не погибла, как сообщалось ранее, но получила тяжёлые ранения.",
     ["Девочка не погибла"]),
    # inside a reported clause a frame splits nothing; another source's frame is nested
    ("Министр сообщил, что завод, по его словам, будет закрыт.",
     ["завод, по его словам, будет закрыт"]),
    ("Министр заявил, что, по его мнению, кризис позади.", ["кризис позади"]),
    ("Банкир сказал, что, по оценке аналитиков, ставки снизятся.",
     ["по оценке аналитиков, ставки снизятся", "ставки снизятся"]),
])
def test_records_split_around_the_speaker(extractor, text, contents):
    assert [q.text for q in extractor(text).quotes] == contents
