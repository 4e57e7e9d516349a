"""`extractor people` and `extractor extract --people`: the corpus tables from written records.

    extractor people records.jsonl.gz -o people.csv --mentions mentions.csv --quotes quotes.csv
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from .. import errors
from ..io import UsageError
from . import MENTIONS, PEOPLE, QUOTES, link_files

OK, USAGE = 0, 2


def add_parser(sub: Any) -> None:
    """The `people` subcommand."""
    people = sub.add_parser(
        "people", help="link the clusters of written records into corpus entities",
        description="One row per person, organization and place across the records (their "
                    "names, variants, roles, counts and dates), from records `extractor "
                    "extract` wrote (.jsonl, optionally compressed; .csv, .tsv, .parquet). "
                    "Reads the records twice; never reruns the NLP.")
    people.add_argument("records", nargs="+", metavar="RECORDS", help="record files")
    people.add_argument("-o", "--output", default="-",
                        help="the people table (.csv, .tsv, .jsonl, .parquet; default: stdout)")
    people.add_argument("--mentions", metavar="FILE",
                        help="also one row per entity mention, with its corpus_id")
    people.add_argument("--quotes", metavar="FILE",
                        help="also one row per quote, with the speaker's person_id")
    people.add_argument("--force", action="store_true", help="overwrite existing outputs")
    people.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary")
    people.set_defaults(run=run)


def add_option(extract: Any) -> None:
    """`extract --people FILE`."""
    extract.add_argument("--people", metavar="FILE",
                         help="at the end, also the people table of the records written "
                              "(needs -o FILE; `extractor people` gives mentions and quotes)")


def check_option(args: argparse.Namespace) -> None:
    """`extract --people` needs the records in a file, to read them back."""
    if args.people is None:
        return
    if args.output == "-":
        raise UsageError(errors.BAD_OPTION.format(option="--people",
                                                  detail="needs the records in a file (-o)"))
    _check_outputs([args.people], [args.output], args.force or args.resume)


def after_extract(args: argparse.Namespace) -> int:
    """The people table of the records `extract` just wrote."""
    if args.people is None:
        return OK
    return tables([args.output], args.people, None, None, args.quiet, stage="people")


def run(args: argparse.Namespace) -> int:
    try:
        missing = [p for p in args.records if not Path(p).is_file()]
        if missing:
            raise UsageError(errors.NO_INPUT.format(path=missing[0]))
        _check_outputs([args.output, args.mentions, args.quotes], args.records, args.force)
    except UsageError as exc:
        print(f"extractor: {exc}", file=sys.stderr)
        return USAGE
    return tables(args.records, args.output, args.mentions, args.quotes, args.quiet)


def _check_outputs(paths: Sequence[str | None], inputs: Sequence[str], force: bool) -> None:
    from ..io import writers

    given = [p for p in paths if p]
    if given.count("-") > 1:
        raise UsageError(errors.STDOUT_TWICE)
    files = [Path(p).resolve() for p in given if p != "-"]
    sources = {Path(p).resolve() for p in inputs}
    for path in files:
        if files.count(path) > 1 or path in sources:
            raise UsageError(errors.SAME_OUTPUT.format(path=path))
    for name in given:
        writers.check_new(name, force, False)


def tables(records: Sequence[str], people: str, mentions: str | None, quotes: str | None,
           quiet: bool, stage: str = "") -> int:
    """Link the records in the files and write the tables; the exit status."""
    from ..io import writers

    started = time.monotonic()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = link_files(records, progress=_progress(quiet, "linking"))
    sides = [(path, columns, rows) for path, columns, rows in (
        (mentions, MENTIONS, corpus.mention_rows), (quotes, QUOTES, corpus.quote_rows)) if path]
    opened = [writers.Table(path, writers.format_of(path, default="csv"), columns)
              for path, columns, _ in sides]
    try:
        if sides:
            for record in _progress(quiet, "tables")(corpus.records()):
                for table, (_, _, rows) in zip(opened, sides, strict=True):
                    table.write(list(rows([record])))
        table = writers.Table(people, writers.format_of(people, default="csv"), PEOPLE)
        opened.append(table)
        table.write(list(corpus.rows("people")))
    finally:
        for table in opened:
            table.close()
    for warning in caught:
        print(f"extractor: warning: {warning.message}", file=sys.stderr)
    if not quiet:
        counts = {t: sum(e.type == t for e in corpus.entities) for t in ("PER", "ORG", "LOC")}
        print(f"extractor: {stage + ': ' if stage else ''}{corpus.summary.records} records → "
              f"{counts['PER']} people, {counts['ORG']} organizations, {counts['LOC']} places "
              f"in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return OK


def _progress(quiet: bool, label: str) -> Callable[[Iterable[Any]], Iterable[Any]]:
    """A tqdm bar over the records on a terminal (the bar is a nicety: no tqdm, no bar)."""
    def wrap(items: Iterable[Any]) -> Iterable[Any]:
        if quiet or not sys.stderr.isatty():
            return items
        try:
            from tqdm import tqdm
        except ImportError:
            return items
        bar: Iterable[Any] = tqdm(items, desc=label, unit="rec", file=sys.stderr,
                                  dynamic_ncols=True)
        return bar

    return wrap
