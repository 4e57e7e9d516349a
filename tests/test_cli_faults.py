"""The batch tool under faults and a careless user: inputs never destroyed, clear exit codes."""

import json
import os

import pytest

from extractor import cli
from extractor.io import writers


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
