"""Tokens and sentences: one line per case; every token is exactly its slice of the text."""

import pytest

from extractor.segment import segment


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
