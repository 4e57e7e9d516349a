"""Throughput: plain natasha vs slovnet NER alone vs the extractor (1 and 2 workers).

Every variant runs in its own subprocess, so its start-up (import + model
load) and its peak memory are its own, with one BLAS thread (multithreaded
BLAS only fights the other worker on a small machine). All variants read the
same corpus: BSNLP raw texts, FactRuEval devset texts and NEREL texts, in a
fixed order, up to --limit-chars characters.

    .venv/bin/python benchmarks/speed.py                      # ≈1.2 M characters
    .venv/bin/python benchmarks/speed.py --limit-chars 100000 # quick look
    .venv/bin/python benchmarks/speed.py --variants extractor-1,extractor-2 --repeat 3
                                          # 2 workers vs 1, best of 3 alternating runs each
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
VARIANTS = ("natasha", "slovnet-ner", "extractor-1", "extractor-2")
ONE_THREAD = {name: "1" for name in (
    "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")}


# ---- corpus -------------------------------------------------------------------------------

def corpus(data: Path, limit_chars: int) -> list[tuple[str, str]]:
    """(id, text) pairs: BSNLP raw, then FactRuEval devset, then NEREL, until the limit."""
    sources = [
        sorted((data / "bsnlp" / "raw").glob("*/ru/*.txt")),
        sorted((data / "factru" / "devset").glob("*.txt")),
        sorted((data / "nerel").glob("*/*/*.txt")),
    ]
    pairs, total = [], 0
    for files in sources:
        for path in files:
            text = path.read_text(encoding="utf-8")
            if not text.strip():
                continue
            pairs.append((str(path.relative_to(data)), text))
            total += len(text)
            if total >= limit_chars:
                return pairs
    return pairs


# ---- variants (run inside the child process) ------------------------------------------------

def run_natasha(texts: list[str]):
    """As natasha's README shows it: segment, morph, syntax, NER, normalize every span."""
    from natasha_baseline import Natasha

    natasha = Natasha()
    ready = _now()
    spans = sum(len(natasha(text).spans) for text in texts)
    return ready, spans


def run_slovnet(texts: list[str]):
    """slovnet NER alone, batched over documents: the floor no full pipeline can beat."""
    from navec import Navec
    from slovnet import NER

    from extractor.tag import natasha_data

    navec = Navec.load(natasha_data("emb", "navec_news_v1_1B_250K_300d_100q.tar"))
    ner = NER.load(natasha_data("model", "slovnet_ner_news_v1.tar")).navec(navec)
    ready = _now()
    spans = sum(len(markup.spans) for markup in ner.map(texts))
    return ready, spans


def run_extractor(pairs: list[tuple[str, str]], n_process: int):
    """The whole extraction: entities, normal forms, clusters, quotes."""
    from extractor import Extractor

    extractor = Extractor()
    ready = _now()
    # Streamed, as a writer would consume it (natasha's documents are not kept either):
    # holding every Document would make the garbage collector rescan them all.
    found, failed = 0, []
    for doc in extractor.pipe(pairs, n_process=n_process):
        found += len(doc.entities)
        if doc.error:
            failed.append(doc.id)
    if n_process > 1:
        # The pool's workers exit asynchronously; reap them so that RUSAGE_CHILDREN
        # holds their CPU time and peak memory.
        import multiprocessing

        deadline = time.time() + 10
        while multiprocessing.active_children() and time.time() < deadline:
            time.sleep(0.01)
    if failed:
        print(f"warning: {len(failed)} documents failed, e.g. {failed[:3]}", file=sys.stderr)
    return ready, found


def child(variant: str, corpus_path: str, launched: float) -> None:
    """Run one variant and print its measurements as one line of JSON."""
    with open(corpus_path, encoding="utf-8") as f:
        pairs = [tuple(p) for p in json.load(f)]
    texts = [text for _, text in pairs]
    read = time.time() - launched  # not start-up: only this harness reads a JSON file
    start, start_cpu = _now()
    if variant == "natasha":
        ready, found = run_natasha(texts)
    elif variant == "slovnet-ner":
        ready, found = run_slovnet(texts)
    else:
        ready, found = run_extractor(pairs, int(variant.rsplit("-", 1)[1]))
    done = time.perf_counter()
    (ready, ready_cpu) = ready
    cpu_self = _cpu(resource.RUSAGE_SELF) - ready_cpu
    cpu_workers = _cpu(resource.RUSAGE_CHILDREN)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({
        "variant": variant, "startup": time.time() - launched - read - (done - ready),
        "seconds": done - ready, "found": found, "peak_kb": own, "worker_peak_kb": workers,
        "startup_in_process": ready - start, "startup_cpu": ready_cpu - start_cpu,
        "cpu_self": cpu_self, "cpu_workers": cpu_workers,
    }))


