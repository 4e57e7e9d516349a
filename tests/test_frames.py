"""to_frame: one row per quote, entity or cluster, flat columns, the document id on each row."""

import subprocess
import sys

import pytest

pd = pytest.importorskip("pandas")

from extractor import to_frame  # noqa: E402
from extractor.frames import COLUMNS  # noqa: E402
from extractor.records import Cluster, Document, Entity, Quote, Speaker  # noqa: E402

TEXT = "«Мы готовы», — заявил Сергей Лавров. По словам источника, всё решено."


def _doc(id: str | None = "a") -> Document:
    lavrov = Speaker("Сергей Лавров", "PER", 1, "Сергей Лавров", 22, 35)
    return Document(
        text=TEXT, id=id,
        entities=(Entity("Сергей Лавров", 22, 35, "PER", "Сергей Лавров", 1),),
        clusters=(Cluster(1, "PER", "Сергей Лавров", "Сергей", None, "Лавров",
                          ("министр", "дипломат"), ((22, 35),)),),
        quotes=(
            Quote("Мы готовы", 1, 10, "direct", "заявил", "заявить", lavrov, 0, 0.9, "dash"),
            Quote("всё решено", 58, 68, "indirect", "по словам", "по словам",
                  Speaker(None, None, None, "источника", 46, 55), 1, 0.5, "frame"),
        ),
    )


def test_quotes_frame_rows_and_columns():
    frame = to_frame([_doc("a"), _doc("b")], "quotes")
    assert list(frame.columns) == COLUMNS["quotes"]
    assert frame.shape == (4, len(COLUMNS["quotes"]))
    assert list(frame.doc_id) == ["a", "a", "b", "b"]
    first = frame.iloc[0]
    assert (first.speaker, first.speaker_type, first.speaker_cluster, first.mention) == \
        ("Сергей Лавров", "PER", 1, "Сергей Лавров")
    assert (first.kind, first.cue, first.cue_lemma, first.quote, first.start, first.stop) == \
        ("direct", "заявил", "заявить", "Мы готовы", 1, 10)
    assert (first.confidence, first.rule) == (0.9, "dash")
    unnamed = frame.iloc[1]
    assert pd.isna(unnamed.speaker) and pd.isna(unnamed.speaker_cluster)
    assert str(frame.speaker_cluster.dtype) == "Int64"
    assert all(TEXT[r.start:r.stop] == r.quote for r in frame.itertuples())


def test_entities_and_clusters_frames():
    entities = to_frame(_doc(), "entities")
    assert list(entities.columns) == COLUMNS["entities"]
    assert entities.to_dict("records") == [{
        "doc_id": "a", "text": "Сергей Лавров", "type": "PER", "normal": "Сергей Лавров",
        "cluster": 1, "start": 22, "stop": 35, "cluster_name": "Сергей Лавров"}]
    clusters = to_frame(_doc(), "clusters")
    assert list(clusters.columns) == COLUMNS["clusters"]
    row = clusters.iloc[0]
    assert (row.doc_id, row.cluster, row["name"], row.roles, row.mentions) == \
        ("a", 1, "Сергей Лавров", "министр; дипломат", 1)


def test_dicts_from_json_lines_work_too():
    assert to_frame(_doc().to_dict(), "quotes").equals(to_frame(_doc(), "quotes"))


def test_missing_id_falls_back_to_position():
    assert list(to_frame([_doc(None), _doc(None)], "entities").doc_id) == [0, 1]


@pytest.mark.parametrize("what", sorted(COLUMNS))
def test_empty_input_keeps_columns(what):
    frame = to_frame([Document(text="", id="e")], what)
    assert frame.shape == (0, len(COLUMNS[what]))
    assert list(frame.columns) == COLUMNS[what]


def test_unknown_table_is_an_error():
    with pytest.raises(ValueError, match="quotes"):
        to_frame([], "people")


def test_seed_entities_frame(seed_doc):
    frame = to_frame(seed_doc, "entities")
    assert len(frame) == len(seed_doc.entities)
    assert set(frame.type) <= {"PER", "ORG", "LOC"}
    assert {"Сергей Рябков", "Майк Помпео"} <= set(to_frame(seed_doc, "clusters")["name"])


def test_without_pandas_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'extractor-ru\[jupyter\]'"):
        to_frame(_doc())


def test_core_import_stays_lean():
    code = ("import sys, extractor; "
            "print(sorted(m for m in ('pandas', 'spacy', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_meta_fields_become_columns_and_missing_ones_are_empty():
    dated = _doc("a").to_dict() | {"meta": {"date": "2024-05-01", "url": "http://x/1"}}
    frame = to_frame([dated, _doc("b")], "quotes", meta=["date", "url"])
    assert list(frame.columns) == COLUMNS["quotes"] + ["date", "url"]
    assert list(frame.date[:2]) == ["2024-05-01"] * 2
    assert frame.date[2:].isna().all()


def test_the_frame_has_the_batch_tables_columns(tmp_path):
    import csv

    from extractor.io.outputs import Outputs

    paths = {what: tmp_path / f"{what}.csv" for what in ("quotes", "entities")}
    outputs = Outputs(str(tmp_path / "r.jsonl"), quotes=str(paths["quotes"]),
                      entities=str(paths["entities"]))
    outputs.open(append=False)
    outputs.write([_doc().to_dict()])
    outputs.close()
    outputs.unlock()
    for what, path in paths.items():
        with open(path, encoding="utf-8", newline="") as file:
            header, *rows = list(csv.reader(file))
        assert header == COLUMNS[what]
        assert len(rows) == len(to_frame(_doc(), what))
