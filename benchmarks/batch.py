"""Batch throughput of the command line: documents/s with 1 and 2 workers, peak memory a worker.

Builds a JSON Lines dump of real-sized documents (FactRuEval devset, BSNLP raw and NEREL
texts, cycled with fresh ids until --documents), then runs `python -m extractor extract` on it
once per worker count, as a user would. While it runs, /proc is sampled for the CLI and its
worker processes: peak RSS (VmHWM) and PSS (shared model pages counted once per sharer).

    .venv/bin/python benchmarks/batch.py                    # 2,000 documents, 1 and 2 workers
    .venv/bin/python benchmarks/batch.py --documents 300    # quick look

Other processes on the machine skew the timings; run it on an idle machine for real numbers.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def texts(data: Path) -> list[tuple[str, str]]:
    """(name, text) of every non-empty text of the corpora, in a fixed order."""
    files = (sorted((data / "factru" / "devset").glob("*.txt"))
             + sorted((data / "bsnlp" / "raw").glob("*/ru/*.txt"))
             + sorted((data / "nerel").glob("*/*/*.txt")))
    found = [(str(p.relative_to(data)), p.read_text(encoding="utf-8")) for p in files]
    return [(name, text) for name, text in found if text.strip()]


def build_dump(data: Path, documents: int, path: Path) -> tuple[int, int, int]:
    """Write the dump; (documents, distinct texts, characters)."""
    corpus = texts(data)
    if not corpus:
        sys.exit(f"no texts under {data}: pass the data folder as an argument")
    chars = 0
    with open(path, "w", encoding="utf-8") as file:
        for n in range(documents):
            name, text = corpus[n % len(corpus)]
            chars += len(text)
            record = {"id": f"{n:05d}/{name}", "text": text}
            file.write(json.dumps(record, ensure_ascii=False) + "\n")
    return documents, min(documents, len(corpus)), chars


def _tree(root: int) -> list[int]:
    """The process and its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as file:
                    parent = int(file.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack += children.get(pid, [])
    return found


def _memory(pid: int) -> tuple[int, int]:
    """(peak RSS, current PSS) in KiB, or zeros when the process is gone."""
    hwm = pss = 0
    try:
        with open(f"/proc/{pid}/status") as file:
            for line in file:
                if line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
        with open(f"/proc/{pid}/smaps_rollup") as file:
            for line in file:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return hwm, pss


def _cpu(pid: int) -> float:
    """User + system seconds of one process so far (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as file:
            fields = file.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def snapshot(folder: Path) -> Path:
    """A copy of the package as it is now, so every run measures the same code even while the
    work tree changes under a long benchmark (models/ goes inside, as the wheel ships it)."""
    target = folder / "code"
    shutil.copytree(ROOT / "extractor", target / "extractor",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "models", target / "extractor" / "models")
    return target


def run(dump: Path, out: Path, workers: int, batch_size: int, code: Path) -> dict:
    """One CLI run: wall time, steady-state rate (after the first record), memory."""
    command = [sys.executable, "-m", "extractor", "extract", str(dump), "-o", str(out),
               "--workers", str(workers), "--batch-size", str(batch_size), "--force", "-q"]
    env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONPATH=str(code))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    process = subprocess.Popen(command, env=env)
    peaks: dict[int, tuple[int, int]] = {}
    first_record: list[float] = []
    parent_cpu: list[float] = [0.0]
    at_first: list[float] = []

    def sample() -> None:
        while process.poll() is None:
            for pid in _tree(process.pid):
                hwm, pss = _memory(pid)
                old = peaks.get(pid, (0, 0))
                peaks[pid] = (max(old[0], hwm), max(old[1], pss))
            parent_cpu.append(_cpu(process.pid))
            if not first_record and out.exists() and out.stat().st_size:
                first_record.append(time.monotonic())
                # CPU spent on start-up (and the first batches), to leave out of the steady cost.
                at_first.append(sum(_cpu(pid) for pid in _tree(process.pid)))
                at_first.append(out.read_bytes().count(b"\n"))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    status = process.wait()
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU time of the CLI and every worker (each is waited for by its parent): what the run
    # costs whatever else the machine does.
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    sampler.join()
    documents = sum(1 for _ in open(out, encoding="utf-8"))
    workers_peaks = [v for pid, v in peaks.items() if pid != process.pid] or \
        [peaks.get(process.pid, (0, 0))]
    steady = wall - (first_record[0] - start) if first_record else wall
    return {"workers": workers, "status": status, "documents": documents, "wall": wall,
            "cpu": cpu, "parent_cpu": max(parent_cpu),
            "steady_cpu": (cpu - at_first[0]) / max(documents - at_first[1], 1) if at_first
            else cpu / documents,
            "rate": documents / wall, "steady_rate": documents / max(steady, 1e-9),
            "parent_rss": peaks.get(process.pid, (0, 0))[0] / 1024,
            "worker_rss": max(v[0] for v in workers_peaks) / 1024,
            "worker_pss": max(v[1] for v in workers_peaks) / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="batch-bench-") as folder:
        dump = Path(folder) / "dump.jsonl"
        documents, distinct, chars = build_dump(args.data, args.documents, dump)
        print(f"dump: {documents} documents ({distinct} distinct texts), {chars:,} characters, "
              f"{chars / documents:,.0f} a document; {os.cpu_count()} CPUs")
        code = snapshot(Path(folder))
        results, outputs = [], []
        for workers in [int(w) for w in args.workers.split(",")]:
            out = Path(folder) / f"out-{workers}.jsonl"
            results.append(run(dump, out, workers, args.batch_size, code))
            outputs.append(out)
        base = results[0]["rate"]
        print(f"\n{'workers':>7} {'wall s':>8} {'docs/s':>8} {'steady':>8} {'chars/s':>9} "
              f"{'speedup':>8} {'worker peak RSS MB':>19} {'worker PSS MB':>14} "
              f"{'parent RSS MB':>14} {'CPU s':>7} {'CPU ms/doc':>10} {'parent CPU s':>12}")
        for r in results:
            print(f"{r['workers']:>7} {r['wall']:>8.1f} {r['rate']:>8.1f} {r['steady_rate']:>8.1f} "
                  f"{chars / r['wall']:>9,.0f} {r['rate'] / base:>7.2f}× "
                  f"{r['worker_rss']:>19.0f} {r['worker_pss']:>14.0f} {r['parent_rss']:>14.0f} "
                  f"{r['cpu']:>7.1f} {1000 * r['cpu'] / r['documents']:>10.1f} "
                  f"{r['parent_cpu']:>12.1f}")
        same = all(filecmp.cmp(outputs[0], o, shallow=False) for o in outputs[1:])
        for other in outputs[1:]:
            with open(outputs[0], encoding="utf-8") as a, open(other, encoding="utf-8") as b:
                differ = [json.loads(x)["id"] for x, y in zip(a, b, strict=False) if x != y]
            if differ:
                print(f"{other.name}: {len(differ)} records differ from {outputs[0].name}, "
                      f"e.g. {differ[:5]}")
        print(f"\nexit statuses {[r['status'] for r in results]}; "
              f"records written {[r['documents'] for r in results]}; "
              f"outputs identical across worker counts: {same}")
        # On a busy machine the wall times say more about the neighbours than about us; the
        # CPU time a document costs does not, so it gives the speedup an idle machine would.
        cores = os.cpu_count() or 1
        for r in results[1:]:
            efficiency = results[0]["steady_cpu"] / r["steady_cpu"]
            print(f"steady CPU a document: {1000 * results[0]['steady_cpu']:.1f} ms with 1 "
                  f"worker, {1000 * r['steady_cpu']:.1f} ms with {r['workers']}: parallel "
                  f"efficiency {efficiency:.2f}; projected speedup on an idle "
                  f"{cores}-core machine ≈ {min(r['workers'], cores) * min(efficiency, 1.0):.2f}× "
                  "(start-up aside)")
        print("docs/s = documents / wall time (start-up included); steady = after the first "
              "record was written;\nCPU s = user + system time of the CLI and its workers "
              "(parent CPU s: the CLI process alone: reading, writing, and with 1 worker "
              "the extraction too) "
              f"(load average now {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
