"""Readers and writers of the batch tool: formats, compression, encodings, HTML, broken input."""

import bz2
import csv
import gzip
import io
import json
import lzma
from pathlib import Path

import pytest

from extractor import errors, tables
from extractor.io import readers, writers

FIXTURES = Path(__file__).parent / "fixtures" / "io"
NEWS = (FIXTURES / "news.txt").read_text(encoding="utf-8")
DOCS = [("d1", "Мэр Москвы Сергей Собянин открыл новую станцию метро."),
        ("d2", "«Мы готовы к диалогу», — заявил министр иностранных дел Сергей Лавров.\n"
               "В Казани прошёл форум; его открыл Рустам Минниханов, глава Татарстана.")]


def compress(data: bytes, kind: str) -> bytes:
    if kind == "gz":
        return gzip.compress(data)
    if kind == "bz2":
        return bz2.compress(data)
    if kind == "xz":
        return lzma.compress(data)
    if kind == "zst":
        return pytest.importorskip("zstandard").ZstdCompressor().compress(data)
    return data


def encode(format: str, docs) -> bytes:
    if format == "jsonl":
        return "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n"
                       for i, t in docs).encode()
    if format in ("csv", "tsv"):
        buffer = io.StringIO()
        out = csv.writer(buffer, delimiter="\t" if format == "tsv" else ",")
        out.writerow(["id", "text"])
        out.writerows(docs)
        return buffer.getvalue().encode()
    if format == "parquet":
        pa = pytest.importorskip("pyarrow")
        import pyarrow.parquet as pq

        sink = pa.BufferOutputStream()
        pq.write_table(pa.table({"id": [i for i, _ in docs], "text": [t for _, t in docs]}),
                       sink)
        return sink.getvalue().to_pybytes()
    raise ValueError(format)


@pytest.mark.parametrize("compression", ["", "gz", "bz2", "xz", "zst"])
@pytest.mark.parametrize("format", ["jsonl", "csv", "tsv", "parquet"])
def test_every_format_and_compression_reads_back_the_documents(tmp_path, format, compression):
    name = f"docs.{format}" + (f".{compression}" if compression else "")
    (tmp_path / name).write_bytes(compress(encode(format, DOCS), compression))
    assert list(readers.read_all([str(tmp_path / name)], readers.Options())) == DOCS


@pytest.mark.parametrize("compression", ["", "gz", "bz2", "xz", "zst"])
def test_text_files_in_a_folder_are_documents_named_by_relative_path(tmp_path, compression):
    suffix = f".{compression}" if compression else ""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / f"one.txt{suffix}").write_bytes(compress(DOCS[0][1].encode(), compression))
    (tmp_path / f"two.txt{suffix}").write_bytes(compress(DOCS[1][1].encode(), compression))
    (tmp_path / "notes.md").write_text("not an input")
    got = list(readers.read_all([str(tmp_path)], readers.Options()))
    assert got == [(f"a/one.txt{suffix}", DOCS[0][1]), (f"two.txt{suffix}", DOCS[1][1])]


def test_glob_chooses_the_files_of_a_folder(tmp_path):
    (tmp_path / "a.txt").write_text("Первый.")
    (tmp_path / "b.html").write_text("<p>Второй.</p>")
    got = list(readers.read_all([str(tmp_path)], readers.Options(), glob="*.txt"))
    assert got == [("a.txt", "Первый.")]


@pytest.mark.parametrize("name", ["news-cp1251.txt", "news-koi8r.txt"])
def test_legacy_cyrillic_encodings_are_detected(name):
    [(id, text)] = readers.read_all([str(FIXTURES / name)], readers.Options())
    # The koi8-r fixture has ASCII quotes and dashes (koi8-r has no «» or —).
    plain = NEWS.replace("«", '"').replace("»", '"').replace("—", "-")
    assert id == name and text in (NEWS, plain)


def test_encoding_option_overrides_detection():
    [(_, text)] = readers.read_all([str(FIXTURES / "news-cp1251.txt")],
                                   readers.Options(encoding="cp1251"))
    assert text == NEWS


def test_undecodable_file_is_an_error_item_with_its_id():
    [(id, text)] = readers.read_all([str(FIXTURES / "news-cp1251.txt")],
                                    readers.Options(encoding="utf-8"))
    assert id == "news-cp1251.txt"
    assert isinstance(text, errors.Problem) and text.startswith("cannot decode news-cp1251.txt")


