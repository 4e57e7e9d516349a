"""Readers and writers for the batch tool (formats, compression, encodings)."""

from __future__ import annotations

import importlib
from types import ModuleType

from .. import errors


class UsageError(Exception):
    """A mistake in how the tool was called: reported with exit status 2, nothing processed."""


def need(module: str, extra: str, feature: str) -> ModuleType:
    """Import an optional dependency, or fail with the line that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise UsageError(errors.MISSING_EXTRA.format(
            feature=feature, module=module, extra=extra, detail=exc)) from None
