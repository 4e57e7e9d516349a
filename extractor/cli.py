"""The command line: a thin layer over the library. `main(argv) -> int` is testable in-process."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from . import errors

OK, FAILED, USAGE = 0, 1, 2


def read_jsonl(path: str) -> Iterator[tuple[Any, Any]]:
    """(id, text) pairs of a JSON Lines file; a broken line yields (id, error message)."""
    stream = sys.stdin if path == "-" else open(path, encoding="utf-8", errors="surrogateescape")
    with stream:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            fallback = f"{path}:{number}"
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                yield fallback, errors.Problem(errors.BAD_JSON.format(line=number, detail=exc.msg))
                continue
            if not isinstance(data, dict) or not isinstance(data.get("text"), str):
                yield (data.get("id", fallback) if isinstance(data, dict) else fallback,
                       errors.Problem(errors.NO_TEXT_FIELD.format(line=number, field="text")))
                continue
            yield data.get("id", fallback), data["text"]


def cmd_extract(args: argparse.Namespace) -> int:
    from .pipeline import Extractor
    from .records import Document

    extractor = Extractor()
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    failed = 0
    pending: list[tuple[Any, Any]] = []

    def flush() -> None:
        nonlocal failed
        good = [(i, t) for i, t in pending if not isinstance(t, errors.Problem)]
        docs = iter(extractor.process(good))
        for id, text in pending:
            doc = Document(text="", id=id, error=str(text)) \
                if isinstance(text, errors.Problem) else next(docs)
            failed += doc.error is not None
            out.write(doc.to_json() + "\n")
        out.flush()
        pending.clear()

    with contextlib.nullcontext() if out is sys.stdout else out:
        for path in args.inputs:
            for id, text in read_jsonl(path):
                pending.append((id, text))
                if len(pending) >= args.batch_size:
                    flush()
        flush()
    return FAILED if failed else OK


def cmd_demo(args: argparse.Namespace) -> int:
    from .display import table
    from .pipeline import Extractor

    paths = sorted(Path(args.folder).glob("*.txt"))
    if not paths:
        print(f"extractor: no .txt files in {args.folder}", file=sys.stderr)
        return USAGE
    pairs = [(p.name, p.read_text(encoding="utf-8")) for p in paths]
    for doc in Extractor().pipe(pairs):
        print(table(doc))
    return OK


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="extractor", description=__doc__)
    sub = root.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="JSON Lines {id, text} in, one record per line out")
    ex.add_argument("inputs", nargs="+", help="input .jsonl files, - for stdin")
    ex.add_argument("-o", "--output", default="-", help="output .jsonl, - for stdout")
    ex.add_argument("--batch-size", type=int, default=32)
    ex.set_defaults(run=cmd_extract)
    demo = sub.add_parser("demo", help="print the quotes and people of the bundled seed documents")
    demo.add_argument("folder", help="a folder of .txt files, e.g. seeds/")
    demo.set_defaults(run=cmd_demo)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 some documents failed, 2 usage)."""
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and USAGE
    return args.run(args)
