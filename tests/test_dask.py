"""The Dask engine on a LocalCluster of 2 worker processes gives the local engine's records."""

import json
from pathlib import Path

import pytest

from extractor import cli

distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")

FIXTURES = Path(__file__).parent / "fixtures" / "io"


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def pairs():
    news = (FIXTURES / "news.txt").read_text(encoding="utf-8").splitlines()
    return [(f"doc-{n}", news[n % 2] + " " + news[(n + 1) % 2][: 30 * n]) for n in range(7)]


@pytest.fixture(scope="module")
def local(pairs, tmp_path_factory):
    """The local engine's output for the dump (and a broken line): what Dask must match."""
    folder = tmp_path_factory.mktemp("dask")
    dump = folder / "dump.jsonl"
    dump.write_text("".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n"
                            for i, t in pairs) + "{broken\n", encoding="utf-8")
    out = folder / "local.jsonl"
    assert cli.main(["extract", str(dump), "-o", str(out), "--workers", "1",
                     "--batch-size", "3", "-q"]) == cli.FAILED
    return dump, out.read_text(encoding="utf-8")


def test_cli_dask_engine_on_a_scheduler_writes_the_local_records(client, local, tmp_path):
    dump, expected = local
    out = tmp_path / "dask.jsonl"
    status = cli.main(["extract", str(dump), "-o", str(out), "--engine", "dask",
                       "--scheduler", client.scheduler.address, "--batch-size", "3", "-q"])
    assert status == cli.FAILED
    assert out.read_text(encoding="utf-8") == expected


def test_cli_dask_engine_writes_the_local_people_table(client, local, tmp_path):
    dump, expected = local
    records, ours, theirs = tmp_path / "r.jsonl", tmp_path / "local.csv", tmp_path / "dask.csv"
    records.write_text(expected, encoding="utf-8")
    assert cli.main(["people", str(records), "-o", str(ours), "-q"]) == cli.OK
    status = cli.main(["extract", str(dump), "-o", str(tmp_path / "dask.jsonl"), "--engine",
                       "dask", "--scheduler", client.scheduler.address, "--batch-size", "3",
                       "-q", "--people", str(theirs)])
    assert status == cli.FAILED  # the broken line: its record is counted, not linked
    assert ours.read_bytes().count(b"\n") > 2 and theirs.read_bytes() == ours.read_bytes()


def test_cli_dask_engine_starts_its_own_local_cluster(local, tmp_path):
    dump, expected = local
    out = tmp_path / "dask.jsonl"
    status = cli.main(["extract", str(dump), "-o", str(out), "--engine", "dask",
                       "--workers", "2", "--batch-size", "3", "-q"])
    assert status == cli.FAILED
    assert out.read_text(encoding="utf-8") == expected


def test_extract_bag(client, pairs, local):
    import dask.bag as db

    from extractor.dask import extract_bag

    got = extract_bag(db.from_sequence(pairs, npartitions=3), batch_size=3).compute()
    expected = [json.loads(line) for line in local[1].splitlines()][: len(pairs)]
    assert got == expected


def test_extract_frame_keeps_the_index_and_reads_ids_from_a_column(client, pairs, local):
    import dask.dataframe as dd

    from extractor.dask import extract_frame

    frame = pd.DataFrame({"key": [i for i, _ in pairs], "body": [t for _, t in pairs],
                          "date": [f"2024-05-{n:02}" for n in range(1, len(pairs) + 1)]},
                         index=range(100, 100 + len(pairs)))
    got = extract_frame(dd.from_pandas(frame, npartitions=2), text_column="body",
                        id_column="key").compute()
    expected = [json.loads(line) for line in local[1].splitlines()][: len(pairs)]
    assert list(got.index) == list(frame.index)
    # The frame's other columns are kept, first, as they were.
    assert list(got.columns[:2]) == ["key", "date"]
    assert list(got.date) == list(frame.date)
    assert got.drop(columns=["key", "date"]).to_dict("records") == expected
