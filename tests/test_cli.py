"""The batch command line, in-process: records, tables, exit codes, workers, resume."""

import csv
import io
import json
import os
import sys
from itertools import count
from pathlib import Path

import pytest

from extractor import Document, cli, errors, parallel
from extractor.io import outputs

FIXTURES = Path(__file__).parent / "fixtures" / "io"
ROOT = Path(__file__).resolve().parent.parent


def lines(path):
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()]


def run(*argv):
    return cli.main(["extract", *map(str, argv), "--workers", "1", "-q"])


@pytest.fixture
def dump(tmp_path):
    """Eight documents (two sentences of the news fixture each) in a JSON Lines file."""
    news = (FIXTURES / "news.txt").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "dump.jsonl"
    with open(path, "w", encoding="utf-8") as file:
        for n in range(8):
            text = news[n % 2] + " " + news[(n + 1) % 2][: 40 + 10 * n]
            file.write(json.dumps({"id": f"doc-{n}", "text": text}, ensure_ascii=False) + "\n")
    return path


def test_records_are_the_librarys_and_a_broken_line_is_an_error_record(tmp_path, extractor,
                                                                      capsys):
    out = tmp_path / "out.jsonl"
    assert run(FIXTURES / "broken.jsonl", "-o", out) == cli.FAILED
    assert "1 of 3 documents failed" in capsys.readouterr().err
    records = lines(out)
    assert [r["id"] for r in records] == ["ok-1", "broken.jsonl:2", "ok-2"]
    source = [json.loads(line) for line in (FIXTURES / "broken.jsonl").open(encoding="utf-8")
              if line.startswith('{"id": "ok')]
    assert records[0] == extractor(source[0]["text"], id="ok-1").to_dict()
    assert records[2] == extractor(source[1]["text"], id="ok-2").to_dict()
    assert records[1]["error"].startswith("line 2: not valid JSON")


def test_all_good_exits_0_and_prints_a_summary(tmp_path, dump, capsys):
    out = tmp_path / "out.jsonl"
    status = cli.main(["extract", str(dump), "-o", str(out), "--workers", "1"])
    assert status == cli.OK
    records = lines(out)
    entities = sum(len(r["entities"]) for r in records)
    quotes = sum(len(r["quotes"]) for r in records)
    assert f"8 documents, {quotes} quotes, {entities} entities, 0 errors" in capsys.readouterr().err


def test_existing_output_is_never_overwritten_without_force(tmp_path, dump, capsys):
    out = tmp_path / "out.jsonl"
    out.write_text("precious\n")
    assert run(dump, "-o", out) == cli.USAGE
    assert "out.jsonl exists: use --force" in capsys.readouterr().err
    assert out.read_text() == "precious\n"
    assert run(dump, "-o", out, "--force") == cli.OK
    assert len(lines(out)) == 8


def test_tables_of_quotes_and_entities(tmp_path, dump):
    out, quotes, entities = tmp_path / "out.csv", tmp_path / "q.tsv", tmp_path / "e.parquet"
    assert run(dump, "-o", out, "--quotes", quotes, "--entities", entities) == cli.OK
    with open(out, encoding="utf-8", newline="") as file:
        records = list(csv.DictReader(file))
    assert [r["id"] for r in records] == [f"doc-{n}" for n in range(8)]
    expected = [(r["id"], e["text"], e["start"]) for r in records
                for e in json.loads(r["entities"])]
    rows = pytest.importorskip("pyarrow.parquet").read_table(entities).to_pylist()
    assert [(r["doc_id"], r["text"], r["start"]) for r in rows] == expected
    with open(quotes, encoding="utf-8", newline="") as file:
        table = list(csv.DictReader(file, delimiter="\t"))
    assert len(table) == sum(len(json.loads(r["quotes"])) for r in records)
    assert quotes.read_text(encoding="utf-8").startswith(
        "doc_id\tspeaker\tspeaker_type\tkind\tcue\tquote\tstart\tstop\tcue_lemma\t")


def test_stdin_to_stdout(monkeypatch, capsys):
    data = '{"id": "s", "text": "Путин приехал в Казань."}\n'.encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert run("-") == cli.OK
    [record] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record["id"] == "s"
    assert {(e["text"], e["type"]) for e in record["entities"]} >= {("Путин", "PER")}


def test_html_and_legacy_encodings_through_the_cli(tmp_path):
    out = tmp_path / "out.jsonl"
    inputs = [FIXTURES / n for n in ("page.html", "news-cp1251.txt", "news-koi8r.txt")]
    assert run(*inputs, "-o", out) == cli.OK
    records = lines(out)
    assert [r["id"] for r in records] == ["page.html", "news-cp1251.txt", "news-koi8r.txt"]
    for record in records:
        assert "Андрей Травников" in {e["normal"] for e in record["entities"]}


