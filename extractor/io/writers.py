"""Output: the records (JSON Lines, CSV or Parquet) and the flat quote and entity tables.

Writers append a batch at a time and flush it, so an interrupted run loses at most the batch
in flight; `resume` repairs a torn last line and says which ids are already written.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import sys
import tempfile
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import errors, tables
from ..records import escape_surrogates
from . import UsageError, need

# Column name → type; nested values (lists, dicts) are stored as JSON text in flat formats.
RECORD = {"id": "str", "text_length": "int", "entities": "json", "clusters": "json",
          "quotes": "json", "error": "str"}
OUTPUT_FORMATS = ("jsonl", "csv", "tsv", "parquet", "xlsx")
SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv",
            ".tsv": "tsv", ".parquet": "parquet", ".xlsx": "xlsx"}
RESUMABLE = ("jsonl", "csv", "tsv")
# A spreadsheet reads a cell starting with one of these as a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_CELL = 32_767  # the most characters an Excel cell holds
OUTPUT_SUFFIX = ("cannot write {path}: unknown output suffix {suffix!r} (known: {known}; or give "
                 "--format)")
XLSX_RECORDS = ("cannot write the records to {path}: a document's entities and quotes overflow "
                "a spreadsheet cell; write them as .jsonl, .csv or .parquet and use .xlsx for "
                "--quotes or --entities")


@dataclass(frozen=True)
class Style:
    """How the outputs are written: the meta fields added to the tables, the analysed text
    kept in the records, formula cells neutralized, CSV for Excel."""

    meta: tuple[str, ...] = ()
    keep_text: bool = False
    sanitize: bool = True
    excel: bool = False

    @classmethod
    def of(cls, args: Any) -> Style:
        """The style the command line asked for (`add_options`)."""
        meta = tuple(name.strip() for name in (getattr(args, "meta", None) or "").split(",")
                     if name.strip())
        for name in meta:
            try:
                tables.columns("quotes", [name])
                tables.columns("entities", [name])
            except ValueError as exc:
                raise UsageError(f"--meta: {exc}") from None
        return cls(meta=meta, keep_text=bool(getattr(args, "keep_text", False)),
                   sanitize=not getattr(args, "no_sanitize", False),
                   excel=bool(getattr(args, "excel", False)))


def add_options(parser: Any) -> None:
    """The command line's output options (read back with `Style.of`)."""
    parser.add_argument("--meta", metavar="FIELDS",
                        help="input fields to add as columns of the --quotes and --entities "
                             "tables, comma-separated, e.g. date,url (default: none)")
    parser.add_argument("--keep-text", action="store_true",
                        help="put the analysed text into each record (the offsets index it)")
    parser.add_argument("--excel", action="store_true",
                        help="CSV for Excel: UTF-8 with a BOM, ';' between cells, as a "
                             "Russian-locale Excel opens it (default: plain UTF-8, ',')")
    parser.add_argument("--no-sanitize", action="store_true",
                        help="write CSV/TSV cells that start with = + - @ as they are "
                             "(default: a leading ' stops spreadsheets running them as formulas)")


def neutralize(value: Any) -> Any:
    """A cell a spreadsheet shows as text: `'` before a leading formula character, and before a
    leading `'` too (a spreadsheet hides one), so `restore` gives the value back exactly."""
    if isinstance(value, str) and value[:1] in (*FORMULA_START, "'"):
        return "'" + value
    return value


def restore(value: str) -> str:
    """The value `neutralize` was given."""
    return value[1:] if value.startswith("'") else value


def format_of(path: str, given: str | None = None, default: str = "jsonl",
              records: bool = False) -> str:
    """The output format: the one asked for, else the file's suffix, else the default. An
    unknown suffix is refused rather than guessed; records do not go into a spreadsheet (a
    document's entities overflow an Excel cell)."""
    if given:
        return given
    suffix = Path(path).suffix.lower() if path != "-" else ""
    if suffix and suffix not in SUFFIXES:
        raise UsageError(OUTPUT_SUFFIX.format(path=path, suffix=suffix, known=", ".join(
            sorted(SUFFIXES))))
    format = SUFFIXES.get(suffix, default)
    if format == "xlsx" and records:
        raise UsageError(XLSX_RECORDS.format(path=path))
    return format