def _now() -> tuple[float, float]:
    """Wall clock and this process's CPU time, when the models are ready."""
    return time.perf_counter(), _cpu(resource.RUSAGE_SELF)


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


# ---- parent ---------------------------------------------------------------------------------

def measure(variant: str, corpus_path: str) -> dict:
    """Launch one variant in a fresh interpreter with one BLAS thread; return its numbers."""
    env = {**os.environ, **ONE_THREAD}
    launched = time.time()
    out = subprocess.run(
        [sys.executable, __file__, "--child", variant, "--corpus-file", corpus_path,
         "--launched", repr(launched)],
        env=env, capture_output=True, text=True, cwd=ROOT,
    )
    if out.returncode:
        raise SystemExit(f"{variant} failed:\n{out.stderr[-3000:]}")
    if out.stderr.strip():
        print(out.stderr.strip(), file=sys.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(results: list[dict], chars: int, docs: int) -> str:
    """The results table (markdown)."""
    by = {r["variant"]: r for r in results}

    def rate(r):
        return chars / r["seconds"]

    lines = [
        "| variant | start-up s (CPU s) | run s | chars/s | docs/s | × natasha | × slovnet NER "
        "| whole-process chars/s | CPU s (run) | chars per CPU s | peak RSS MB | entities |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        whole = chars / (r["seconds"] + r["startup"])
        ratio_n = f"{rate(r) / rate(by['natasha']):.2f}" if "natasha" in by else "—"
        ratio_s = f"{rate(r) / rate(by['slovnet-ner']):.2f}" if "slovnet-ner" in by else "—"
        peak = r["peak_kb"] / 1024
        memory = f"{peak:.0f}"
        if r["variant"] == "extractor-2":
            memory = f"{peak:.0f} parent, {r['worker_peak_kb'] / 1024:.0f} worker"
        cpu = r["cpu_self"] + r["cpu_workers"]
        cpu_text = f"{cpu:.1f}"
        if r["cpu_workers"]:
            cpu_text = f"{cpu:.1f} ({r['cpu_self']:.1f} parent)"
        lines.append(
            f"| {r['variant']} | {r['startup']:.2f} ({r['startup_cpu']:.2f}) "
            f"| {r['seconds']:.1f} | {rate(r):,.0f} "
            f"| {docs / r['seconds']:.1f} | {ratio_n} | {ratio_s} | {whole:,.0f} | {cpu_text} "
            f"| {chars / cpu:,.0f} | {memory} | {r['found']} |")
    if "extractor-1" in by and "extractor-2" in by:
        lines.append("")
        one, two = by["extractor-1"], by["extractor-2"]
        speedup = rate(two) / rate(one)
        # On a busy machine the wall-clock ratio says how much CPU the workers got, not
        # how they scale; CPU time does not depend on that: two cores shared by the two
        # workers and the parent (which unpickles every Document).
        projected = (one["cpu_self"] + one["cpu_workers"]) / (
            (two["cpu_self"] + two["cpu_workers"]) / 2)
        lines.append(f"2 workers / 1 worker: {speedup:.2f}× wall clock; "
                     f"{projected:.2f}× projected for an idle 2-core machine from CPU times")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit-chars", type=int, default=1_200_000)
    parser.add_argument("--variants", default=",".join(VARIANTS),
                        help="comma-separated subset of " + ", ".join(VARIANTS))
    parser.add_argument("--repeat", type=int, default=1,
                        help="run the variants in turn this many times and keep each one's "
                             "fastest run (other load on the machine only ever slows a run)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--corpus-file", help=argparse.SUPPRESS)
    parser.add_argument("--launched", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.corpus_file, args.launched)
        return
    pairs = corpus(args.data, args.limit_chars)
    chars = sum(len(text) for _, text in pairs)
    print(f"corpus: {len(pairs)} documents, {chars:,} characters from {args.data}")
    with tempfile.TemporaryDirectory() as tmp:
        corpus_path = os.path.join(tmp, "corpus.json")
        with open(corpus_path, "w", encoding="utf-8") as f:
            json.dump(pairs, f, ensure_ascii=False)
        best: dict[str, dict] = {}
        for _ in range(args.repeat):
            for variant in (v.strip() for v in args.variants.split(",")):
                r = measure(variant, corpus_path)
                print(f"  {variant}: start-up {r['startup']:.2f} s, run {r['seconds']:.1f} s, "
                      f"CPU {r['cpu_self'] + r['cpu_workers']:.1f} s "
                      f"(load average {os.getloadavg()[0]:.1f})", file=sys.stderr)
                if variant not in best or r["seconds"] < best[variant]["seconds"]:
                    best[variant] = r
    print(report(list(best.values()), chars, len(pairs)))


if __name__ == "__main__":
    main()
