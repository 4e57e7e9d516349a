"""Properties over generated text: the extractor never fails, offsets are exact, output is stable.

The strategies are shared with benchmarks/fuzz.py, which runs them for 100,000+ texts.
Here the example counts stay small so the file runs in well under a minute.
"""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from invariants import check_record

from extractor import segment

# ---- strategies -------------------------------------------------------------------------------

# Every code point, lone surrogates, controls and unassigned ones included.
ANY_CHAR = st.characters(codec=None, exclude_categories=())
any_text = st.text(ANY_CHAR, max_size=200)

FIRST = ["Сергей", "Мария", "Владимир", "Анна", "Дмитрий", "Ольга", "Майк", "Эльвира"]
MIDDLE = ["Викторович", "Владимировна", "Сергеевич", "Ивановна"]
LAST = ["Лавров", "Захаровой", "Путину", "Песковым", "Помпео", "Набиуллиной", "Шойгу",
        "Иванова", "Кадырова", "Рябкова"]
ROLES = ["министр", "глава МИД", "пресс-секретарь президента", "госсекретарь США",
         "официальный представитель", "депутат Госдумы"]
VERBS = ["заявил", "сказала", "отметил", "подчеркнула", "добавил", "сообщил", "пояснила",
         "считает", "по словам", "уверен", "написал в Telegram", "цитирует"]
WORDS = ["что", "в", "Москве", "России", "США", "ЕС", "ООН", "Газпром", "сегодня", "мы",
         "готовы", "к", "переговорам", "не", "будет", "компания", "правительство", "и",
         "Челябинской", "области", "РИА Новости", "ТАСС", "это", "так", "он", "она"]
MARKS = ["«", "»", "„", "“", "\"", "”", "'", "‘", "’", "‹", "›"]
DASHES = ["—", "–", "-", "--", "―"]
PUNCT = [".", ",", ":", ";", "!", "?", "…", "(", ")", "...", "?!"]
SPACES = [" ", " ", " ", "\n", "\r\n", "\n\n", "\t", "\u00a0", "\u2009", "\u3000"]
# What scraped and hand-typed text carries inside and between words.
NOISE = ["\u0301", "\u00ad", "\u200b", "\u200d", "\ufeff", "\x00", "\x07", "\u202e",
         "&laquo;", "&raquo;", "&nbsp;", "&quot;", "&#171;", "&mdash;", "😀", "\ud800",
         "a", "o", "e", "c", "p", "x", "M"]

piece = st.one_of(
    st.sampled_from(FIRST), st.sampled_from(MIDDLE), st.sampled_from(LAST),
    st.sampled_from(ROLES), st.sampled_from(VERBS), st.sampled_from(WORDS),
    st.sampled_from(MARKS), st.sampled_from(DASHES), st.sampled_from(PUNCT),
    st.sampled_from(SPACES), st.sampled_from(NOISE), st.text(ANY_CHAR, max_size=3),
)
russian_text = st.lists(piece, max_size=60).map("".join)
spaced_text = st.lists(piece, max_size=60).map(" ".join)


@st.composite
def quote_text(draw) -> str:
    """Sentences shaped like reported speech, with marks that may be missing or nested."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        open_, close = draw(st.sampled_from([("«", "»"), ("„", "“"), ("\"", "\""), ("“", "”"),
                                             ("«", ""), ("", "»"), ("«„", "“»")]))
        said = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8)))
        who = " ".join(draw(st.lists(st.sampled_from(FIRST + LAST + ROLES), max_size=3)))
        verb = draw(st.sampled_from(VERBS))
        dash = draw(st.sampled_from(DASHES))
        parts.append(draw(st.sampled_from([
            f"{open_}{said}{close}, {dash} {verb} {who}.",
            f"{who} {verb}: {open_}{said}{close}.",
            f"{who} {verb}, что {said}.",
            f"{open_}{said}, {dash} {verb} {who}, {dash} {said}{close}",
        ])))
    return draw(st.sampled_from(SPACES)).join(parts)


texts = st.one_of(any_text, russian_text, spaced_text, quote_text())

# ---- properties over the whole extractor ----------------------------------------------------

# In CI (CI=true) the examples are derandomized, so a run is repeatable and a new find
# comes from benchmarks/fuzz.py or a local run, not as a flaky red build.
IN_CI = bool(os.environ.get("CI"))
FAST = settings(max_examples=60, deadline=None, database=None, derandomize=IN_CI,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@FAST
@given(text=any_text)
def test_any_unicode_gives_a_valid_record(extractor, text):
    check_record(extractor(text), text)


@FAST
@given(text=russian_text)
def test_russian_pieces_give_a_valid_record(extractor, text):
    check_record(extractor(text), text)


@FAST
@given(text=quote_text())
def test_reported_speech_gives_a_valid_record(extractor, text):
    check_record(extractor(text), text)


@settings(FAST, max_examples=25)
@given(batch=st.lists(texts, min_size=1, max_size=6))
def test_records_do_not_depend_on_the_batch_or_the_run(extractor, batch):
    together = extractor.process([(str(i), t) for i, t in enumerate(batch)])
    assert [d.id for d in together] == [str(i) for i in range(len(batch))]
    for index, (text, doc) in enumerate(zip(batch, together, strict=True)):
        check_record(doc, text)
        alone = extractor(text, id=str(index))
        assert alone.to_dict() == doc.to_dict()


# ---- properties of the segmenter (no models: many more examples) ----------------------------

SEGMENT = settings(max_examples=300, deadline=None, database=None, derandomize=IN_CI)


@SEGMENT
@given(text=texts)
def test_tokens_and_sentences_index_the_original(text):
    sentences, tokens = segment.segment(text)
    previous = 0
    for token in tokens:
        assert previous <= token.start < token.stop <= len(text)
        assert text[token.start:token.stop] == token.text
        assert token.word and token.word.strip() == token.word
        assert token.norm is None or token.norm != token.text
        previous = token.stop
    covered = []
    for number, sentence in enumerate(sentences):
        first, last = sentence.tokens
        assert first < last and text[sentence.start:sentence.stop] == sentence.text
        assert all(t.sentence == number for t in tokens[first:last])
        assert last - first <= segment.MAX_SENTENCE_TOKENS
        covered.extend(range(first, last))
    assert covered == list(range(len(tokens)))


@SEGMENT
@given(text=texts)
def test_the_view_keeps_length_and_lines_up(text):
    seen = segment.view(text)
    assert len(seen) == len(text)


@SEGMENT
@given(word=st.one_of(st.text(ANY_CHAR, min_size=1, max_size=12), russian_text))
@example(word="К\u0300A")  # a stress mark hid the Latin look-alike from the script fix
def test_clean_is_idempotent_and_safe(word):
    once = segment.clean(word)
    assert segment.clean(once) == once
    once.encode("utf-8")


@SEGMENT
@given(text=any_text)
def test_json_survives_any_text(text):
    from extractor import Document, Entity

    doc = Document(text=text, id=text, entities=(Entity(text, 0, len(text), "PER", text),))
    line = doc.to_json()
    line.encode("utf-8")
    assert json.loads(line) == doc.to_dict()
