"""What must hold for every record, whatever the input (hostile and property tests)."""

from __future__ import annotations

import json

from extractor import Document

TYPES = {"PER", "ORG", "LOC"}


def check_record(doc: Document, text: str) -> None:
    """Offsets index the original text, links resolve, the record is one UTF-8 JSON line."""
    assert doc.error is None, doc.error
    assert doc.text == text
    n = len(text)
    ids = {c.id for c in doc.clusters}
    for e in doc.entities:
        assert 0 <= e.start < e.stop <= n, e
        assert text[e.start:e.stop] == e.text, e
        assert e.type in TYPES and e.normal, e
        assert e.cluster is None or e.cluster in ids, e
    for c in doc.clusters:
        assert c.type in TYPES and c.name, c
        for start, stop in c.mentions:
            assert 0 <= start < stop <= n, c
    for q in doc.quotes:
        assert 0 <= q.start <= q.stop <= n, q
        assert text[q.start:q.stop] == q.text, q
        speaker = q.speaker
        if speaker is not None and speaker.start is not None:
            assert 0 <= speaker.start < speaker.stop <= n, q
            assert text[speaker.start:speaker.stop] == speaker.mention, q
        if speaker is not None:
            assert speaker.cluster is None or speaker.cluster in ids, q
    for t in doc.raw_tokens:
        assert text[t.start:t.stop] == t.text, t
    for s in doc.sentences:
        assert text[s.start:s.stop] == s.text, s
    line = doc.to_json()
    assert "\n" not in line
    line.encode("utf-8")  # the CLI writes UTF-8: lone surrogates must not reach it raw
    # JSON has one spelling for a high and a low surrogate side by side and for the
    # character they encode (`\ud83d\udcff`): such a split pair loads back joined.
    assert json.loads(line) == json.loads(json.dumps(doc.to_dict()))