def test_too_long_document_keeps_its_id_and_the_batch_goes_on(tmp_path, dump):
    out = tmp_path / "out.jsonl"
    assert run(dump, "-o", out, "--max-chars", "300") == cli.FAILED
    records = lines(out)
    assert len(records) == 8
    failed = [r for r in records if r["error"]]
    assert failed and all("--max-chars" in r["error"] and r["id"] for r in failed)
    assert any(not r["error"] for r in records)


def test_output_does_not_depend_on_the_number_of_workers(tmp_path, dump):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert cli.main(["extract", str(dump), "-o", str(one), "--workers", "1",
                     "--batch-size", "3", "-q", "--people", str(tmp_path / "one.csv")]) == cli.OK
    assert cli.main(["extract", str(dump), "-o", str(two), "--workers", "2",
                     "--batch-size", "3", "-q", "--people", str(tmp_path / "two.csv")]) == cli.OK
    assert one.read_bytes() == two.read_bytes()
    # the people table of the run is the one `extractor people` builds from its records
    assert cli.main(["people", str(one), "-o", str(tmp_path / "later.csv"), "-q"]) == cli.OK
    tables = [(tmp_path / f"{name}.csv").read_bytes() for name in ("one", "two", "later")]
    assert tables[0].count(b"\n") > 2 and tables[0] == tables[1] == tables[2]


def test_resume_repairs_a_torn_line_and_writes_each_id_once(tmp_path, dump):
    full, out = tmp_path / "full.jsonl", tmp_path / "out.jsonl"
    assert run(dump, "-o", full) == cli.OK
    text = full.read_text(encoding="utf-8")
    cut = text.index("\n", text.index("\n") + 1) + 1  # two whole records …
    out.write_text(text[:cut] + text[cut:cut + 50], encoding="utf-8")  # … and a torn third
    assert run(dump, "-o", out, "--resume") == cli.OK
    assert out.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("argv, message", [
    (["-o", "-", "--quotes", "-"], "only one output can go to stdout"),
    (["--resume"], "--resume needs output files"),
    (["-o", "x.csv", "--entities", "./x.csv"], "x.csv is named twice"),
    (["--workers", "0"], "--workers: must be ≥ 1"),
    (["--encoding", "klingon"], "unknown encoding 'klingon'"),
    (["--scheduler", "tcp://x:1"], "--scheduler: needs --engine dask"),
    (["--format", "yaml"], "invalid choice"),
])
def test_usage_errors_exit_2_with_a_message(dump, capsys, argv, message):
    assert cli.main(["extract", str(dump), *argv]) == cli.USAGE
    assert message in capsys.readouterr().err


def test_parallel_reads_ahead_a_bounded_number_of_chunks():
    pulled = count()

    def chunks():
        for n in range(10_000):
            next(pulled)
            yield [(str(n), "x")]

    results = parallel.imap(chunks(), 2, {}, extractor=object(), task=_echo)
    assert [next(results) for _ in range(3)] == ["0", "1", "2"]
    results.close()
    assert next(pulled) <= 3 + parallel.IN_FLIGHT * 2 + 1


def _echo(extractor, chunk):
    return [id for id, _ in chunk]


class Crashing:
    """An extractor whose process dies (as if killed) on the text "crash"."""

    def process(self, pairs):
        if any(text == "crash" for _, text in pairs):
            os._exit(9)
        return [Document(text=text, id=id) for id, text in pairs]


def test_a_dying_worker_costs_only_the_document_it_died_on():
    chunks = [[("a", "x"), ("b", "y")], [("c", "z"), ("d", "crash"), ("e", "w")], [("f", "v")]]
    docs = list(parallel.imap(iter(chunks), 2, {}, extractor=Crashing()))
    assert [d.id for d in docs] == list("abcdef")
    assert [d.id for d in docs if d.error] == ["d"]
    assert docs[3].error == errors.WORKER_DIED


def test_demo_prints_the_seed_tables(capsys):
    assert cli.main(["demo", str(ROOT / "seeds")]) == cli.OK
    assert capsys.readouterr().out.startswith("== 000_2ef02c249f75f50a.txt")


def test_one_worker_tunes_the_collector_for_the_run_only(tmp_path, dump, monkeypatch):
    import gc

    seen = []
    write = outputs.Outputs.write
    monkeypatch.setattr(outputs.Outputs, "write", lambda self, records: (
        seen.append((gc.get_freeze_count() > 0, gc.get_threshold()[0])), write(self, records)))
    before = gc.get_threshold(), gc.get_freeze_count()
    assert run(dump, "-o", tmp_path / "out.jsonl") == 0
    assert seen and all(frozen and threshold > before[0][0] for frozen, threshold in seen)
    # the caller's, as it was; nothing of the run left frozen
    assert gc.get_threshold() == before[0] and gc.get_freeze_count() <= before[1]


def test_version_prints_the_packages_version(capsys):
    import extractor

    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out == f"extractor {extractor.__version__}\n"
