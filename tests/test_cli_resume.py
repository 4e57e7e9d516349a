"""A run killed with SIGKILL mid-way, then resumed: every id exactly once, every line JSON."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "io"
DOCUMENTS = 240


def command(*argv):
    return [sys.executable, "-m", "extractor", "extract", *map(str, argv)]


def test_killed_run_resumes_without_loss_or_duplicates(tmp_path):
    news = (FIXTURES / "news.txt").read_text(encoding="utf-8")
    dump = tmp_path / "dump.jsonl"
    ids = [f"doc-{n:04d}" for n in range(DOCUMENTS)]
    with open(dump, "w", encoding="utf-8") as file:
        for n, id in enumerate(ids):
            # Vary the texts a little, so a record written twice would not look the same.
            text = news[: 200 + n % 400]
            file.write(json.dumps({"id": id, "text": text}, ensure_ascii=False) + "\n")
        file.write("{not json}\n")
    out, quotes = tmp_path / "out.jsonl", tmp_path / "quotes.csv"
    argv = (dump, "-o", out, "--quotes", quotes, "--workers", "2", "--batch-size", "4", "-q")
    process = subprocess.Popen(command(*argv), start_new_session=True,
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if out.exists() and out.read_bytes().count(b"\n") >= 24:
            break
        time.sleep(0.02)
    assert process.poll() is None, "the run ended before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)  # the CLI and its workers, mid-run
    process.wait()
    written = out.read_bytes().count(b"\n")
    assert 24 <= written < DOCUMENTS
    with open(out, "a", encoding="utf-8") as file:
        file.write('{"id": "doc-9999", "text_len')  # a write torn by the kill

    assert subprocess.run(command(*argv, "--resume")).returncode == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ids + ["dump.jsonl:241"]
    assert records[-1]["error"].startswith("line 241: not valid JSON")
    assert [r["text_length"] for r in records[:-1]] == [len(news[: 200 + n % 400])
                                                        for n in range(DOCUMENTS)]
    # Quote rows exist only for written records, once each.
    lines = quotes.read_text(encoding="utf-8").splitlines()
    assert len(lines) - 1 == sum(len(r["quotes"]) for r in records)
