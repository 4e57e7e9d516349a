"""The library's batch run (`extractor.io.run`): records in input order, one per item, the
counts of the run, and the command line's records are exactly its."""

import csv
import gc
import json
import re
from collections import Counter
from dataclasses import FrozenInstanceError, replace
from pathlib import Path

import pytest

from extractor import cli, errors
from extractor.io import UsageError, readers, writers
from extractor.io.outputs import Outputs
from extractor.io.run import Settings, Summary, run

FIXTURES = Path(__file__).parent / "fixtures" / "io"
TEXT = "«Мы готовы к диалогу», — заявил министр иностранных дел России Сергей Лавров."


def _items():
    return [("a", TEXT), ("b", errors.Problem("cannot read b")), ("c", "Мария Захарова сказала.")]


def test_three_items_one_broken_give_three_records_and_one_error(extractor):
    written = []
    summary = run(_items(), written.append, Settings(workers=1, batch_size=2))
    assert [len(batch) for batch in written] == [2, 1]  # a batch at a time, in order
    records = [record for batch in written for record in batch]
    assert [r["id"] for r in records] == ["a", "b", "c"]
    assert records[1]["error"] == "cannot read b"
    assert records[0] == extractor(TEXT, id="a").to_dict()
    counts = replace(summary, seconds=0.0)
    assert counts == Summary(documents=3, errors=1, skipped=0,
                             quotes=sum(len(r["quotes"]) for r in records),
                             entities=sum(len(r["entities"]) for r in records),
                             chars=len(TEXT) + len("Мария Захарова сказала."))
    assert counts.quotes == 1 and summary.seconds > 0


def test_done_ids_are_skipped_and_counted():
    written = []
    done = Counter({"a": 1, "c": 1})
    summary = run(_items(), written.extend, Settings(workers=1), done=done)
    assert [r["id"] for r in written] == ["b"]
    assert (summary.documents, summary.skipped, summary.errors) == (1, 2, 1)
    assert done == Counter({"a": 1, "c": 1})  # the caller's counter is left as it was


def test_progress_gets_the_counts_after_every_batch():
    seen = []
    summary = run(_items(), lambda records: None, Settings(workers=1, batch_size=1),
                  progress=lambda counts: seen.append(counts.documents))
    assert seen == [1, 2, 3] and summary.documents == 3


def test_meta_and_kept_text_come_back_on_the_records():
    item = readers.with_meta(("a", TEXT), {"date": "2024-01-02"})
    written = []
    run([item], written.extend, Settings(workers=1, keep_text=True))
    assert written[0]["meta"] == {"date": "2024-01-02"} and written[0]["text"] == TEXT


def test_settings_and_summary_are_frozen():
    with pytest.raises(FrozenInstanceError):
        Settings().workers = 2  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        Summary().documents = 1  # type: ignore[misc]
    with pytest.raises(ValueError, match="engine"):
        Settings(engine="spark")
    assert Settings(batch_size=8, quotes=False).config() == {"batch_size": 8, "quotes": False}


def test_one_worker_leaves_the_collector_as_it_was():
    before = gc.get_threshold(), gc.get_freeze_count()
    run(_items(), lambda records: None, Settings(workers=1))
    assert gc.get_threshold() == before[0] and gc.get_freeze_count() <= before[1]


@pytest.mark.parametrize("workers", [1, 2])
def test_the_command_lines_records_are_the_library_runs(tmp_path, workers):
    source = FIXTURES / "broken.jsonl"
    out = tmp_path / "cli.jsonl"
    assert cli.main(["extract", str(source), "-o", str(out), "--workers", str(workers),
                     "--batch-size", "2", "-q"]) == cli.FAILED
    mine = tmp_path / "run.jsonl"
    table = writers.Table(str(mine), "jsonl", writers.RECORD)
    options = readers.Options()
    [found] = readers.sources([str(source)], options)
    summary = run(readers.read(found, options), table.write,
                  Settings(workers=workers, batch_size=2))
    table.close()
    assert mine.read_bytes() == out.read_bytes()
    assert (summary.documents, summary.errors) == (3, 1)


def test_outputs_write_the_records_and_a_quote_table_beside_them(tmp_path):
    records, quotes = tmp_path / "r.jsonl", tmp_path / "q.csv"
    outputs = Outputs(str(records), quotes=str(quotes))
    outputs.open(append=False)
    try:
        run([("a", TEXT)], outputs.write, Settings(workers=1))
    finally:
        outputs.close()
        outputs.unlock()
    [record] = [json.loads(line) for line in records.read_text(encoding="utf-8").splitlines()]
    [row] = list(csv.DictReader(quotes.open(encoding="utf-8", newline="")))
    assert (row["doc_id"], row["quote"]) == ("a", "Мы готовы к диалогу")
    assert row["speaker"] == record["quotes"][0]["speaker"]["name"] == "Сергей Лавров"
    assert not Path(str(records) + ".lock").exists()  # unlocked: another run may write


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"records": "-", "quotes": "-"}, errors.STDOUT_TWICE),
    ({"records": "-", "resume": True}, errors.RESUME_STDOUT),
])
def test_outputs_refuse_what_cannot_be_written(kwargs, message):
    with pytest.raises(UsageError, match=re.escape(message)):
        Outputs(**kwargs)


def test_an_output_is_never_an_input_nor_named_twice(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("{}\n", encoding="utf-8")
    with pytest.raises(UsageError, match="is an input of this run"):
        Outputs(str(tmp_path / "r.jsonl"), quotes=str(source), inputs=[source])
    with pytest.raises(UsageError, match="is named twice"):
        Outputs(str(tmp_path / "r.jsonl"), entities=str(tmp_path / "r.jsonl"))
    with pytest.raises(UsageError, match="exists"):
        Outputs(str(source))
