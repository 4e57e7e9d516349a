"""One catalogue of the error messages a user can see, so they stay consistent and clear."""

from __future__ import annotations

import errno
from typing import Any

NOT_TEXT = "input is not text: expected str, got {type}"
DECODE = "cannot decode {source}: {detail}"
TOO_LONG = "document has {length} characters, over the limit of {limit} (--max-chars)"
BAD_JSON = "line {line}: not valid JSON: {detail}"
NO_TEXT_FIELD = "line {line}: no text field {field!r} (choose the field with --text-field)"
INTERNAL = "internal error in {stage}: {type}: {detail}"

# The batch tool (extractor/cli.py, extractor/io/, extractor/dask.py).
TOO_LARGE = "document is over the limit of {limit} characters (--max-chars): {size} bytes"
NO_MAIN_TEXT = "{source}: no main text found in the HTML"
NO_COLUMN = ("{source}: no column {field!r} (columns: {columns}; choose them with "
             "--text-field/--id-field)")
READ_FAILED = "cannot read {source}: {detail}"
BAD_CSV = "{source}: malformed CSV: {detail}"
MISSING_EXTRA = "{feature} needs {module} ({detail}): pip install 'extractor-ru[{extra}]'"
NO_INPUT = "no such file or directory: {path}"
NO_FILES = "no input files in {path} (matching {glob})"
UNKNOWN_FORMAT = "cannot tell the format of {path}: use --input-format ({formats})"
OUTPUT_EXISTS = "{path} exists: use --force to overwrite it or --resume to continue it"
RESUME_FORMAT = "cannot resume {path}: a {format} output cannot be continued (use jsonl or csv)"
RESUME_STDOUT = "--resume needs output files, not stdout"
STDOUT_TWICE = "only one output can go to stdout (-)"
OUTPUT_IS_INPUT = ("{path} is an input of this run: an output never overwrites an input, whatever "
                   "--force or --resume say (choose another output file)")
NOT_A_TABLE = ("cannot resume {path}: it does not start with the header of a {table} table, so "
               "it is not one this tool wrote (choose another file, or remove it)")
LOCKED = ("{path} is being written by another run ({owner}; lock file {lock}): wait for it to "
          "end, or write to another file")
MISSING_ROWS = ("cannot resume {path}: the records already in {main} have {missing} rows that "
                "this {table} table lacks (a table added on --resume?): start over with "
                "--force, or resume without it")
CORRUPT_TABLE = "cannot resume {path}: line {line} is not a row of the {table} table ({detail})"
NO_LOCK = "cannot create the lock file {lock}: {detail} (the output's folder must be writable)"
SAME_OUTPUT = "{path} is named twice: the records and each table need a file of their own"
CORRUPT_OUTPUT = "cannot resume {path}: line {line} is not a record ({detail})"
BAD_OPTION = "{option}: {detail}"
WORKER_DIED = "a worker process died on this document (killed, out of memory or crashed)"
WORKERS_KEEP_DYING = ("worker processes died {deaths} times in a row without finishing a batch "
                      "(out of memory? killed?): stopping")
WORKER_START = "a worker process could not start: {detail}"
BROKEN_INSTALL = ("extractor is not installed correctly: {detail}. Reinstall the package "
                  "(pip install --force-reinstall), or run `pip install -e .` in a source "
                  "checkout")
NO_MODELS = "the lexicons in models/ were not found (looked for {places})"
NO_LEXICON = "lexicon {name!r} is missing from {place}"
SOME_FAILED = "{errors} of {documents} documents failed: their records have \"error\" set"
DISK_FULL = ("cannot write {path}: no space left on device. Free some space, then rerun with "
             "--resume to continue")
WRITE_FAILED = "cannot write {path}: {detail}"
TERMINATED = "terminated after {documents} documents: rerun with --resume to continue"
INTERRUPTED = "interrupted after {documents} documents: rerun with --resume to continue"
SUMMARY = ("{documents} documents, {quotes} quotes, {entities} entities, {errors} errors "
           "in {seconds:.1f} s ({rate:.1f} docs/s){skipped}")


class StartupError(RuntimeError):
    """The run cannot start or go on at all (no worker can start): not one document's fault."""


class BrokenInstall(StartupError):
    """A model or lexicon of the package cannot be loaded: the installation is broken."""


class OutputFailed(OSError):
    """An output could not be written (disk full, quota, I/O error): the run stops."""

    def __init__(self, path: str, cause: OSError) -> None:
        full = cause.errno in (errno.ENOSPC, errno.EDQUOT)
        message = DISK_FULL.format(path=path) if full else WRITE_FAILED.format(
            path=path, detail=cause.strerror or cause)
        super().__init__(cause.errno, message)
        self.message = message

    def __str__(self) -> str:
        return self.message


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
