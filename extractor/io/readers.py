"""Input: files, directories and stdin in every supported format, as a stream of (id, text).

A document that cannot be read still yields one item: its id and an `errors.Problem` where the
text should be, so the batch writes an error record for it and goes on.
"""

from __future__ import annotations

import bz2
import codecs
import contextlib
import csv
import errno
import gzip
import io
import json
import logging
import lzma
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .. import errors
from . import UsageError, need

Item = tuple[str, Any]  # (id, text or errors.Problem)


class WithMeta(tuple[str, Any]):
    """An (id, text) item that also carries the input's other fields as `meta` (JSON Lines
    keys, CSV/Parquet columns, an HTML page's title, date, author, url, sitename)."""

    meta: dict[str, Any]


def with_meta(item: Item, fields: dict[str, Any], options: Options | None = None) -> Item:
    """The item with the fields other than the id and the text, as JSON-safe values."""
    skip = (options.id_field, options.text_field) if options else ()
    meta = {str(k): _plain(v) for k, v in fields.items() if k not in skip}
    if not meta:
        return item
    carrier = WithMeta(item)
    carrier.meta = meta
    return carrier


def _plain(value: Any) -> Any:
    # Parquet gives dates, decimals and bytes: the records are JSON, so they become text.
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    iso = getattr(value, "isoformat", None)
    return iso() if callable(iso) else str(value)

FORMATS = {
    ".txt": "txt", ".text": "txt", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv",
    ".tsv": "tsv", ".parquet": "parquet", ".html": "html", ".htm": "html",
}
COMPRESSIONS = {".gz": "gz", ".bz2": "bz2", ".xz": "xz", ".zst": "zst"}
# Magic numbers win over suffixes, so stdin and misnamed files decompress too.
MAGIC = ((b"\x1f\x8b", "gz"), (b"BZh", "bz2"), (b"\xfd7zXZ\x00", "xz"),
         (b"\x28\xb5\x2f\xfd", "zst"))
# Encodings charset-normalizer may choose from; on a tie the earlier wins (a short cp1251
# text scores as well as mac_cyrillic, which nobody uses for news).
CANDIDATES = ("utf_8", "cp1251", "koi8_r", "koi8_u", "cp866", "iso8859_5", "mac_cyrillic",
              "utf_16", "utf_32", "cp1252")
SAMPLE = 1 << 20  # bytes read to choose the encoding of a line-oriented file
# Memory is bounded by --max-chars, never by the input: a whole-file document is read up to
# 4 bytes a character (UTF-8), a line (JSON Lines, CSV) up to 6 bytes a character (JSON's
# \uXXXX escapes) plus LINE_ROOM for its other fields; neither beyond READ_CAP, whatever
# --max-chars says. Reads go CHUNK bytes at a time (a read size never follows an option).
READ_CAP = 1 << 28
LINE_ROOM = 1 << 20
CHUNK = 1 << 20
META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.I)


@dataclass(frozen=True)
class Options:
    """How to read: fields of structured formats, the encoding override, the size limit."""

    text_field: str = "text"
    id_field: str = "id"
    encoding: str | None = None
    max_chars: int = 1_000_000
    input_format: str | None = None


@dataclass(frozen=True)
class Source:
    """One input file (or stdin when `path` is None) and how to read it."""

    path: Path | None
    name: str  # the id prefix: the path relative to the argument that named it
    format: str


def split_suffix(name: str) -> tuple[str | None, str | None]:
    """(format, compression) told by a file name, e.g. `a.jsonl.gz` → ("jsonl", "gz")."""
    suffixes = [s.lower() for s in Path(name).suffixes]
    compression = COMPRESSIONS.get(suffixes[-1]) if suffixes else None
    if compression:
        suffixes = suffixes[:-1]
    return (FORMATS.get(suffixes[-1]) if suffixes else None), compression


def sources(arguments: Iterable[str], options: Options, glob: str | None = None
            ) -> list[Source]:
    """Every input file named by the arguments (directories recursively, sorted); usage errors
    for paths that do not exist, empty directories and files of no known format."""
    found: list[Source] = []
    for argument in arguments:
        if argument == "-":
            found.append(Source(None, "stdin", options.input_format or "jsonl"))
            continue
        path = Path(argument)
        if path.is_dir():
            members = sorted(p for p in path.rglob(glob or "*") if p.is_file() or _looping(p))
            # A symlink loop is read (and fails) as text when its name tells no format.
            chosen = [(p, options.input_format or split_suffix(p.name)[0]
                       or ("txt" if _looping(p) else None)) for p in members]
            known = [(p, f) for p, f in chosen if f]
            if not known:
                raise UsageError(errors.NO_FILES.format(path=argument, glob=glob or "*"))
            found += [Source(p, p.relative_to(path).as_posix(), f) for p, f in known]
        elif path.is_file():
            format = options.input_format or split_suffix(path.name)[0]
            if format is None:
                raise UsageError(errors.UNKNOWN_FORMAT.format(
                    path=argument, formats=", ".join(sorted(set(FORMATS.values())))))
            found.append(Source(path, path.name, format))
        else:
            raise UsageError(errors.NO_INPUT.format(path=argument))
    return found


