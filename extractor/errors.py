"""One catalogue of the error messages a user can see, so they stay consistent and clear."""

from __future__ import annotations

from typing import Any

NOT_TEXT = "input is not text: expected str, got {type}"
DECODE = "cannot decode {source}: {detail}"
TOO_LONG = "document has {length} characters, over the limit of {limit} (--max-chars)"
BAD_JSON = "line {line}: not valid JSON: {detail}"
NO_TEXT_FIELD = "line {line}: no text field {field!r}"
INTERNAL = "internal error in {stage}: {type}: {detail}"


class Problem(str):
    """An error message standing where a document's text should be (a reader's failure)."""


def check_text(text: Any) -> str | None:
    """Why this input cannot be processed, or None when it can."""
    if not isinstance(text, str):
        return NOT_TEXT.format(type=type(text).__name__)
    return None


def describe(exc: BaseException) -> str:
    """A one-line message for an exception raised while processing one document."""
    frame = exc.__traceback__
    stage = "extractor"
    while frame is not None:
        module = frame.tb_frame.f_globals.get("__name__", "")
        if module.startswith("extractor."):
            stage = module
        frame = frame.tb_next
    detail = str(exc).splitlines()[0][:200] if str(exc) else ""
    return INTERNAL.format(stage=stage, type=type(exc).__name__, detail=detail)
