"""Soak: a large JSON Lines input through `--workers 2` while a random worker is killed (SIGKILL)
every few seconds; then every id must appear once, in input order, with the record an
undisturbed run writes, and the peak memory of the CLI and of its workers is reported.

    .venv/bin/python benchmarks/soak.py                        # 300 MB, kills for 3 minutes
    .venv/bin/python benchmarks/soak.py --mb 5 --seconds 20    # a quick look

The documents are the repository's own texts (the seeds and the test fixtures), cycled with
fresh ids and cut at varying lengths. A document alone in a fresh pool that is killed twice is
declared the culprit and gets an error record (`pipeline`'s rule): such records are counted
apart, as kills that hit the same lone document twice, not as differences. It is a benchmark,
not a test: it takes minutes at full size, and the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
DIED = "a worker process died on this document"


def texts() -> list[str]:
    """The repository's texts, in a fixed order."""
    paths = sorted((ROOT / "seeds").glob("*.txt")) + [ROOT / "tests/fixtures/io/news.txt"]
    return [p.read_text(encoding="utf-8") for p in paths if p.read_text(encoding="utf-8").strip()]


def build(path: Path, megabytes: float) -> list[str]:
    """Write an input of about `megabytes` MB; its ids, in order."""
    corpus, ids, size, n = texts(), [], 0, 0
    with open(path, "w", encoding="utf-8") as file:
        while size < megabytes * 1e6:
            text = corpus[n % len(corpus)]
            text = text[: 300 + (n * 7919) % max(1, len(text) - 300)]
            id = f"soak-{n:07d}"
            line = json.dumps({"id": id, "text": text}, ensure_ascii=False) + "\n"
            file.write(line)
            size += len(line.encode("utf-8"))
            ids.append(id)
            n += 1
    return ids


class Watch(threading.Thread):
    """Samples the CLI and its workers: peak RSS of each, the worker pids seen."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.parent = self.worker = 0
        self.workers: set[int] = set()
        self.stop = threading.Event()

    def children(self) -> list[psutil.Process]:
        try:
            return self.process.children(recursive=True)
        except psutil.Error:
            return []

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.parent = max(self.parent, self.process.memory_info().rss)
            except psutil.Error:
                return
            for child in self.children():
                try:
                    self.worker = max(self.worker, child.memory_info().rss)
                    self.workers.add(child.pid)
                except psutil.Error:
                    pass
            time.sleep(0.1)


def extract(source: Path, out: Path, workers: int, kill_for: float, every: float,
            rng: random.Random) -> dict:
    """One run of the CLI; kills a random worker every `every` s (±50 %) for `kill_for` s."""
    command = [sys.executable, "-m", "extractor", "extract", str(source), "-o", str(out),
               "--workers", str(workers), "-q", "--force"]
    started = time.monotonic()
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    watch = Watch(process.pid)
    watch.start()
    kills = 0
    while process.poll() is None:
        now = time.monotonic() - started
        if kill_for and now < kill_for:
            time.sleep(every * rng.uniform(0.5, 1.5))
            # Only the pool's workers: the children that load models, not a helper process.
            children = [c for c in watch.children() if c.pid != process.pid]
            if children and process.poll() is None:
                try:
                    os.kill(rng.choice(children).pid, signal.SIGKILL)
                    kills += 1
                except ProcessLookupError:
                    pass
        else:
            time.sleep(0.2)
    err = process.stderr.read() if process.stderr else ""
    watch.stop.set()
    watch.join()
    return {"status": process.returncode, "seconds": time.monotonic() - started,
            "kills": kills, "parent_rss": watch.parent, "worker_rss": watch.worker,
            "workers_seen": len(watch.workers), "stderr": err.strip()[-500:]}


def records(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as file:
        return [json.loads(line) for line in file]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=300, help="input size (default: 300)")
    parser.add_argument("--seconds", type=float, default=180,
                        help="how long to keep killing workers (default: 180)")
    parser.add_argument("--every", type=float, default=4,
                        help="seconds between kills, on average (default: 4)")
    parser.add_argument("--workers", type=int, default=2, help="(default: 2)")
    parser.add_argument("--seed", type=int, default=15, help="of the kill schedule")
    parser.add_argument("--keep", metavar="DIR", help="keep the input and outputs here")
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="soak-"))
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "input.jsonl"
    ids = build(source, args.mb)
    print(f"input: {len(ids):,} documents, {source.stat().st_size / 1e6:.1f} MB")
    calm = extract(source, folder / "calm.jsonl", args.workers, 0, args.every,
                   random.Random(args.seed))
    print(f"undisturbed: exit {calm['status']}, {calm['seconds']:.1f} s")
    rough = extract(source, folder / "killed.jsonl", args.workers, args.seconds, args.every,
                    random.Random(args.seed))
    print(f"killed: exit {rough['status']}, {rough['seconds']:.1f} s, {rough['kills']} kills, "
          f"{rough['workers_seen']} worker processes seen")
    expected, got = records(folder / "calm.jsonl"), records(folder / "killed.jsonl")
    written = [r["id"] for r in got]
    culprits = [r["id"] for r, e in zip(got, expected, strict=False)
                if r != e and (r.get("error") or "").startswith(DIED)]
    differ = [r["id"] for r, e in zip(got, expected, strict=False)
              if r != e and r["id"] not in culprits]
    once = written == ids and len(set(written)) == len(written)
    print(f"every id once, in order: {once} ({len(written):,} records of {len(ids):,})")
    print(f"records identical to the undisturbed run: {len(got) - len(differ) - len(culprits):,}"
          f"; different: {len(differ)}; error records of lone documents killed twice: "
          f"{len(culprits)}")
    for name, run in (("undisturbed", calm), ("killed", rough)):
        print(f"peak RSS, {name}: CLI {run['parent_rss'] / 2**20:.0f} MiB, a worker "
              f"{run['worker_rss'] / 2**20:.0f} MiB")
    if rough["stderr"] and rough["status"] not in (0, 1):
        print(f"stderr of the killed run: {rough['stderr']}")
    good = once and not differ and calm["status"] == 0 and rough["status"] in (0, 1) \
        and "Traceback" not in rough["stderr"]
    print("soak: passed" if good else "soak: FAILED")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