def test_cp1251_jsonl_is_decoded_line_by_line(tmp_path):
    line = json.dumps({"id": "x", "text": NEWS}, ensure_ascii=False) + "\n"
    (tmp_path / "old.jsonl").write_bytes((line * 3).encode("cp1251"))
    texts = [t for _, t in readers.read_all([str(tmp_path / "old.jsonl")], readers.Options())]
    assert texts == [NEWS] * 3


def test_html_keeps_title_and_article_drops_navigation_scripts_and_footer():
    [(id, text)] = readers.read_all([str(FIXTURES / "page.html")], readers.Options())
    assert id == "page.html"
    assert text.startswith("Травников провёл совещание о ремонте дорог\n")
    assert "заявил он журналистам после встречи в Новосибирске" in text
    for junk in ("Главная", "Погода в Омске", "dataLayer", "Реклама", "font-family",
                 "Все права защищены"):
        assert junk not in text


def test_html_without_main_text_is_an_error_item(tmp_path):
    (tmp_path / "empty.html").write_text("<html><body><script>x()</script></body></html>")
    [(id, text)] = readers.read_all([str(tmp_path / "empty.html")], readers.Options())
    assert id == "empty.html" and isinstance(text, errors.Problem)


def test_broken_jsonl_line_is_an_error_item_and_reading_goes_on():
    got = list(readers.read_all([str(FIXTURES / "broken.jsonl")], readers.Options()))
    assert [id for id, _ in got] == ["ok-1", "broken.jsonl:2", "ok-2"]
    assert isinstance(got[1][1], errors.Problem) and got[1][1].startswith("line 2: not valid JSON")
    assert not isinstance(got[2][1], errors.Problem)


def test_fields_and_fallback_ids(tmp_path):
    (tmp_path / "a.jsonl").write_text(
        '{"body": "Первый."}\n\n{"key": 7, "body": "Второй."}\n{"key": 8}\n[1, 2]\n')
    got = list(readers.read_all([str(tmp_path / "a.jsonl")],
                                readers.Options(text_field="body", id_field="key")))
    assert [(i, t) for i, t in got[:2]] == [("a.jsonl:1", "Первый."), ("7", "Второй.")]
    hint = " (choose the field with --text-field)"
    assert got[2] == ("8", "line 4: no text field 'body'" + hint)
    assert got[3] == ("a.jsonl:5", "line 5: no text field 'body'" + hint)


def test_csv_without_the_text_column_is_one_error_item(tmp_path):
    (tmp_path / "a.csv").write_text("id,body\n1,Текст\n")
    [(id, text)] = readers.read_all([str(tmp_path / "a.csv")], readers.Options())
    assert id == "a.csv" and text == ("a.csv: no column 'text' (columns: id, body; "
                                      "choose them with --text-field/--id-field)")


def test_csv_rows_may_span_lines_and_ids_fall_back_to_the_line(tmp_path):
    (tmp_path / "a.csv").write_text('text\n"Первая строка.\nВторая строка."\nТретий.\n')
    got = list(readers.read_all([str(tmp_path / "a.csv")], readers.Options()))
    assert got == [("a.csv:2", "Первая строка.\nВторая строка."), ("a.csv:4", "Третий.")]


