"""Cost against document length: a 1 MB document should cost about 10× a 100 KB one.

    .venv/bin/python benchmarks/linearity.py [DATA] [--sizes 100000,1000000] [--kinds news,...]

Each (kind, size) runs in a fresh process, so the peak-memory figure is that document's
own: the growth of the process's maximum resident size during the one call, after the
models are loaded and warmed up. Kinds are ordinary news (FactRuEval dev texts, repeated)
and the shapes that break naive code: no punctuation, a forest of quote marks, thousands of
short quotes, one huge token, hard-wrapped lines, a quote that is never closed.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def news(data: Path) -> str:
    """Real article text: the FactRuEval dev texts, or the bundled seeds without the data."""
    files = sorted((data / "factru" / "devset").glob("*.txt")) or sorted(
        (ROOT / "seeds").glob("*.txt"))
    return "\n\n".join(f.read_text(encoding="utf-8") for f in files)


def make(kind: str, size: int, data: Path) -> str:
    """A document of `kind`, `size` characters long."""
    corpus = news(data)
    if kind == "news":
        base = corpus
    elif kind == "no_punct":
        base = " ".join(re.findall(r"\w+", corpus))
    elif kind == "open_marks":
        base = " ".join("«" + w for w in re.findall(r"\w+", corpus))
    elif kind == "short_quotes":
        sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", corpus) if 20 < len(s) < 200]
        base = " ".join(f"«{s[:-1]}», — сказал Иван Петров." for s in sentences)
    elif kind == "one_token":
        base = "а"
    elif kind == "lines":
        base = "\n".join(re.findall(r"\w+ \w+ \w+", corpus.lower()))
    elif kind == "unclosed":
        return ("«" + corpus.replace("»", "").replace("«", "") * (size // len(corpus) + 1))[:size]
    else:
        raise SystemExit(f"unknown kind {kind!r}")
    return (base * (size // len(base) + 1))[:size]


def one(kind: str, size: int, data: Path) -> dict:
    """Time and peak memory of extracting one document (run in its own process)."""
    from extractor import Extractor

    extractor = Extractor()
    text = make(kind, size, data)
    extractor(news(data)[:5_000])  # warm-up: lazy models and caches
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    began, cpu = time.perf_counter(), time.process_time()
    doc = extractor(text)
    # CPU time is the cost; wall time also counts other processes on a busy machine.
    seconds, wall = time.process_time() - cpu, time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    return {"kind": kind, "size": size, "seconds": seconds, "wall": wall, "peak_mb": peak / 1024,
            "tokens": len(doc.raw_tokens), "sentences": len(doc.sentences),
            "entities": len(doc.entities), "quotes": len(doc.quotes), "error": doc.error}


def main(argv: list[str] | None = None) -> int:
    """Run every (kind, size) in a subprocess and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(DEFAULT_DATA))
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--kinds", default="news,no_punct,open_marks,short_quotes,one_token,"
                                           "lines,unclosed")
    parser.add_argument("--one", nargs=2, metavar=("KIND", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    data = Path(args.data)
    if args.one:
        print(json.dumps(one(args.one[0], int(args.one[1]), data)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'kind':<13}{'chars':>9}{'tokens':>8}{'sents':>7}{'ents':>7}{'quotes':>7}"
          f"{'cpu s':>8}{'×cpu':>7}{'wall s':>8}{'peak MB':>9}{'×mem':>6}  error")
    failed = 0
    for kind in args.kinds.split(","):
        first = None
        for size in sizes:
            out = subprocess.run([sys.executable, __file__, str(data), "--one", kind, str(size)],
                                 capture_output=True, text=True, check=False)
            if out.returncode:
                print(f"{kind:<13}{size:>9}  crashed: {out.stderr.strip().splitlines()[-1:]}")
                failed += 1
                continue
            row = json.loads(out.stdout.strip().splitlines()[-1])
            first = first or row
            time_ratio = row["seconds"] / max(first["seconds"], 1e-9)
            mem_ratio = row["peak_mb"] / max(first["peak_mb"], 1.0)
            print(f"{kind:<13}{size:>9}{row['tokens']:>8}{row['sentences']:>7}"
                  f"{row['entities']:>7}{row['quotes']:>7}{row['seconds']:>8.2f}"
                  f"{time_ratio:>7.1f}{row['wall']:>8.2f}{row['peak_mb']:>9.0f}{mem_ratio:>6.1f}  "
                  f"{row['error'] or ''}", flush=True)
            failed += row["error"] is not None
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
