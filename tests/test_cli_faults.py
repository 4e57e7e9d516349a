"""The batch tool under faults and a careless user: inputs never destroyed, clear exit codes."""

import errno
import fcntl
import gc
import gzip
import json
import os
import signal
import subprocess
import sys
import tracemalloc

import pytest

from extractor import cli, errors
from extractor.io import readers, writers


def run(*argv):
    return cli.main(["extract", *map(str, argv), "--workers", "1", "-q"])


@pytest.fixture
def precious(tmp_path):
    """An input file that must come out of every refused run byte for byte."""
    path = tmp_path / "precious.jsonl"
    path.write_text("".join(json.dumps({"id": f"p{n}", "text": "Иван Петров пришёл."},
                                       ensure_ascii=False) + "\n" for n in range(3)),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("flags", [("-o", "{input}", "--force"),
                                   ("-o", "{tmp}/fresh.jsonl", "--quotes", "{input}",
                                    "--resume"),
                                   ("-o", "{tmp}/fresh.jsonl", "--entities", "{input}",
                                    "--force"),
                                   ("-o", "{tmp}/link.jsonl", "--resume"),
                                   ("-o", "{tmp}/hard.jsonl", "--force")])
def test_an_output_that_is_an_input_is_refused_whatever_the_flags(tmp_path, precious, flags,
                                                                  capsys):
    (tmp_path / "link.jsonl").symlink_to(precious)
    os.link(precious, tmp_path / "hard.jsonl")
    before = precious.read_bytes()
    argv = [flag.format(input=precious, tmp=tmp_path) for flag in flags]
    assert run(precious, *argv) == cli.USAGE
    assert "is an input of this run" in capsys.readouterr().err
    assert precious.read_bytes() == before
    assert not (tmp_path / "fresh.jsonl").exists()


def test_an_output_inside_an_input_folder_is_refused(tmp_path, precious, capsys):
    assert run(tmp_path, "-o", precious, "--force") == cli.USAGE
    assert "is an input of this run" in capsys.readouterr().err


@pytest.mark.parametrize("name, content", [
    ("quotes.csv", "id,name\n1,mine\n"),
    ("quotes.csv", "\n"),
    ("quotes.jsonl", '{"id": "x", "mine": true}\n'),
    ("quotes.jsonl", "not json at all\n")])
def test_resume_rewrites_only_a_table_with_its_own_header(tmp_path, precious, name, content,
                                                          capsys):
    out, table = tmp_path / "out.jsonl", tmp_path / name
    out.write_text("")
    table.write_text(content, encoding="utf-8")
    assert run(precious, "-o", out, "--quotes", table, "--resume") == cli.USAGE
    assert "not one this tool wrote" in capsys.readouterr().err
    assert table.read_text(encoding="utf-8") == content


def test_resume_never_clobbers_a_users_resume_file(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text("doc_id,quote\na,один\nb,два\n", encoding="utf-8")
    mine = tmp_path / "q.csv.resume"
    mine.write_text("my own notes\n", encoding="utf-8")
    writers.keep_only(str(path), "csv", ["a"])
    assert path.read_text(encoding="utf-8") == "doc_id,quote\na,один\n"
    assert mine.read_text(encoding="utf-8") == "my own notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q.csv", "q.csv.resume"]


# ---- exit codes and signals (#15.8) ----------------------------------------------------------

@pytest.fixture
def docs(tmp_path):
    """Six short documents in a JSON Lines file."""
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps({"id": f"d{n}", "text": f"Иван Петров пришёл {n} раз."},
                                       ensure_ascii=False) + "\n" for n in range(6)),
                    encoding="utf-8")
    return path


def fail_on_second_write(monkeypatch, exc):
    real, calls = writers.Table._write, []

    def write(self, rows):
        calls.append(1)
        if len(calls) > 1:
            raise exc
        real(self, rows)

    monkeypatch.setattr(writers.Table, "_write", write)