def test_too_long_document_is_an_error_item_with_its_id(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": "long", "text": "слово слово"}\n')
    [(id, text)] = readers.read_all([str(tmp_path / "a.jsonl")], readers.Options(max_chars=5))
    assert id == "long" and text == errors.TOO_LONG.format(length=11, limit=5)


def test_truncated_archive_is_an_error_item(tmp_path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(NEWS.encode())[:40])
    [(id, text)] = readers.read_all([str(tmp_path / "a.txt.gz")], readers.Options())
    assert id == "a.txt.gz" and text.startswith("cannot read a.txt.gz")


@pytest.mark.parametrize("argument, message", [
    ("missing.jsonl", "no such file or directory"),
    ("notes.md", "cannot tell the format"),
    ("empty", "no input files in"),
])
def test_bad_inputs_are_usage_errors(tmp_path, monkeypatch, argument, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.md").write_text("x")
    (tmp_path / "empty").mkdir()
    with pytest.raises(readers.UsageError, match=message):
        readers.sources([argument], readers.Options())


# ---- writers -------------------------------------------------------------------------------

RECORD = {"id": "x", "text_length": 10, "entities": [
    {"text": "Лавров", "start": 1, "stop": 7, "type": "PER", "normal": "Лавров", "cluster": 1}],
    "clusters": [], "quotes": [
    {"text": "Мы готовы", "start": 1, "stop": 10, "kind": "direct", "cue": "заявил",
     "speaker": {"name": "Сергей Лавров", "type": "PER"}}], "error": None}


@pytest.mark.parametrize("format", ["jsonl", "csv", "tsv", "parquet"])
def test_written_records_read_back(tmp_path, format):
    path = str(tmp_path / f"out.{format}")
    table = writers.Table(path, format, writers.RECORD)
    table.write([RECORD])
    table.write([{**RECORD, "id": "y", "entities": [], "quotes": [], "error": "bad"}])
    table.close()
    if format == "jsonl":
        rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    elif format == "parquet":
        rows = pytest.importorskip("pyarrow.parquet").read_table(path).to_pylist()
    else:
        with open(path, encoding="utf-8", newline="") as file:
            rows = list(csv.DictReader(file, delimiter="\t" if format == "tsv" else ","))
    if format != "jsonl":
        for row in rows:
            for name in ("entities", "clusters", "quotes"):
                row[name] = json.loads(row[name])
            row["text_length"] = int(row["text_length"])
            row["error"] = row["error"] or None
    assert [r["id"] for r in rows] == ["x", "y"]
    assert rows[0] == RECORD and rows[1]["error"] == "bad"


def test_flat_quote_and_entity_rows():
    # The first columns of each table are those of earlier versions (extractor.tables).
    assert [{k: row[k] for k in list(row)[:8]} for row in tables.rows("quotes", RECORD)] == [
        {"doc_id": "x", "speaker": "Сергей Лавров", "speaker_type": "PER", "kind": "direct",
         "cue": "заявил", "quote": "Мы готовы", "start": 1, "stop": 10}]
    assert [{k: row[k] for k in list(row)[:7]} for row in tables.rows("entities", RECORD)] == [
        {"doc_id": "x", "text": "Лавров", "type": "PER", "normal": "Лавров", "cluster": 1,
         "start": 1, "stop": 7}]


def test_repair_cuts_a_torn_last_line(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_text('{"id": "a"}\n{"id": "b"}\n{"id": "c", "ent')
    assert writers.written_ids(str(path), "jsonl") == {"a": 1, "b": 1}
    assert path.read_text() == '{"id": "a"}\n{"id": "b"}\n'


def test_keep_only_drops_rows_of_unwritten_documents(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text("doc_id,quote\na,один\nb,два\nc,три")
    writers.keep_only(str(path), "csv", ["a", "b"])
    assert path.read_text() == "doc_id,quote\na,один\nb,два\n"


def test_parquet_output_cannot_be_resumed(tmp_path):
    with pytest.raises(writers.UsageError, match="cannot resume"):
        writers.written_ids(str(tmp_path / "out.parquet"), "parquet")


def test_a_missing_optional_dependency_names_the_install_line():
    from extractor.io import need

    with pytest.raises(readers.UsageError, match=r"pip install 'extractor-ru\[io\]'"):
        need("no_such_module_for_this_test", "io", "reading HTML")


def test_a_source_tells_its_document_count_when_that_is_cheap(tmp_path):
    from extractor.io.readers import Source, expected

    lines = tmp_path / "a.jsonl"
    lines.write_text('{"text": "а"}\n{"text": "б"}\n{"text": "в"}', encoding="utf-8")
    packed = tmp_path / "a.jsonl.gz"
    packed.write_bytes(gzip.compress(lines.read_bytes()))
    page = tmp_path / "p.txt"
    page.write_text("Текст.", encoding="utf-8")
    assert expected(Source(lines, "a.jsonl", "jsonl")) == 3
    assert expected(Source(page, "p.txt", "txt")) == 1
    assert expected(Source(packed, "a.jsonl.gz", "jsonl")) is None  # not without unpacking
    assert expected(Source(None, "-", "jsonl")) is None
