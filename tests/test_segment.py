"""Tokens and sentences: one line per case; every token is exactly its slice of the text."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.segment import segment, tokenize


def words(text: str) -> list[str]:
    _, tokens = segment(text)
    assert all(text[t.start:t.stop] == t.text for t in tokens)
    return [t.text for t in tokens]


@pytest.mark.parametrize("text, expected", [
    # words glued by scraping come apart
    ("в регионахЭкономика", ["в", "регионах", "Экономика"]),
    ("онлайнРБК сообщил", ["онлайн", "РБК", "сообщил"]),
    # an apostrophe inside a name keeps it whole
    ("Фил О’Рейли", ["Фил", "О’Рейли"]),
    ("Валери Жискар д’Эстен", ["Валери", "Жискар", "д’Эстен"]),
    ("Билл О'Райли", ["Билл", "О'Райли"]),
    # ...but quotes around a word stay apart
    ("он сказал 'Да'", ["он", "сказал", "'", "Да", "'"]),
])
def test_tokens(text, expected):
    assert words(text) == expected


def test_line_breaks_end_sentences():
    sentences, _ = segment("Политика\nРоссия предложила США мир")
    assert [s.text for s in sentences] == ["Политика", "Россия предложила США мир"]


def razdel_tokens(text: str) -> list[tuple[int, int]]:
    import razdel

    return [(t.start, t.stop) for t in razdel.tokenize(text)]


@pytest.mark.parametrize("text", [
    "кто-то -то из-за", "3.14 5,5 5, 5 1/2 2\\3 т.е. США.", "под_черк _x 1_2",
    "yahoo! Yahoo!! ура!", ":) ;-) ?! ... -- *** !!!", "ΔP mβж ЛІГАБізнес", "1-2 a-b —", "«Да»,—",
])
def test_tokenize_gives_razdels_tokens(text):
    # the touching atoms no rule joins part without asking razdel's rules; the rest ask them
    assert list(tokenize(text)) == razdel_tokens(text)


ATOMS = ["слово", "Москва", "word", "12", "3", ".", ",", "-", "—", "_", "/", "\\", "!", "?",
         ":", ")", "(", "«", "»", "*", "…", "І", "Δ", "yahoo", " ", " ", "\n"]


@given(st.lists(st.sampled_from(ATOMS), max_size=30))
@settings(max_examples=300, deadline=None)
def test_tokenize_gives_razdels_tokens_on_any_mix(parts):
    text = "".join(parts)
    assert list(tokenize(text)) == razdel_tokens(text)