def test_a_full_disk_is_one_line_and_its_own_exit_status(tmp_path, docs, monkeypatch, capsys):
    out = tmp_path / "out.jsonl"
    fail_on_second_write(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    assert run(docs, "-o", out, "--batch-size", "2") == cli.WRITE_FAILED == 3
    err = capsys.readouterr().err
    assert [line for line in err.splitlines() if line] == [
        f"extractor: cannot write {out}: no space left on device. Free some space, then rerun "
        "with --resume to continue"]
    assert [r["id"] for r in map(json.loads, out.read_text().splitlines())] == ["d0", "d1"]


def test_another_write_error_names_the_file(tmp_path, docs, monkeypatch, capsys):
    out = tmp_path / "out.jsonl"
    fail_on_second_write(monkeypatch, OSError(errno.EIO, "Input/output error"))
    assert run(docs, "-o", out, "--batch-size", "2") == cli.WRITE_FAILED
    assert f"cannot write {out}: Input/output error" in capsys.readouterr().err


def test_a_broken_pipe_in_process_is_a_quiet_exit(docs, monkeypatch, capsys):
    fail_on_second_write(monkeypatch, BrokenPipeError(errno.EPIPE, "Broken pipe"))
    assert run(docs, "--batch-size", "2") == cli.BROKEN_PIPE == 141
    assert capsys.readouterr().err == ""


def test_head_closing_the_pipe_is_a_quiet_exit(tmp_path):
    big = tmp_path / "big.jsonl"
    # Far more than a pipe holds (64 KiB), so the writer meets the closed pipe.
    big.write_text("".join(json.dumps({"id": f"d{n}", "text": "Иван пришёл. " * 40},
                                      ensure_ascii=False) + "\n" for n in range(400)),
                   encoding="utf-8")
    command = [sys.executable, "-m", "extractor", "extract", str(big), "--no-quotes",
               "--workers", "1", "--batch-size", "100", "-q"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = process.stdout.readline()
    process.stdout.close()  # as `| head -1` does
    err = process.stderr.read().decode()
    assert process.wait() == cli.BROKEN_PIPE
    assert json.loads(first)["id"] == "d0"
    assert err == ""


def test_sigterm_ends_the_run_like_ctrl_c(tmp_path, docs, monkeypatch, capsys):
    def fallback(signum, frame):  # SIGTERM must never reach this (it would kill pytest)
        raise RuntimeError("SIGTERM was not handled by the CLI")

    previous = signal.signal(signal.SIGTERM, fallback)
    real, calls = writers.Table._write, []

    def write(self, rows):
        real(self, rows)
        calls.append(1)
        if len(calls) == 3:  # the first batch is written, the second batch's table rows too
            os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(writers.Table, "_write", write)
    out = tmp_path / "out.jsonl"
    try:
        assert run(docs, "-o", out, "--batch-size", "2", "--entities",
                   tmp_path / "e.csv") == cli.TERMINATED == 143
    finally:
        assert signal.signal(signal.SIGTERM, previous) is fallback  # restored after the run
    assert "terminated after 2 documents: rerun with --resume" in capsys.readouterr().err
    assert [r["id"] for r in map(json.loads, out.read_text().splitlines())] == ["d0", "d1"]


def test_sigterm_reaches_no_worker_handler():
    from extractor import parallel

    previous = signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        parallel.init_worker({}, extractor=object())
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        gc.unfreeze()
        gc.set_threshold(700, *gc.get_threshold()[1:])
        parallel._IN_WORKER = False  # this process is the tests' again


def truncated_gzip(tmp_path, name, lines, keep):
    data = gzip.compress("".join(lines).encode("utf-8"))
    path = tmp_path / name
    path.write_bytes(data[:keep(len(data))])
    return path


def test_a_truncated_gzip_keeps_every_document_before_the_break(tmp_path):
    lines = [json.dumps({"id": f"d{n}", "text": f"Документ номер {n}. " + "слово " * n},
                        ensure_ascii=False) + "\n" for n in range(200)]
    path = truncated_gzip(tmp_path, "cut.jsonl.gz", lines, lambda size: size * 2 // 3)
    assert path.stat().st_size < readers.SAMPLE
    items = list(readers.read_all([str(path)], readers.Options()))
    *good, last = items
    assert len(good) > 50
    assert [id for id, _ in good] == [f"d{n}" for n in range(len(good))]
    assert all(not isinstance(text, errors.Problem) for _, text in good)
    assert last[0] == "cut.jsonl.gz"
    assert last[1].startswith("cannot read cut.jsonl.gz: EOFError")


def test_a_truncated_gzip_csv_keeps_its_rows_too(tmp_path):
    lines = ["id,text\n"] + [f"r{n},Строка номер {n} и ещё немного текста {n * n}\n"
                             for n in range(300)]
    path = truncated_gzip(tmp_path, "cut.csv.gz", lines, lambda size: size // 2)
    *good, last = list(readers.read_all([str(path)], readers.Options()))
    assert [id for id, _ in good] == [f"r{n}" for n in range(len(good))] and len(good) > 50
    assert isinstance(last[1], errors.Problem) and last[0] == "cut.csv.gz"


def test_a_symlink_loop_in_a_folder_is_an_error_record(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Иван пришёл.", encoding="utf-8")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "x").symlink_to(folder / "y")
    (folder / "y").symlink_to(folder / "x")
    items = list(readers.read_all([str(folder)], readers.Options()))
    assert [id for id, _ in items] == ["a.txt", "loop.txt", "x", "y"]
    assert items[0][1] == "Иван пришёл."
    assert all(text.startswith(f"cannot read {id}: OSError") for id, text in items[1:])


# ---- bounded memory (#15.4) ------------------------------------------------------------------

def test_an_overlong_line_is_skipped_unread_and_the_next_documents_come_out(tmp_path,
                                                                            monkeypatch):
    monkeypatch.setattr(readers, "LINE_ROOM", 100)
    long = json.dumps({"id": "bomb", "text": "а" * 3_000_000}, ensure_ascii=False)
    lines = [json.dumps({"id": "a", "text": "Иван пришёл."}, ensure_ascii=False), long,
             json.dumps({"id": "c", "text": "Мария ушла."}, ensure_ascii=False)]
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(gzip.compress("\n".join(lines).encode("utf-8") + b"\n"))
    assert path.stat().st_size < 100_000
    options = readers.Options(max_chars=1000)
    tracemalloc.start()
    try:
        items = list(readers.read_all([str(path)], options))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [id for id, _ in items] == ["a", "bomb.jsonl.gz:2", "c"]
    assert items[1][1] == ("document is over the limit of 1000 characters (--max-chars): "
                           f"a line of {len(long.encode()) + 1} bytes")
    assert items[2][1] == "Мария ушла."
    # Nothing near the line's 6 MB was ever held: the 1 MiB sample, then bounded reads.
    assert peak < 8 * readers.SAMPLE


def test_the_cli_gives_the_overlong_line_one_error_record(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "LINE_ROOM", 100)
    path = tmp_path / "in.jsonl.gz"
    path.write_bytes(gzip.compress(
        b'{"id": "a", "text": "\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd."}\n'
        + b'{"id": "b", "text": "' + b"x" * 50_000 + b'"}\n'
        + b'{"id": "c", "text": "ok"}\n'))
    out = tmp_path / "out.jsonl"
    assert run(path, "-o", out, "--max-chars", "100") == cli.FAILED
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["error"] is None) for r in records] == [
        ("a", True), ("in.jsonl.gz:2", False), ("c", True)]


def test_an_overlong_csv_line_is_one_error_record(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "LINE_ROOM", 100)
    path = tmp_path / "in.csv"
    path.write_text("id,text\na,Иван пришёл.\nb," + "x" * 5_000 + "\nc,Мария ушла.\n",
                    encoding="utf-8")
    items = list(readers.read_all([str(path)], readers.Options(max_chars=100)))
    assert [id for id, _ in items] == ["a", "in.csv:3", "c"]
    assert "a line of 5003 bytes" in items[1][1] and items[2][1] == "Мария ушла."


def test_a_huge_max_chars_is_never_a_read_size(tmp_path):
    (tmp_path / "a.txt").write_text("Иван пришёл.", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"id": "b", "text": "Мария ушла."}\n', encoding="utf-8")
    options = readers.Options(max_chars=1_000_000_000_000)
    items = list(readers.read_all([str(tmp_path / "a.txt"), str(tmp_path / "b.jsonl")],
                                  options))
    assert items == [("a.txt", "Иван пришёл."), ("b", "Мария ушла.")]
    assert readers.line_limit(options) == readers.file_limit(options) == readers.READ_CAP


# ---- one run at a time on an output (#15.6) --------------------------------------------------

def test_a_second_run_on_a_locked_output_is_refused(tmp_path, docs, capsys):
    out = tmp_path / "out.jsonl"
    lock = tmp_path / "out.jsonl.lock"
    with open(lock, "w") as held:  # the first run, holding its lock
        held.write("4242\n")
        held.flush()
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert run(docs, "-o", out, "--resume") == cli.USAGE
        assert run(docs, "-o", out, "--force") == cli.USAGE
    err = capsys.readouterr().err
    assert err.count(f"extractor: {out} is being written by another run (process 4242; lock "
                     f"file {lock})") == 2
    assert not out.exists()


def test_a_run_takes_the_lock_with_its_pid_and_lets_it_go(tmp_path, docs, monkeypatch):
    out = tmp_path / "out.jsonl"
    lock = tmp_path / "out.jsonl.lock"
    lock.write_text("999999\n")  # left by a run killed long ago: nobody holds it
    seen = []
    real = writers.Table._write

    def write(self, rows):
        with open(lock, "rb") as other:  # while the run writes, nobody else may lock
            seen.append(lock.read_text())
            with pytest.raises(BlockingIOError):
                fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        real(self, rows)

    monkeypatch.setattr(writers.Table, "_write", write)
    assert run(docs, "-o", out) == cli.OK
    assert seen and set(seen) == {f"{os.getpid()}\n"}
    assert not lock.exists()


def test_a_refused_resume_lets_the_lock_go(tmp_path, docs):
    out, table = tmp_path / "out.jsonl", tmp_path / "q.csv"
    out.write_text("")
    table.write_text("not,a,quotes,table\n")
    assert run(docs, "-o", out, "--quotes", table, "--resume") == cli.USAGE
    assert not (tmp_path / "out.jsonl.lock").exists()
    lock = writers.Lock(str(out))
    lock.acquire()
    lock.release()


# ---- resume edge cases (#15.7) ---------------------------------------------------------------

def drop_last_line(path):
    """As a kill between a batch's table rows and its record line leaves the records."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")


def test_resume_refuses_a_table_the_first_run_did_not_write(tmp_path, docs, capsys):
    out, table = tmp_path / "out.jsonl", tmp_path / "e.csv"
    assert run(docs, "-o", out) == cli.OK
    drop_last_line(out)
    assert run(docs, "-o", out, "--entities", table, "--resume") == cli.USAGE
    err = capsys.readouterr().err
    assert f"cannot resume {table}: the records already in {out} have" in err
    assert "rows that this entities table lacks" in err and "Traceback" not in err
    assert not table.exists()


def test_a_damaged_line_in_a_jsonl_table_is_refused(tmp_path, docs, capsys):
    out, table = tmp_path / "out.jsonl", tmp_path / "e.jsonl"
    assert run(docs, "-o", out, "--entities", table) == cli.OK
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = '{"doc_id": "d0", "te\n'
    table.write_text("".join(lines), encoding="utf-8")
    assert run(docs, "-o", out, "--entities", table, "--resume") == cli.USAGE
    assert (f"cannot resume {table}: line 2 is not a row of the entities table"
            in capsys.readouterr().err)


def test_a_blank_line_in_a_csv_table_is_no_row(tmp_path, docs):
    out, table = tmp_path / "out.jsonl", tmp_path / "e.csv"
    assert run(docs, "-o", out, "--entities", table) == cli.OK
    whole = table.read_text(encoding="utf-8")
    lines = whole.splitlines(keepends=True)
    table.write_text("".join(lines[:2] + ["\n"] + lines[2:]), encoding="utf-8")
    drop_last_line(out)
    assert run(docs, "-o", out, "--entities", table, "--resume") == cli.OK
    assert table.read_text(encoding="utf-8") == whole


def test_a_repeated_id_killed_between_table_and_record_gets_its_rows_once(tmp_path):
    path = tmp_path / "twice.jsonl"
    path.write_text("".join(json.dumps({"id": "x", "text": text}, ensure_ascii=False) + "\n"
                            for text in ("Иван Петров пришёл.", "Мария Иванова и Олег Сидоров.")),
                    encoding="utf-8")
    full, full_table = tmp_path / "full.jsonl", tmp_path / "full.csv"
    assert run(path, "-o", full, "--entities", full_table, "--batch-size", "1") == cli.OK
    out, table = tmp_path / "out.jsonl", tmp_path / "e.csv"
    assert run(path, "-o", out, "--entities", table, "--batch-size", "1") == cli.OK
    drop_last_line(out)  # the second x: its rows are in the table, its record is not
    assert run(path, "-o", out, "--entities", table, "--batch-size", "1", "--resume") == cli.OK
    assert out.read_text(encoding="utf-8") == full.read_text(encoding="utf-8")
    assert table.read_text(encoding="utf-8") == full_table.read_text(encoding="utf-8")


def test_an_id_with_a_lone_surrogate_resumes_in_a_csv_output(tmp_path):
    path = tmp_path / "odd.jsonl"
    path.write_text('{"id": "a\\ud800b", "text": "Иван Петров пришёл."}\n'
                    '{"id": "c", "text": "Мария ушла."}\n', encoding="utf-8")
    full, out = tmp_path / "full.csv", tmp_path / "out.csv"
    assert run(path, "-o", full) == cli.OK
    assert run(path, "-o", out) == cli.OK
    drop_last_line(out)
    assert run(path, "-o", out, "--resume") == cli.OK
    assert out.read_text(encoding="utf-8") == full.read_text(encoding="utf-8")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
def test_a_real_full_device_is_exit_3_and_no_lock_in_dev(docs, capsys):
    assert run(docs, "-o", "/dev/full", "--force") == cli.WRITE_FAILED
    assert capsys.readouterr().err.strip() == (
        "extractor: cannot write /dev/full: no space left on device. Free some space, then "
        "rerun with --resume to continue")
    assert not os.path.exists("/dev/full.lock")


def test_a_lock_file_that_cannot_be_made_is_a_usage_error(tmp_path, docs, capsys):
    (tmp_path / "out.jsonl.lock").mkdir()  # not a file: it cannot be opened, even by root
    assert run(docs, "-o", tmp_path / "out.jsonl") == cli.USAGE
    assert f"cannot create the lock file {tmp_path}/out.jsonl.lock" in capsys.readouterr().err


def test_a_quoted_csv_field_over_many_short_lines_is_one_error_record(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "LINE_ROOM", 100)
    path = tmp_path / "in.csv"
    path.write_text('id,text\na,"начало\n' + 'строка "" текста\n' * 200 + 'конец",x\n'
                    'b,Мария ушла.\nc,"две\nстроки"\n', encoding="utf-8")
    items = list(readers.read_all([str(path)], readers.Options(max_chars=100)))
    assert [id for id, _ in items] == ["in.csv:2", "b", "c"]
    assert items[0][1].startswith("document is over the limit of 100 characters (--max-chars): "
                                  "a row of over ")
    assert items[1:] == [("b", "Мария ушла."), ("c", "две\nстроки")]
