"""Person names in context, one phenomenon a line (tests/fixtures/names_golden.txt): the
bracketed name is one PER entity, and its normal form is the nominative."""

from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "fixtures" / "names_golden.txt"


def _cases():
    cases = []
    for number, line in enumerate(GOLDEN.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        known_miss = line.startswith("xfail ")
        text, _, normal = line.removeprefix("xfail ").partition(" => ")
        marks = [pytest.mark.xfail(strict=True, reason="known miss")] if known_miss else []
        cases.append(pytest.param(text, normal.strip(), marks=marks, id=f"line{number}"))
    return cases


def _fold(text: str) -> str:
    return text.replace("ё", "е").replace("Ё", "Е")


@pytest.mark.parametrize(("marked", "normal"), _cases())
def test_golden_name(extractor, marked, normal):
    start = marked.index("[")
    stop = marked.index("]") - 1
    text = marked.replace("[", "").replace("]", "")
    persons = [(e.text, _fold(e.normal or "")) for e in extractor(text).entities
               if e.type == "PER" and e.start < stop and start < e.stop]
    assert persons == [(text[start:stop], _fold(normal))]
