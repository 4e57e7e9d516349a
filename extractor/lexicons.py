"""One loader for the data files in `models/`: one entry per line, `#` starts a comment."""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def lines(name: str) -> tuple[str, ...]:
    """Entries of `models/<name>.txt`, comments and blank lines removed, order kept."""
    text = files("extractor.models").joinpath(f"{name}.txt").read_text(encoding="utf-8")
    result = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            result.append(line)
    return tuple(result)


@cache
def lexicon(name: str) -> frozenset[str]:
    """Entries of `models/<name>.txt` as a lowercase set."""
    return frozenset(line.lower() for line in lines(name))


@cache
def table(name: str) -> dict[str, str]:
    """`key<TAB>value` lines of `models/<name>.txt` as a dict (first occurrence wins)."""
    result: dict[str, str] = {}
    for line in lines(name):
        key, _, value = line.partition("\t")
        result.setdefault(key.strip(), value.strip())
    return result
