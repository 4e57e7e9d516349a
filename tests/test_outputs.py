"""What the batch outputs keep and how they are written: meta, text, formula cells, Excel."""

import csv
import json
from pathlib import Path

import pytest

from extractor import cli, tables
from extractor.io import writers

FIXTURES = Path(__file__).parent / "fixtures" / "io"
HOSTILE = '«=HYPERLINK("http://x","click")», — заявил Иван Петров.'


def run(*argv):
    return cli.main(["extract", *map(str, argv), "--workers", "1", "-q"])


def lines(path):
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def dated(tmp_path):
    path = tmp_path / "in.jsonl"
    rows = [{"id": "=1", "text": HOSTILE, "date": "2024-05-01", "url": "http://a/1"},
            {"id": "b", "text": "«Мы готовы», — сказала Мария Иванова.", "date": "2024-05-02",
             "tags": ["x"]}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    return path


def _csv(path, **kwargs):
    with open(path, encoding=kwargs.pop("encoding", "utf-8"), newline="") as file:
        return list(csv.DictReader(file, **kwargs))


def test_input_fields_pass_through_as_meta_and_text_is_kept_when_asked(tmp_path, dated):
    out = tmp_path / "out.jsonl"
    assert run(dated, "-o", out, "--keep-text") == cli.OK
    first, second = lines(out)
    assert first["meta"] == {"date": "2024-05-01", "url": "http://a/1"}
    assert second["meta"] == {"date": "2024-05-02", "tags": ["x"]}
    assert first["text"] == HOSTILE
    assert all(first["text"][q["start"]:q["stop"]] == q["text"] for q in first["quotes"])
    assert run(dated, "-o", out, "--force") == cli.OK
    assert "text" not in lines(out)[0]


def test_meta_columns_in_the_quote_and_entity_tables(tmp_path, dated):
    quotes, entities = tmp_path / "q.csv", tmp_path / "e.jsonl"
    assert run(dated, "-o", tmp_path / "out.jsonl", "--quotes", quotes, "--entities", entities,
               "--meta", "date,url") == cli.OK
    rows = _csv(quotes)
    assert list(rows[0])[-2:] == ["date", "url"]
    assert [(r["date"], r["url"]) for r in rows] == [("2024-05-01", "http://a/1"),
                                                     ("2024-05-02", "")]
    assert {(r["doc_id"], r["date"]) for r in lines(entities)} == \
        {("=1", "2024-05-01"), ("b", "2024-05-02")}


def test_a_meta_field_named_like_a_column_is_a_usage_error(tmp_path, dated, capsys):
    assert run(dated, "-o", tmp_path / "o.jsonl", "--quotes", tmp_path / "q.csv",
               "--meta", "kind") == cli.USAGE
    assert "'kind'" in capsys.readouterr().err


def test_formula_cells_are_neutralized_in_csv_and_exact_in_json_lines(tmp_path, dated):
    quotes, out = tmp_path / "q.csv", tmp_path / "out.csv"
    assert run(dated, "-o", out, "--quotes", quotes) == cli.OK
    rows = _csv(quotes)
    assert rows[0]["quote"] == "'" + '=HYPERLINK("http://x","click")'
    assert rows[0]["doc_id"] == "'=1"
    assert _csv(out)[0]["id"] == "'=1"
    raw = tmp_path / "raw.csv"
    assert run(dated, "-o", tmp_path / "out.jsonl", "--quotes", raw, "--no-sanitize") == cli.OK
    assert _csv(raw)[0]["quote"] == '=HYPERLINK("http://x","click")'
    assert lines(tmp_path / "out.jsonl")[0]["quotes"][0]["text"] == \
        '=HYPERLINK("http://x","click")'


def test_resume_reads_neutralized_ids_back(tmp_path, dated):
    out, quotes = tmp_path / "out.csv", tmp_path / "q.csv"
    assert run(dated, "-o", out, "--quotes", quotes) == cli.OK
    before = out.read_text(encoding="utf-8"), quotes.read_text(encoding="utf-8")
    assert run(dated, "-o", out, "--quotes", quotes, "--resume") == cli.OK
    assert (out.read_text(encoding="utf-8"), quotes.read_text(encoding="utf-8")) == before


@pytest.mark.parametrize("value", ["=1+2", "+7", "-x", "@SUM(A1)", "\tx", "\rx", "'quoted",
                                   "plain", "", "мир"])
def test_neutralize_is_undone_by_restore(value):
    cell = writers.neutralize(value)
    assert writers.restore(cell) == value
    assert cell[:1] not in writers.FORMULA_START


def test_excel_csv_has_a_bom_and_semicolons_and_resumes(tmp_path, dated):
    quotes, out = tmp_path / "q.csv", tmp_path / "out.csv"
    assert run(dated, "-o", out, "--quotes", quotes, "--excel") == cli.OK
    data = quotes.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfdoc_id;speaker;")
    assert data.count(b"\xef\xbb\xbf") == 1
    rows = _csv(quotes, encoding="utf-8-sig", delimiter=";")
    assert rows[1]["speaker"] == "Мария Иванова"
    assert rows[1]["confidence"].startswith("0,")  # the Russian decimal mark
    before = data
    assert run(dated, "-o", out, "--quotes", quotes, "--excel", "--resume") == cli.OK
    assert quotes.read_bytes() == before


def test_an_unknown_output_suffix_is_refused(tmp_path, dated, capsys):
    assert run(dated, "-o", tmp_path / "out.docx") == cli.USAGE
    assert "unknown output suffix '.docx'" in capsys.readouterr().err
    assert not (tmp_path / "out.docx").exists()


def test_records_are_not_written_to_a_spreadsheet(tmp_path, dated, capsys):
    assert run(dated, "-o", tmp_path / "out.xlsx") == cli.USAGE
    assert "--quotes" in capsys.readouterr().err


def test_an_xlsx_table_is_a_real_workbook_with_text_cells(tmp_path, dated):
    openpyxl = pytest.importorskip("openpyxl")
    quotes = tmp_path / "quotes.xlsx"
    assert run(dated, "-o", tmp_path / "out.jsonl", "--quotes", quotes, "--meta", "date") == cli.OK
    sheet = openpyxl.load_workbook(quotes).active
    header, first, *_ = [[c.value for c in row] for row in sheet.iter_rows()]
    assert header == list(tables.QUOTES) + ["date"]
    assert first[header.index("quote")] == '=HYPERLINK("http://x","click")'
    assert sheet.cell(2, header.index("quote") + 1).data_type == "s"
    assert first[-1] == "2024-05-01"


def test_an_html_page_gives_its_metadata(tmp_path):
    pytest.importorskip("trafilatura")
    out = tmp_path / "out.jsonl"
    run(FIXTURES / "page.html", "-o", out, "--no-quotes")
    [record] = lines(out)
    assert record["meta"]["title"]
    assert set(record["meta"]) <= {"title", "date", "author", "url", "sitename"}