class Table:
    """An output file (or stdout) that rows are appended to, a batch at a time."""

    def __init__(self, path: str, format: str, columns: dict[str, str],
                 append: bool = False, style: Style = Style()) -> None:
        self.path, self.format, self.columns, self.style = path, format, columns, style
        self._parquet: Any = None
        self._csv: Any = None
        self._xlsx: Any = None
        if format == "xlsx":
            self._open_xlsx()
            return
        if format == "parquet":
            self._pa = need("pyarrow", "io", "writing Parquet")
            need("pyarrow.parquet", "io", "writing Parquet")
            self._stream: Any = sys.stdout.buffer if path == "-" else open(path, "wb")
            return
        flat = format in ("csv", "tsv")
        if path == "-":
            self._stream = sys.stdout
        else:
            # The BOM starts a file, never the middle of a resumed one.
            bom = flat and style.excel and not (append and _size(path))
            self._stream = open(path, "a" if append else "w", newline="",
                                encoding="utf-8-sig" if bom else "utf-8")
        if flat:
            self._csv = csv.writer(self._stream, delimiter=_delimiter(format, style.excel),
                                   lineterminator="\n")
            if self._stream is sys.stdout or self._stream.tell() == 0:
                self._csv.writerow(list(columns))

    def write(self, rows: Sequence[dict[str, Any]]) -> None:
        """Append rows and flush them to the file; `errors.OutputFailed` when it cannot be
        written (a closed pipe stays a BrokenPipeError: the reader went away)."""
        with self._failing():
            self._write(rows)

    def close(self) -> None:
        """Finish the file (Parquet writes its footer here)."""
        with self._failing():
            self._close()

    @contextlib.contextmanager
    def _failing(self) -> Iterator[None]:
        try:
            yield
        except BrokenPipeError:
            raise
        except errors.OutputFailed:
            raise
        except OSError as exc:
            raise errors.OutputFailed("stdout" if self.path == "-" else self.path,
                                      exc) from exc

    def _write(self, rows: Sequence[dict[str, Any]]) -> None:
        if self.format == "jsonl":
            self._stream.write("".join(escape_surrogates(json.dumps(row, ensure_ascii=False))
                                       + "\n" for row in rows))
        elif self._csv is not None:
            clean = neutralize if self.style.sanitize else _same
            number = _comma if self.style.excel else _same
            self._csv.writerows([clean(number(self._flat(row, name, kind))) for name, kind
                                 in self.columns.items()] for row in rows)
        elif self._xlsx is not None:
            for row in rows:
                self._sheet.append([self._cell(row, name, kind)
                                    for name, kind in self.columns.items()])
            return  # a workbook is written whole when it is closed
        elif rows:
            self._write_parquet(rows)
        self._stream.flush()

    def _close(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
        if self._xlsx is not None:
            self._xlsx.save(sys.stdout.buffer if self.path == "-" else self.path)
            return
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

    def _open_xlsx(self) -> None:
        openpyxl = need("openpyxl", "xlsx", "writing .xlsx")
        self._xlsx = openpyxl.Workbook(write_only=True)
        self._sheet = self._xlsx.create_sheet(Path(self.path).stem[:31] or "table")
        self._sheet.append(list(self.columns))
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        self._cell_type, self._illegal = WriteOnlyCell, ILLEGAL_CHARACTERS_RE

    def _cell(self, row: dict[str, Any], name: str, kind: str) -> Any:
        value = self._flat(row, name, kind)
        if not isinstance(value, str):
            return value
        # Control characters cannot be stored in the file; a longer cell would not open.
        value = self._illegal.sub("\ufffd", value)
        if len(value) > XLSX_CELL:
            value = value[:XLSX_CELL - 1] + "…"
        cell = self._cell_type(self._sheet, value=value)
        cell.data_type = "s"  # text, always: never a formula, whatever it starts with
        return cell

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


def _same(value: Any) -> Any:
    return value


def _comma(value: Any) -> Any:
    # The Russian locale's decimal mark: Excel would read 0.9 as a date or as text.
    return repr(value).replace(".", ",") if isinstance(value, float) else value


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _delimiter(format: str, excel: bool = False) -> str:
    # A Russian-locale Excel splits CSV cells on ';' (its list separator), not ','.
    return "\t" if format == "tsv" else ";" if excel else ","


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


class Lock:
    """An exclusive lock on an output, held in `PATH.lock` (flock, released when the process
    ends however it ends; the file holds the owner's pid, for the message of a second run)."""

    def __init__(self, path: str) -> None:
        self.output, self.path = path, path + ".lock"
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, or raise UsageError saying who holds it."""
        try:
            import fcntl
        except ImportError:  # not on a POSIX system: no lock
            return
        if os.path.exists(self.output) and not os.path.isfile(self.output):
            return  # a device or a pipe (/dev/null): nothing to guard, no place for a lock
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise UsageError(errors.NO_LOCK.format(
                    lock=self.path, detail=exc.strerror or exc)) from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                owner = os.read(fd, 64).decode("ascii", "replace").strip()
                os.close(fd)
                raise UsageError(errors.LOCKED.format(
                    path=self.output, lock=self.path,
                    owner=f"process {owner}" if owner.isdigit() else "another process")
                ) from None
            except BaseException:
                os.close(fd)
                raise
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)  # its owner removed the file as we took it: take the new one
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        self._fd = fd

    def release(self) -> None:
        """Remove the lock file and let the lock go."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        os.close(self._fd)  # closing the descriptor releases the flock
        self._fd = None


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


def key(id: Any) -> str:
    """An id as every output holds it (lone surrogates escaped), for matching on resume."""
    return escape_surrogates(str(id))


def written_ids(path: str, format: str, sanitize: bool = True) -> Counter[str]:
    """The ids (`key`) of the records an earlier run wrote to this output (after repairing
    it); `sanitize`: the run neutralized formula cells, so ids are restored first."""
    if format not in RESUMABLE:
        raise UsageError(errors.RESUME_FORMAT.format(path=path, format=format))
    if not Path(path).exists():
        return Counter()
    repair(path)
    back = restore if sanitize and format != "jsonl" else _same
    return Counter(key(back(str(row.get("id")))) for row in _rows(path, format))


def written_rows(path: str, format: str, table: str, sanitize: bool = True) -> Counter[str]:
    """How many rows of a table (`quotes`, `entities`) the records already written to this
    output gave, by id (`key`): the rows a resumed table keeps."""
    counts: Counter[str] = Counter()
    if not Path(path).exists():
        return counts
    back = restore if sanitize and format != "jsonl" else _same
    for number, row in enumerate(_rows(path, format), 1):
        found = row.get(table) or ()
        try:
            if isinstance(found, str):  # a CSV cell: JSON text
                found = json.loads(back(found))
            counts[key(back(str(row.get("id"))))] += len(found)
        except (ValueError, TypeError) as exc:
            raise UsageError(errors.CORRUPT_OUTPUT.format(path=path, line=number,
                                                          detail=exc)) from None
    return counts


def keep_only(path: str, format: str, ids: Iterable[str], sanitize: bool = True,
              columns: Iterable[str] | None = None, table: str = "table",
              main: str = "the records") -> None:
    """Drop the table rows of documents whose record was never written (resume). `ids`: the
    ids to keep, or a Counter of how many rows of each (`written_rows`), then the first that
    many of each id are kept (a repeated id's later rows had no record yet) and a table
    holding fewer is refused. With `columns`, a file that does not start with that header is
    refused, not rewritten."""
    if format not in RESUMABLE:
        raise UsageError(errors.RESUME_FORMAT.format(path=path, format=format))
    counted = isinstance(ids, Counter)
    left = Counter(ids) if counted else None
    if not Path(path).exists() or (counted and not _size(path)):
        if left is not None and left.total():
            raise UsageError(errors.MISSING_ROWS.format(path=path, main=main, table=table,
                                                        missing=left.total()))
        return
    repair(path)
    if columns is not None and not _has_header(path, format, list(columns)):
        raise UsageError(errors.NOT_A_TABLE.format(path=path, table=table))
    keep = set(ids)
    encoding, delimiter = _dialect(path, format)
    back = restore if sanitize else _same

    def kept(id: str) -> bool:
        if left is None:
            return id in keep
        if left[id] > 0:
            left[id] -= 1
            return True
        return False

    # A unique name next to the table: a user's own file is never overwritten.
    folder, name = os.path.split(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".resume", dir=folder)
    try:
        with open(path, encoding=encoding, newline="") as source, \
                open(handle, "w", encoding=encoding, newline="") as target:
            if format == "jsonl":
                for number, line in enumerate(source, 1):
                    if not line.strip():
                        continue
                    try:
                        id = key(json.loads(line)["doc_id"])
                    except (ValueError, TypeError, KeyError) as exc:
                        raise UsageError(errors.CORRUPT_TABLE.format(
                            path=path, line=number, table=table,
                            detail=f"{type(exc).__name__}: {exc}"[:200])) from None
                    if kept(id):
                        target.write(line)
            else:
                reader = csv.reader(source, delimiter=delimiter)
                writer = csv.writer(target, delimiter=delimiter, lineterminator="\n")
                header = next(reader, None)
                if header is not None:
                    writer.writerow(header)
                    at = header.index("doc_id")
                    for row in reader:
                        if not row:  # a blank line holds no row
                            continue
                        if at >= len(row):
                            raise UsageError(errors.CORRUPT_TABLE.format(
                                path=path, line=reader.line_num, table=table,
                                detail="no doc_id"))
                        if kept(key(back(row[at]))):
                            writer.writerow(row)
        missing = left.total() if left is not None else 0
        if missing:
            raise UsageError(errors.MISSING_ROWS.format(path=path, main=main, table=table,
                                                        missing=missing))
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _has_header(path: str, format: str, columns: list[str]) -> bool:
    """Whether a table starts as one with these columns would (an empty file does)."""
    encoding, delimiter = _dialect(path, format)
    with open(path, encoding=encoding, newline="") as file:
        first = file.readline()
    if not first.strip():
        return not first
    if format == "jsonl":
        try:
            row = json.loads(first)
        except json.JSONDecodeError:
            return False
        return isinstance(row, dict) and set(row) == set(columns)
    return next(csv.reader([first], delimiter=delimiter), []) == columns


def _dialect(path: str, format: str) -> tuple[str, str]:
    """The encoding and delimiter of a table written earlier (plain, or for Excel)."""
    with open(path, "rb") as file:
        head = file.readline()
    bom = head.startswith(b"\xef\xbb\xbf")
    delimiter = _delimiter(format, format == "csv" and b";" in head and b"," not in head)
    return ("utf-8-sig" if bom else "utf-8"), delimiter


def _rows(path: str, format: str) -> Iterable[dict[str, Any]]:
    encoding, delimiter = _dialect(path, format)
    with open(path, encoding=encoding, newline="") as file:
        if format == "jsonl":
            for number, line in enumerate(file, 1):
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise UsageError(errors.CORRUPT_OUTPUT.format(
                        path=path, line=number, detail=exc.msg)) from None
        else:
            yield from csv.DictReader(file, delimiter=delimiter)


class Carry:
    """What stays in this process while a document is extracted elsewhere: the input's other
    fields (`meta`) and, with `--keep-text`, the text; put back on each record, in order
    (every item yields exactly one record, and records come back in input order)."""

    def __init__(self, keep_text: bool = False) -> None:
        self.keep_text = keep_text
        self._waiting: deque[tuple[dict[str, Any] | None, str | None]] = deque()

    def items(self, items: Iterable[tuple[str, Any]]) -> Iterator[tuple[str, Any]]:
        """(id, text) pairs for the engine; what they carried waits here."""
        for item in items:
            id, text = item[0], item[1]
            keep = self.keep_text and isinstance(text, str) and not isinstance(
                text, errors.Problem)
            self._waiting.append((getattr(item, "meta", None), text if keep else None))
            yield id, text

    def records(self, records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """The records with their meta and text back."""
        out = []
        for record in records:
            meta, text = self._waiting.popleft()
            if meta:
                record = {**record, "meta": meta}
            if text is not None:
                record = {**record, "text": text}
            out.append(record)
        return out