def _looping(path: Path) -> bool:
    """Whether a path is a symlink that never reaches a file (a loop): an error record, not
    silence."""
    if not path.is_symlink():
        return False
    try:
        path.stat()
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


COUNT_CHUNK = 1 << 20


def expected(source: Source) -> int | None:
    """How many documents a source holds, when that is cheap to know without reading them
    (for a progress bar's total): one for a text or HTML file, the lines of a plain JSON
    Lines file, the rows of a Parquet file; None for stdin, archives and tables whose
    quoted cells may hold line breaks."""
    if source.path is None:
        return None
    try:
        if source.format in ("txt", "html"):
            return 1
        with open(source.path, "rb") as file:
            head = file.read(8)
            if any(head.startswith(magic) for magic, _ in MAGIC):
                return None
            if source.format == "parquet":
                import pyarrow.parquet as parquet

                rows: int = parquet.ParquetFile(source.path).metadata.num_rows
                return rows
            if source.format != "jsonl":
                return None
            file.seek(0)
            lines, last = 0, b"\n"
            while chunk := file.read(COUNT_CHUNK):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
            return lines + (last != b"\n")
    except Exception:  # the count is a nicety; reading reports the file's real trouble
        return None


def read(source: Source, options: Options) -> Iterator[Item]:
    """The documents of one source, in order; a failure of the file itself is one error item."""
    reader = READERS[source.format]
    try:
        with contextlib.ExitStack() as stack:
            raw: Any = sys.stdin.buffer if source.path is None \
                else stack.enter_context(open(source.path, "rb"))
            stream = decompressed(raw)
            if source.path is not None:  # stdin stays open: it is not ours
                stack.enter_context(stream)
            salvage = None
            if source.format in LINE_FORMATS and stream is not raw:
                # A truncated archive: the lines before the break are read; the break itself
                # is one error record (below), not the loss of the whole file.
                salvage = _Salvaging(stream)
                stream = io.BufferedReader(salvage)
            yield from reader(stream, source, options)
            if salvage is not None and salvage.error is not None:
                raise salvage.error
    except UsageError:
        raise
    except Exception as exc:  # a truncated archive, a vanished file: one record says so
        detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
        yield source.name, errors.Problem(errors.READ_FAILED.format(source=source.name,
                                                                    detail=detail))


def read_all(arguments: Iterable[str], options: Options, glob: str | None = None
             ) -> Iterator[Item]:
    """Every document of every input, in argument order."""
    for source in sources(arguments, options, glob):
        yield from read(source, options)


# ---- bytes: files, stdin, decompression -----------------------------------------------------

def decompressed(raw: Any) -> IO[bytes]:
    """The bytes of a stream, decompressed when its first bytes say it is compressed."""
    if not hasattr(raw, "peek"):
        raw = io.BufferedReader(raw)
    head = raw.peek(8)[:8]
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return _decompress(raw, kind)
    plain: IO[bytes] = raw
    return plain


def _decompress(raw: IO[bytes], kind: str) -> IO[bytes]:
    if kind == "gz":
        return gzip.GzipFile(fileobj=raw)  # type: ignore[return-value]
    if kind == "bz2":
        return bz2.BZ2File(raw)
    if kind == "xz":
        return lzma.LZMAFile(raw)
    zstandard = need("zstandard", "io", "reading .zst files")
    reader = zstandard.ZstdDecompressor().stream_reader(raw, closefd=False)
    return io.BufferedReader(reader)


LINE_FORMATS = ("jsonl", "csv", "tsv")


class _Salvaging(io.RawIOBase):
    """A decompressed stream that ends, instead of raising, where its data breaks (a truncated
    or corrupt archive): what came before stays readable; `error` says what broke."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self.error: Exception | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.error is not None:
            return 0
        try:
            # read1: one decompression step, so nothing decompressed is lost to the error.
            read = getattr(self._stream, "read1", self._stream.read)
            data = read(len(buffer))
        except (EOFError, OSError, ValueError, lzma.LZMAError, zlib.error) as exc:
            self.error = exc
            return 0
        buffer[:len(data)] = data
        return len(data)


def broken(stream: Any) -> bool:
    """Whether a stream read by `_Salvaging` has met its break (it has ended early)."""
    raw = getattr(stream, "raw", None)
    return isinstance(raw, _Salvaging) and raw.error is not None


class _Prefixed(io.RawIOBase):
    """A stream with bytes already read put back in front (we sniff, then read on)."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if len(self._head):
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


