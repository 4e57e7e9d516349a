"""pipe(n_process=2): the same Documents as one process, and the workers' own housekeeping."""

import gc
import pickle
from concurrent.futures import Future
from itertools import count

import pytest

from extractor import parallel, pipeline

TEXTS = [
    "Министр иностранных дел России Сергей Лавров заявил журналистам в Москве, "
    "что переговоры продолжатся.",
    "«Мы готовы», — сказал глава «Газпрома» Алексей Миллер.",
    "",
    "В понедельник госсекретарь США Майк Помпео прилетел в Берлин. Он встретился с Меркель.",
    "По словам Лаврова, Россия не откажется от участия в переговорах.",
]


def test_two_workers_give_what_one_process_gives(extractor):
    pairs = [(str(n), text) for n, text in enumerate(TEXTS)]
    one = list(extractor.pipe(pairs, batch_size=3))
    two = list(extractor.pipe(pairs, batch_size=3, n_process=2))  # chunks of 3, 1, 1
    assert two == one
    for a, b in zip(one, two, strict=True):
        assert type(b.raw_tokens) is tuple
        assert [t.__dict__ for t in b.raw_tokens] == [t.__dict__ for t in a.raw_tokens]
        assert b.tokens == a.tokens


def test_tokens_built_on_first_read_survive_another_trip(seed_doc):
    # The parent keeps a worker's tokens packed until read; pickling it on is lossless.
    twice = pickle.loads(pickle.dumps(pickle.loads(pickle.dumps(seed_doc))))
    assert twice == seed_doc
    assert [t.__dict__ for t in twice.raw_tokens] == [t.__dict__ for t in seed_doc.raw_tokens]
    assert twice.raw_tokens[0].feats is not seed_doc.raw_tokens[0].feats


@pytest.mark.parametrize("items, size, pieces, lengths", [
    (7, 3, 2, [3, 3, 1]),  # a last chunk of one is not cut further
    (6, 3, 2, [3, 2, 1]),
    (8, 4, 4, [4, 1, 1, 1, 1]),
    (2, 4, 2, [1, 1]),
    (0, 4, 2, []),
])
def test_only_the_last_chunk_is_cut(items, size, pieces, lengths):
    chunks = list(pipeline._chunks(iter(range(items)), size, pieces))
    assert [len(c) for c in chunks] == lengths
    assert [x for c in chunks for x in c] == list(range(items))


def test_chunks_are_read_lazily():
    pulled = count()

    def items():
        while True:
            yield next(pulled)

    chunks = pipeline._chunks(items(), 3, 2)
    assert next(chunks) == [0, 1, 2]
    assert next(pulled) == 6  # the chunk and the one after it (is it the last?)


def _collector(extractor, chunk):
    return [(gc.get_freeze_count() > 0, gc.get_threshold()[0]) for _ in chunk]


def test_workers_freeze_what_they_inherit_and_collect_less_often():
    threshold = gc.get_threshold()
    results = list(parallel.imap(iter([[("a", "x")]]), 2, {}, extractor=object(),
                                      task=_collector))
    assert results == [(True, parallel.WORKER_GC_THRESHOLD)]
    assert gc.get_threshold() == threshold and gc.get_freeze_count() == 0  # ours untouched


@pytest.mark.parametrize("enabled", [True, False])
def test_results_load_with_the_collectors_state_restored(enabled):
    future = Future()
    future.set_result(pickle.dumps([1, "два"]))
    (gc.enable if enabled else gc.disable)()
    try:
        assert parallel.loaded(future) == [1, "два"]
        assert gc.isenabled() == enabled
    finally:
        gc.enable()
