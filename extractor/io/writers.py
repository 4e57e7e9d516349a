"""Output: the records (JSON Lines, CSV or Parquet) and the flat quote and entity tables.

Writers append a batch at a time and flush it, so an interrupted run loses at most the batch
in flight; `resume` repairs a torn last line and says which ids are already written.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .. import errors, tables
from ..records import escape_surrogates
from . import UsageError, need

# Column name → type; nested values (lists, dicts) are stored as JSON text in flat formats.
RECORD = {"id": "str", "text_length": "int", "entities": "json", "clusters": "json",
          "quotes": "json", "error": "str"}
# The flat tables are defined once, in extractor.tables (to_frame uses them too).
QUOTES = tables.QUOTES
ENTITIES = tables.ENTITIES
OUTPUT_FORMATS = ("jsonl", "csv", "tsv", "parquet")
SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv",
            ".tsv": "tsv", ".parquet": "parquet"}
RESUMABLE = ("jsonl", "csv", "tsv")


def quote_rows(record: dict[str, Any], meta: Sequence[str] = ()) -> list[dict[str, Any]]:
    """One flat row per quote of a record (`extractor.tables.QUOTES`)."""
    return tables.rows("quotes", record, meta)


def entity_rows(record: dict[str, Any], meta: Sequence[str] = ()) -> list[dict[str, Any]]:
    """One flat row per entity mention of a record (`extractor.tables.ENTITIES`)."""
    return tables.rows("entities", record, meta)


def format_of(path: str, given: str | None = None, default: str = "jsonl") -> str:
    """The output format: the one asked for, else the file's suffix, else the default."""
    if given:
        return given
    return SUFFIXES.get(Path(path).suffix.lower(), default) if path != "-" else default


class Table:
    """An output file (or stdout) that rows are appended to, a batch at a time."""

    def __init__(self, path: str, format: str, columns: dict[str, str],
                 append: bool = False) -> None:
        self.path, self.format, self.columns = path, format, columns
        self._parquet: Any = None
        self._csv: Any = None
        if format == "parquet":
            self._pa = need("pyarrow", "io", "writing Parquet")
            need("pyarrow.parquet", "io", "writing Parquet")
            self._stream: Any = sys.stdout.buffer if path == "-" else open(path, "wb")
            return
        if path == "-":
            self._stream = sys.stdout
        else:
            self._stream = open(path, "a" if append else "w", encoding="utf-8", newline="")
        if format in ("csv", "tsv"):
            self._csv = csv.writer(self._stream, delimiter="\t" if format == "tsv" else ",",
                                   lineterminator="\n")
            if self._stream is sys.stdout or self._stream.tell() == 0:
                self._csv.writerow(list(columns))

    def write(self, rows: Sequence[dict[str, Any]]) -> None:
        """Append rows and flush them to the file."""
        if self.format == "jsonl":
            self._stream.write("".join(escape_surrogates(json.dumps(row, ensure_ascii=False))
                                       + "\n" for row in rows))
        elif self._csv is not None:
            self._csv.writerows([self._flat(row, name, kind) for name, kind
                                 in self.columns.items()] for row in rows)
        elif rows:
            self._write_parquet(rows)
        self._stream.flush()

    def close(self) -> None:
        """Finish the file (Parquet writes its footer here)."""
        if self._parquet is not None:
            self._parquet.close()
        if self._stream not in (sys.stdout, getattr(sys.stdout, "buffer", None)):
            self._stream.close()
        else:
            self._stream.flush()

    @staticmethod
    def _flat(row: dict[str, Any], name: str, kind: str) -> Any:
        value = row.get(name)
        if value is None:
            return ""
        if kind == "json" or (kind == "meta" and not isinstance(value, str)):
            value = json.dumps(value, ensure_ascii=False)
        return escape_surrogates(value) if isinstance(value, str) else value

    def _write_parquet(self, rows: Sequence[dict[str, Any]]) -> None:
        pa = self._pa
        types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(),
                 "json": pa.string(), "meta": pa.string()}
        schema = pa.schema([(name, types[kind]) for name, kind in self.columns.items()])
        data = {name: [_parquet_value(row.get(name), kind) for row in rows]
                for name, kind in self.columns.items()}
        if self._parquet is None:
            import pyarrow.parquet as parquet

            self._parquet = parquet.ParquetWriter(self._stream, schema)
        self._parquet.write_table(pa.Table.from_pydict(data, schema=schema))


def _escaped(value: Any) -> Any:
    return escape_surrogates(value) if isinstance(value, str) else value


def _parquet_value(value: Any, kind: str) -> Any:
    # A meta field keeps its text as it is; other values (numbers, lists) as JSON text, so
    # one column has one type whatever the documents hold.
    if kind == "json" or (kind == "meta" and value is not None and not isinstance(value, str)):
        return escape_surrogates(json.dumps(value, ensure_ascii=False))
    return _escaped(value)


def check_new(path: str, force: bool, resume: bool) -> None:
    """Refuse to overwrite an existing output unless told to."""
    if path != "-" and Path(path).exists() and not (force or resume):
        raise UsageError(errors.OUTPUT_EXISTS.format(path=path))


def repair(path: str) -> None:
    """Cut a torn last line (a run killed mid-write) so the file ends at a whole line."""
    with open(path, "rb+") as file:
        end = file.seek(0, os.SEEK_END)
        position = end
        while position > 0:
            step = min(position, 1 << 16)
            file.seek(position - step)
            block = file.read(step)
            newline = block.rfind(b"\n")
            if newline >= 0:
                file.truncate(position - step + newline + 1)
                return
            position -= step
        file.truncate(0)


def written_ids(path: str, format: str) -> Counter[str]:
    """The ids of the records an earlier run wrote to this output (after repairing it)."""
    if format not in RESUMABLE:
        raise UsageError(errors.RESUME_FORMAT.format(path=path, format=format))
    if not Path(path).exists():
        return Counter()
    repair(path)
    return Counter(str(row.get("id")) for row in _rows(path, format))


def keep_only(path: str, format: str, ids: Iterable[str]) -> None:
    """Drop the table rows of documents whose record was never written (resume)."""
    if format not in RESUMABLE:
        raise UsageError(errors.RESUME_FORMAT.format(path=path, format=format))
    if not Path(path).exists():
        return
    repair(path)
    keep = set(ids)
    temporary = path + ".resume"
    with open(path, encoding="utf-8", newline="") as source, \
            open(temporary, "w", encoding="utf-8", newline="") as target:
        if format == "jsonl":
            for line in source:
                if str(json.loads(line).get("doc_id")) in keep:
                    target.write(line)
        else:
            delimiter = "\t" if format == "tsv" else ","
            reader = csv.reader(source, delimiter=delimiter)
            writer = csv.writer(target, delimiter=delimiter, lineterminator="\n")
            header = next(reader, None)
            if header is not None:
                writer.writerow(header)
                at = header.index("doc_id")
                writer.writerows(row for row in reader if row[at] in keep)
    os.replace(temporary, path)


def _rows(path: str, format: str) -> Iterable[dict[str, Any]]:
    with open(path, encoding="utf-8", newline="") as file:
        if format == "jsonl":
            for number, line in enumerate(file, 1):
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise UsageError(errors.CORRUPT_OUTPUT.format(
                        path=path, line=number, detail=exc.msg)) from None
        else:
            yield from csv.DictReader(file, delimiter="\t" if format == "tsv" else ",")