# ---- text: encodings -----------------------------------------------------------------------

def detect(data: bytes, complete: bool = True) -> str | None:
    """The encoding of these bytes (BOM, then UTF-8, then charset-normalizer), or None."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                      (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return name
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A sample may cut the last character in two.
        if not complete and exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"
    charset_normalizer = need("charset_normalizer", "io", "detecting encodings")
    matches = list(charset_normalizer.from_bytes(data, cp_isolation=list(CANDIDATES)))
    if not matches:
        return None
    best = min(m.chaos for m in matches)
    close = [m for m in matches if m.chaos <= best + 0.05]
    close.sort(key=lambda m: CANDIDATES.index(m.encoding) if m.encoding in CANDIDATES else 99)
    encoding: str = close[0].encoding
    return encoding


def decode(data: bytes, source: str, encoding: str | None) -> str | errors.Problem:
    """Text of a whole document: the given encoding, or the detected one."""
    encoding = encoding or detect(data)
    if encoding is None:
        return errors.Problem(errors.DECODE.format(source=source, detail="unknown encoding"))
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        return errors.Problem(errors.DECODE.format(source=source, detail=str(exc)[:200]))


def file_limit(options: Options) -> int:
    """The most bytes read of a whole-file document (txt, html)."""
    return min(options.max_chars * 4, READ_CAP)


def line_limit(options: Options) -> int:
    """The most bytes read of one line of JSON Lines or CSV."""
    return min(options.max_chars * 6 + LINE_ROOM, READ_CAP)


def _read_limited(stream: IO[bytes], options: Options) -> bytes | None:
    """The whole stream, or None when it cannot fit in --max-chars (4 bytes a character)."""
    limit = file_limit(options)
    parts, size = [], 0
    while size <= limit:
        part = stream.read(min(CHUNK, limit + 1 - size))
        if not part:
            break
        parts.append(part)
        size += len(part)
    return None if size > limit else b"".join(parts)


class Overlong(int):
    """Stands for a line longer than `line_limit`, skipped unread: its length in bytes (of a
    CSV row over many lines: `row`, the bytes read before it was skipped)."""

    row = False


def _bounded(stream: Any, limit: int, newline: Any, torn: Any = None) -> Iterator[Any]:
    """The lines of a stream (bytes or text), each an `Overlong` when longer than `limit`:
    such a line is read to its end CHUNK at a time and dropped. `torn()`: whether a last
    line without its newline was cut off by a broken archive (it is then left out)."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if line.endswith(newline) or len(line) <= limit:
            if not line.endswith(newline) and torn is not None and torn():
                return
            yield line
            continue
        size = len(line)
        while True:
            rest = stream.readline(CHUNK)
            size += len(rest)
            if not rest or rest.endswith(newline):
                break
        if not rest and torn is not None and torn():
            return
        yield Overlong(size)


def _checked(id: str, text: Any, options: Options) -> Item:
    if isinstance(text, str) and not isinstance(text, errors.Problem) \
            and len(text) > options.max_chars:
        return id, errors.Problem(errors.TOO_LONG.format(length=len(text),
                                                         limit=options.max_chars))
    return id, text


