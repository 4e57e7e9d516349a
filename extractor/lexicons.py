"""One loader for the data files in `models/`: one entry per line, `#` starts a comment.

Installed, `models/` is the package `extractor.models`; in a source checkout (run from the
repository, the source tree shadowing any installed copy) it is the folder beside
`extractor/`. A lexicon that cannot be found is a broken installation: `errors.BrokenInstall`,
never a document's error.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from . import errors

SOURCE_MODELS = Path(__file__).resolve().parent.parent / "models"


@cache
def directory() -> Traversable:
    """Where the lexicons are: the installed `extractor.models`, else a checkout's `models/`."""
    try:
        installed = files("extractor.models")
        if installed.joinpath("SOURCES.md").is_file():
            return installed
    except ModuleNotFoundError:  # the source tree shadows the install: no mapped models/
        pass
    if (SOURCE_MODELS / "SOURCES.md").is_file():
        return SOURCE_MODELS
    raise errors.BrokenInstall(errors.BROKEN_INSTALL.format(detail=errors.NO_MODELS.format(
        places=f"the package extractor.models and {SOURCE_MODELS}")))


def check() -> None:
    """Raise `errors.BrokenInstall` unless the lexicons can be found."""
    directory()


@cache
def lines(name: str) -> tuple[str, ...]:
    """Entries of `models/<name>.txt`, comments and blank lines removed, order kept."""
    place = directory()
    try:
        text = place.joinpath(f"{name}.txt").read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        raise errors.BrokenInstall(errors.BROKEN_INSTALL.format(
            detail=errors.NO_LEXICON.format(name=name, place=place))) from None
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
