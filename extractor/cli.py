"""The command line: a thin layer over the library. `main(argv) -> int` is testable in-process.

    extractor extract dump/ -o records.jsonl --quotes quotes.csv --workers 2
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import errors
from .corpus import command as people
from .io import UsageError
from .io.run import Settings, Summary, run

if TYPE_CHECKING:
    from .io.outputs import Outputs
    from .io.readers import Options, Source

# Exit statuses (README, "Batch"): 3 an output could not be written (disk full); 130 Ctrl-C,
# 141 stdout closed by its reader (`| head`), 143 SIGTERM, as a shell numbers those signals.
OK, FAILED, USAGE, WRITE_FAILED = 0, 1, 2, 3
INTERRUPTED, BROKEN_PIPE, TERMINATED = 130, 141, 143
INPUT_FORMATS = ("txt", "jsonl", "csv", "tsv", "parquet", "html")


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Terminated(KeyboardInterrupt):
    """SIGTERM: the run ends as after Ctrl-C (what is written stays, --resume continues)."""


@contextlib.contextmanager
def _terminable() -> Iterator[None]:
    """SIGTERM raises `Terminated` in this process for the run (the main thread only)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _quiet_stdout() -> None:
    """After a broken pipe: what is left in stdout's buffer goes to /dev/null, so flushing it
    at exit raises nothing (the Python documentation's advice on SIGPIPE)."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (a test's capture)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _finish(outputs: Outputs, status: int) -> int:
    """Close the outputs; the exit status, changed when closing them fails."""
    try:
        outputs.close()
    except BrokenPipeError:
        _quiet_stdout()
        return BROKEN_PIPE if status in (OK, FAILED) else status
    except errors.OutputFailed as exc:
        if status != WRITE_FAILED:
            print(f"\nextractor: {exc}", file=sys.stderr)
        return WRITE_FAILED
    return status


def _total(sources: list[Source], done: Counter[str]) -> int | None:
    """The documents still to do, when every source can tell its count cheaply."""
    from .io import readers

    counts = [readers.expected(source) for source in sources]
    if not counts or any(n is None for n in counts):
        return None
    return max(0, sum(n for n in counts if n is not None) - sum(done.values()))


class _Progress:
    """A tqdm bar on a terminal (docs/s, chars/s, errors), fed the run's counts after every
    batch; the wall time for the summary."""

    def __init__(self, quiet: bool, total: Callable[[], int | None] = lambda: None) -> None:
        self.start = time.monotonic()
        self.counts = Summary()
        self.bar = None
        self.first: float | None = None
        self.first_chars = 0
        if not quiet and sys.stderr.isatty():
            try:
                from tqdm import tqdm
            except ImportError:  # the bar is a nicety: no extra, no bar
                return
            self.bar = tqdm(unit="doc", file=sys.stderr, dynamic_ncols=True, smoothing=0.1,
                            total=total())

    def update(self, counts: Summary) -> None:
        batch = counts.documents - self.counts.documents
        self.counts = counts
        if self.bar is not None:
            # Characters a second since the first batch, like docs/s: start-up left out.
            now = time.monotonic()
            if self.first is None:
                self.first, self.first_chars = now, counts.chars
            elapsed = now - self.first
            rate = (counts.chars - self.first_chars) / elapsed if elapsed > 0 else 0.0
            self.bar.set_postfix_str(f"{rate:,.0f} chars/s, {counts.errors} errors",
                                     refresh=False)
            self.bar.update(batch)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()

    def summary(self, counts: Summary) -> str:
        seconds = time.monotonic() - self.start
        return errors.SUMMARY.format(
            documents=counts.documents, quotes=counts.quotes, entities=counts.entities,
            errors=counts.errors, seconds=seconds, rate=counts.documents / max(seconds, 1e-9),
            skipped=f"; {counts.skipped} already written, skipped" if counts.skipped else "")


def _check(args: argparse.Namespace) -> None:
    for option, value in (("--workers", args.workers), ("--batch-size", args.batch_size),
                          ("--max-chars", args.max_chars)):
        if value < 1:
            raise UsageError(errors.BAD_OPTION.format(option=option, detail="must be ≥ 1"))
    if args.encoding:
        try:
            codecs.lookup(args.encoding)
        except LookupError:
            raise UsageError(errors.BAD_OPTION.format(
                option="--encoding", detail=f"unknown encoding {args.encoding!r}")) from None
    if args.scheduler and args.engine != "dask":
        raise UsageError(errors.BAD_OPTION.format(option="--scheduler",
                                                  detail="needs --engine dask"))


def cmd_extract(args: argparse.Namespace) -> int:
    from .io import readers
    from .io.outputs import of_args

    options = readers.Options(text_field=args.text_field, id_field=args.id_field,
                              encoding=args.encoding, max_chars=args.max_chars,
                              input_format=args.input_format)
    try:
        _check(args)
        sources = readers.sources(args.inputs, options, args.glob)
        people.check_option(args)
        outputs = of_args(args, [s.path for s in sources if s.path is not None])
    except UsageError as exc:
        print(f"extractor: {exc}", file=sys.stderr)
        return USAGE
    try:
        return _extract(args, options, sources, outputs)
    finally:
        outputs.unlock()


def _settings(args: argparse.Namespace, outputs: Outputs) -> Settings:
    return Settings(workers=args.workers, batch_size=args.batch_size,
                    quotes=not args.no_quotes, engine=args.engine, scheduler=args.scheduler,
                    keep_text=outputs.style.keep_text)


def _extract(args: argparse.Namespace, options: Options, sources: list[Source],
             outputs: Outputs) -> int:
    from .io import readers

    items = (item for source in sources for item in readers.read(source, options))
    try:
        outputs.open(append=args.resume)
    except OSError as exc:
        with contextlib.suppress(OSError):
            outputs.close()
        print(f"extractor: {exc}", file=sys.stderr)
        return USAGE
    progress = _Progress(args.quiet, lambda: _total(sources, outputs.done))
    status, summary = OK, Summary()
    try:
        with _terminable():
            summary = run(items, outputs.write, _settings(args, outputs), done=outputs.done,
                          progress=progress.update)
    except UsageError as exc:  # an optional dependency found missing mid-run
        print(f"\nextractor: {exc}", file=sys.stderr)
        status = USAGE
    except KeyboardInterrupt as exc:
        stopped = errors.TERMINATED if isinstance(exc, Terminated) else errors.INTERRUPTED
        print(f"\nextractor: {stopped.format(documents=progress.counts.documents)}",
              file=sys.stderr)
        status = TERMINATED if isinstance(exc, Terminated) else INTERRUPTED
    except BrokenPipeError:  # the reader of stdout went away (`| head`): a quiet end
        _quiet_stdout()
        status = BROKEN_PIPE
    except errors.OutputFailed as exc:  # disk full
        print(f"\nextractor: {exc}", file=sys.stderr)
        status = WRITE_FAILED
    finally:
        progress.close()
        status = _finish(outputs, status)
    if status == OK:
        status = _report(args, progress, summary)
    return status


def _report(args: argparse.Namespace, progress: _Progress, summary: Summary) -> int:
    """After a run that ended well: the people table (`--people`), the summary, the status."""
    status = people.after_extract(args) or (FAILED if summary.errors else OK)
    if not args.quiet:
        print(f"extractor: {progress.summary(summary)}", file=sys.stderr)
    if summary.errors:  # exit status 1 says why, even when quiet
        print("extractor: " + errors.SOME_FAILED.format(errors=summary.errors,
                                                        documents=summary.documents),
              file=sys.stderr)
    return status


def cmd_demo(args: argparse.Namespace) -> int:
    from .display import table
    from .pipeline import shared

    paths = sorted(Path(args.folder).glob("*.txt"))
    if not paths:
        print(f"extractor: no .txt files in {args.folder}", file=sys.stderr)
        return USAGE
    pairs = [(p.name, p.read_text(encoding="utf-8")) for p in paths]
    for doc in shared().pipe(pairs):
        print(table(doc))
    return OK


def parser() -> argparse.ArgumentParser:
    from .io import writers

    root = argparse.ArgumentParser(prog="extractor", description=DESCRIPTION,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    from . import __version__
    root.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = root.add_subparsers(dest="command", required=True)
    ex = sub.add_parser(
        "extract", help="documents in (files, folders, stdin), one record per document out",
        description="Extract entities and quotes from many documents. Inputs: .txt (one "
                    "document a file), .jsonl/.ndjson, .csv/.tsv, .parquet, .html/.htm, "
                    "optionally .gz/.bz2/.xz/.zst compressed. Exit status: 0 all documents "
                    "processed, 1 some got error records, 2 usage error, 3 an output could "
                    "not be written (disk full), 130 interrupted (Ctrl-C), 141 stdout closed "
                    "(a broken pipe), 143 terminated (SIGTERM).")
    ex.add_argument("inputs", nargs="+", metavar="INPUT",
                    help="files or folders (read recursively), - for stdin")
    ex.add_argument("-o", "--output", default="-", help="the records (default: stdout)")
    ex.add_argument("--format", choices=("jsonl", "csv", "tsv", "parquet"),
                    help="of the records (default: from the output's suffix, else jsonl)")
    ex.add_argument("--quotes", metavar="FILE",
                    help="also a table of quotes, one row a quote (.csv, .tsv, .jsonl, .parquet)")
    ex.add_argument("--entities", metavar="FILE",
                    help="also a table of entity mentions, one row a mention")
    ex.add_argument("--glob", help="which files of a folder to read, e.g. '*.txt' "
                                   "(default: every file of a known format)")
    ex.add_argument("--input-format", choices=INPUT_FORMATS,
                    help="read every input as this format (default: from the suffix; "
                         "stdin: jsonl)")
    ex.add_argument("--text-field", default="text",
                    help="JSONL/CSV/Parquet text field (default: text)")
    ex.add_argument("--id-field", default="id",
                    help="JSONL/CSV/Parquet id field (default: id; absent: FILE:LINE)")
    ex.add_argument("--encoding", help="of the inputs (default: detected)")
    ex.add_argument("--max-chars", type=int, default=1_000_000,
                    help="longer documents get an error record (default: 1000000)")
    ex.add_argument("--workers", type=int, default=_cpus(),
                    help="processes, each with its own models (default: the CPU count)")
    ex.add_argument("--batch-size", type=int, default=32, help="documents a batch (default: 32)")
    ex.add_argument("--engine", choices=("local", "dask"), default="local",
                    help="run on local processes or a Dask cluster (default: local)")
    ex.add_argument("--scheduler", metavar="ADDRESS",
                    help="Dask scheduler (default: a LocalCluster of --workers processes)")
    ex.add_argument("--no-quotes", action="store_true", help="entities only (faster)")
    ex.add_argument("--resume", action="store_true",
                    help="continue an interrupted run: skip the ids already in the output")
    ex.add_argument("--force", action="store_true", help="overwrite existing outputs")
    ex.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary")
    writers.add_options(ex)
    people.add_option(ex)
    ex.set_defaults(run=cmd_extract)
    demo = sub.add_parser("demo", help="print the quotes and people of the bundled seed documents")
    demo.add_argument("folder", help="a folder of .txt files, e.g. seeds/")
    demo.set_defaults(run=cmd_demo)
    people.add_parser(sub)
    return root


DESCRIPTION = """\
Who is mentioned and who said what in Russian text: people, organizations and places,
their normal forms, and quotes attributed to their speakers.

    extractor extract dump/ -o records.jsonl --quotes quotes.csv --workers 2
    extractor people records.jsonl -o people.csv
    extractor demo

`extractor COMMAND --help` lists a command's options."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 some documents failed, 2 usage,
    3 an output could not be written, 130 Ctrl-C, 141 broken pipe, 143 SIGTERM)."""
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and USAGE
    status: int = args.run(args)
    return status