def _lines(stream: IO[bytes], options: Options) -> tuple[str, Iterator[bytes | Overlong]]:
    """The encoding of a line-oriented stream (from its first MiB) and its byte lines."""
    head = stream.read(SAMPLE)
    complete = len(head) < SAMPLE and not broken(stream)
    encoding = options.encoding or detect(head, complete=complete) or "utf-8"
    limit = line_limit(options)
    if encoding.replace("_", "-").lower() in ("utf-16", "utf-32"):
        # Wide encodings do not split on b"\n": decode the stream as a whole.
        text = io.TextIOWrapper(io.BufferedReader(_Prefixed(head, stream)), encoding=encoding)
        return "utf-8", (line if isinstance(line, Overlong) else line.encode("utf-8")
                         for line in _bounded(text, limit // 4, "\n"))
    return encoding, _bounded(io.BufferedReader(_Prefixed(head, stream)), limit, b"\n",
                              lambda: broken(stream))


# ---- formats -------------------------------------------------------------------------------

def _too_large(source: Source, options: Options) -> Item:
    """The error record of a file read no further: it cannot fit under --max-chars."""
    return source.name, errors.Problem(errors.TOO_LARGE.format(
        limit=options.max_chars, size=f"over {file_limit(options)}"))


def _overlong(id: str, line: Overlong, options: Options) -> Item:
    """The error record of a line skipped unread: it cannot fit under --max-chars."""
    return id, errors.Problem(errors.TOO_LARGE.format(limit=options.max_chars,
                                                      size=f"a row of over {int(line)}"
                                                      if line.row else f"a line of {int(line)}"))


def read_txt(stream: IO[bytes], source: Source, options: Options) -> Iterator[Item]:
    """One document: the whole file."""
    data = _read_limited(stream, options)
    if data is None:
        yield _too_large(source, options)
        return
    yield _checked(source.name, decode(data, source.name, options.encoding), options)


def read_jsonl(stream: IO[bytes], source: Source, options: Options) -> Iterator[Item]:
    """One document per line: an object with the text field and, optionally, the id field."""
    encoding, lines = _lines(stream, options)
    for number, raw in enumerate(lines, 1):
        fallback = f"{source.name}:{number}"
        if isinstance(raw, Overlong):
            yield _overlong(fallback, raw, options)
            continue
        try:
            line = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            yield fallback, errors.Problem(errors.DECODE.format(source=fallback, detail=exc))
            continue
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            yield fallback, errors.Problem(errors.BAD_JSON.format(line=number, detail=exc.msg))
            continue
        if not isinstance(data, dict):
            yield fallback, errors.Problem(errors.NO_TEXT_FIELD.format(
                line=number, field=options.text_field))
            continue
        id = data.get(options.id_field)
        id = fallback if id is None else str(id)
        text = data.get(options.text_field)
        if not isinstance(text, str):
            yield id, errors.Problem(errors.NO_TEXT_FIELD.format(line=number,
                                                                 field=options.text_field))
            continue
        yield with_meta(_checked(id, text, options), data, options)


class _CsvLines:
    """The text lines of a CSV stream for `csv.reader`, bounded a row at a time, and what went
    wrong on which line (`broken`: not in the encoding; `overlong`: over the limit), for the
    row that line belongs to. `row_start` is the line the row being read starts at (csv reads
    no line ahead); the reader sets it after every row."""

    def __init__(self, lines: Iterator[bytes | Overlong], encoding: str, limit: int) -> None:
        self.lines, self.encoding, self.limit = lines, encoding, limit
        self.broken: set[int] = set()
        self.overlong: dict[int, Overlong] = {}
        self.row_start = 1

    def __iter__(self) -> Iterator[str]:
        # A quoted field over many short lines is bounded too: past `limit` bytes in one row,
        # its lines are dropped up to the one that closes the quotes, which becomes `"\n`
        # (the field closes, the row ends and gets the error record). Lines stay numbered:
        # a dropped line is fed as "", which adds nothing.
        start, size, inside, skipping = 0, 0, False, False
        for number, raw in enumerate(self.lines, 1):
            if start != self.row_start:
                start, size, inside = self.row_start, 0, False
            if isinstance(raw, Overlong):
                self.overlong[number] = raw  # its row gets the error record
                yield "" if skipping else "\n"
                continue
            try:
                line = raw.decode(self.encoding)
            except UnicodeDecodeError:
                self.broken.add(number)
                line = raw.decode(self.encoding, errors="replace")
            inside ^= line.count('"') % 2 == 1
            if skipping:
                skipping = inside
                yield "" if inside else '"\n'
                continue
            size += len(raw)
            if size > self.limit and inside:
                self.overlong[number] = Overlong(size)
                self.overlong[number].row = skipping = True
                yield ""
                continue
            yield line


def read_csv(stream: IO[bytes], source: Source, options: Options) -> Iterator[Item]:
    """One document per row; the first row names the columns."""
    encoding, lines = _lines(stream, options)
    limit = line_limit(options)
    text = _CsvLines(lines, encoding, limit)
    # A backstop: csv's own limit, above what `_CsvLines` lets through.
    csv.field_size_limit(2 * limit + CHUNK)
    rows = csv.reader(text, delimiter="\t" if source.format == "tsv" else ",")
    header: list[str] | None = None
    last_line = 0
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            fallback = f"{source.name}:{last_line + 1}"
            last_line = rows.line_num
            text.row_start = last_line + 1
            yield fallback, errors.Problem(errors.BAD_CSV.format(source=fallback, detail=exc))
            continue
        first, last_line = last_line + 1, rows.line_num
        text.row_start = last_line + 1
        if header is None:
            header = row
            if options.text_field not in header:
                yield source.name, errors.Problem(errors.NO_COLUMN.format(
                    source=source.name, field=options.text_field, columns=", ".join(header)))
                return
            text_at = header.index(options.text_field)
            id_at = header.index(options.id_field) if options.id_field in header else None
            continue
        item = _csv_item(row, range(first, last_line + 1), header, (text_at, id_at), text,
                         source, options)
        if item is not None:
            yield item


def _csv_item(row: list[str], lines: range, header: list[str], at: tuple[int, int | None],
              text: _CsvLines, source: Source, options: Options) -> Item | None:
    """The item of a row read from `lines` (None for an empty row); `at`: where the text
    and the id columns are."""
    text_at, id_at = at
    first = lines.start
    fallback = f"{source.name}:{first}"
    long = [text.overlong.pop(n) for n in lines if n in text.overlong]
    if long:
        return _overlong(fallback, long[0], options)
    if not row:
        return None
    id = row[id_at] if id_at is not None and id_at < len(row) and row[id_at] else fallback
    if text.broken & set(lines):
        return id, errors.Problem(errors.DECODE.format(source=fallback,
                                                       detail=f"not {text.encoding}"))
    if text_at >= len(row):
        return id, errors.Problem(errors.NO_TEXT_FIELD.format(line=first,
                                                              field=options.text_field))
    fields = dict(zip(header, row, strict=False))  # a short row: its columns only
    return with_meta(_checked(id, row[text_at], options), fields, options)


def read_parquet(stream: IO[bytes], source: Source, options: Options) -> Iterator[Item]:
    """One document per row, read a record batch at a time."""
    parquet = need("pyarrow.parquet", "io", "reading Parquet")
    plain = isinstance(stream, io.BufferedReader) and isinstance(stream.raw, io.FileIO) \
        and source.path is not None
    # Parquet needs to seek: a compressed or piped one is read into memory first.
    table = parquet.ParquetFile(source.path if plain else io.BytesIO(stream.read()))
    columns = table.schema_arrow.names
    if options.text_field not in columns:
        yield source.name, errors.Problem(errors.NO_COLUMN.format(
            source=source.name, field=options.text_field, columns=", ".join(columns)))
        return
    number = 0
    for batch in table.iter_batches(batch_size=1024):  # every column: the others are meta
        for row in batch.to_pylist():
            number += 1
            id, text = row.get(options.id_field), row.get(options.text_field)
            id = f"{source.name}:{number}" if id is None else str(id)
            if not isinstance(text, str):
                yield id, errors.Problem(errors.NO_TEXT_FIELD.format(line=number,
                                                                     field=options.text_field))
            else:
                yield with_meta(_checked(id, text, options), row, options)


def read_html(stream: IO[bytes], source: Source, options: Options) -> Iterator[Item]:
    """One document: the page's title and main text, without menus, scripts and footers."""
    data = _read_limited(stream, options)
    if data is None:
        yield _too_large(source, options)
        return
    encoding = options.encoding
    if encoding is None:
        declared = META_CHARSET.search(data[:4096])
        if declared:
            name = declared.group(1).decode("ascii", "replace")
            try:
                data.decode(name)
                encoding = name
            except (UnicodeDecodeError, LookupError):
                pass  # a wrong declaration: detect instead
    html = decode(data, source.name, encoding)
    if isinstance(html, errors.Problem):
        yield source.name, html
        return
    text, meta = page(html, source.name)
    yield with_meta(_checked(source.name, text, options), meta)


PAGE_META = ("title", "date", "author", "url", "sitename")


def main_text(html: str, source: str = "html") -> str | errors.Problem:
    """The title and main text of an HTML page (trafilatura), paragraphs on their own lines."""
    return page(html, source)[0]


def page(html: str, source: str = "html") -> tuple[str | errors.Problem, dict[str, Any]]:
    """The main text of an HTML page and what trafilatura found of its `PAGE_META`."""
    trafilatura = need("trafilatura", "io", "reading HTML")
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                       include_tables=True, include_links=False)
    body = (getattr(found, "text", None) or "").strip() if found is not None else ""
    meta = {name: getattr(found, name, None) for name in PAGE_META}
    meta = {name: value for name, value in meta.items() if value}
    if not body:
        return errors.Problem(errors.NO_MAIN_TEXT.format(source=source)), meta
    title = (getattr(found, "title", None) or "").strip()
    if title and not body.startswith(title):
        return f"{title}\n\n{body}", meta
    return body, meta


READERS = {"txt": read_txt, "jsonl": read_jsonl, "csv": read_csv, "tsv": read_csv,
           "parquet": read_parquet, "html": read_html}
