"""The outputs of a batch run: the records and the optional quote and entity tables, written
a batch at a time, as `run` hands them over (`Outputs.write`).

    >>> outputs = Outputs("records.jsonl", quotes="quotes.csv")  # doctest: +SKIP
    >>> outputs.open(append=False)                                # doctest: +SKIP
    >>> summary = run(items, outputs.write, settings)             # doctest: +SKIP
    >>> outputs.close(); outputs.unlock()                         # doctest: +SKIP

The policy lives here: no output is an input or another output, at most one goes to stdout,
an existing file is overwritten only when forced, one run at a time writes them (a lock),
and a resumed run first drops the table rows whose record was never written.
"""

from __future__ import annotations

import functools
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from .. import errors, tables
from . import UsageError, writers
from .run import Record


class _Side(NamedTuple):
    """A table beside the records: its file, format, columns, the rows of one record."""

    path: str
    format: str
    columns: dict[str, str]
    rows: Callable[[Record], list[Record]]
    table: str  # `quotes` or `entities`


class Outputs:
    """The record output (`records`, a path or `-` for stdout, in `format` or the one its
    suffix names) and the optional `quotes` and `entities` tables. Checked, locked and, with
    `resume`, repaired when made; `others` are further outputs of the run (`--people`) that
    may not be inputs either. `done` counts the ids already written (for `run`)."""

    def __init__(self, records: str = "-", *, format: str | None = None,
                 quotes: str | None = None, entities: str | None = None,
                 style: writers.Style | None = None, force: bool = False,
                 resume: bool = False, inputs: Sequence[Path] = (),
                 others: Iterable[str | None] = ()) -> None:
        self.style = style = style or writers.Style()
        self.main = (records, writers.format_of(records, format, records=True))
        self.sides = [
            _Side(path, writers.format_of(path, default="csv"), tables.columns(table, style.meta),
                  functools.partial(tables.rows, table, meta=style.meta), table)
            for path, table in ((quotes, "quotes"), (entities, "entities")) if path]
        paths = [self.main[0]] + [side.path for side in self.sides]
        if paths.count("-") > 1:
            raise UsageError(errors.STDOUT_TWICE)
        files = [Path(p).resolve() for p in paths if p != "-"]
        for path in files:
            if files.count(path) > 1:
                raise UsageError(errors.SAME_OUTPUT.format(path=path))
        not_inputs([*paths, *others], inputs)
        if resume and "-" in paths:
            raise UsageError(errors.RESUME_STDOUT)
        for name in paths:
            writers.check_new(name, force, resume)
        # One run at a time on an output: the records' file (or the first table's).
        owned = [name for name in paths if name != "-"]
        self.lock = writers.Lock(owned[0]) if owned else None
        self.tables: list[writers.Table] = []
        self.done: Counter[str] = Counter()
        if self.lock is not None:
            self.lock.acquire()
        try:
            if resume:
                self._resume()
        except BaseException:
            self.unlock()
            raise

    def _resume(self) -> None:
        sanitize = self.style.sanitize
        self.done = writers.written_ids(*self.main, sanitize=sanitize)
        for side in self.sides:
            rows = writers.written_rows(*self.main, side.table, sanitize=sanitize)
            writers.keep_only(side.path, side.format, rows, sanitize=sanitize,
                              columns=side.columns, table=side.table, main=self.main[0])

    def unlock(self) -> None:
        """Let another run write these outputs."""
        if self.lock is not None:
            self.lock.release()

    def open(self, append: bool) -> None:
        for side in self.sides:
            self.tables.append(writers.Table(side.path, side.format, side.columns, append,
                                             self.style))
        self.tables.append(writers.Table(*self.main, writers.RECORD, append, self.style))

    def write(self, records: list[Record]) -> None:
        # Table rows first: after a crash, rows without a record are dropped by --resume.
        for table, side in zip(self.tables, self.sides, strict=False):
            table.write([row for record in records for row in side.rows(record)])
        self.tables[-1].write(records)

    def close(self) -> None:
        """Close every table, even after one fails; the first failure is raised."""
        failure: OSError | None = None
        for table in self.tables:
            try:
                table.close()
            except OSError as exc:
                failure = failure or exc
        if failure is not None:
            raise failure


def not_inputs(paths: Iterable[str | None], inputs: Sequence[Path]) -> None:
    """Refuse an output that is one of the input files (through any symlink or hard link)."""
    given = [path for path in paths if path and path != "-"]
    if not given or not inputs:
        return
    resolved = {path.resolve() for path in inputs}
    for path in given:
        target = Path(path)
        if target.resolve() in resolved or (target.exists() and any(
                _same_file(target, source) for source in inputs)):
            raise UsageError(errors.OUTPUT_IS_INPUT.format(path=path))


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def of_args(args: Any, inputs: Sequence[Path] = ()) -> Outputs:
    """The outputs `extractor extract` was asked for (`-o`, `--format`, `--quotes`,
    `--entities`, `--force`, `--resume`, `--people` and `writers.add_options`)."""
    return Outputs(args.output, format=args.format, quotes=args.quotes,
                   entities=args.entities, style=writers.Style.of(args), force=args.force,
                   resume=args.resume, inputs=inputs, others=[getattr(args, "people", None)])
