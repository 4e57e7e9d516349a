"""pipe(n_process=2): the same Documents as one process, and the workers' own housekeeping."""

import gc
import pickle
import time
from concurrent.futures import Future
from itertools import count

import pytest
from faults import POISON, Dying, stray

from extractor import errors, parallel, pipeline

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
    threshold, frozen = gc.get_threshold(), gc.get_freeze_count()
    results = list(parallel.imap(iter([[("a", "x")]]), 2, {}, extractor=object(),
                                      task=_collector))
    assert results == [(True, parallel.WORKER_GC_THRESHOLD)]
    assert (gc.get_threshold(), gc.get_freeze_count()) == (threshold, frozen)  # ours untouched


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


def _ids(docs):
    return [d.id for d in docs]


def _slowly(chunks, seconds=0.2):
    """The chunks, read as from a slow disk: a worker may die while the next is read."""
    for chunk in chunks:
        time.sleep(seconds)
        yield chunk


def test_every_worker_death_costs_only_its_own_documents():
    # Culprits in several chunks, the input read slowly: a pool that broke while the next
    # chunk was read used to fail its `submit` and end the run with a traceback.
    culprits = {(1, 1), (4, 0), (5, 2), (8, 1)}
    chunks = [[(f"{n}-{k}", POISON if (n, k) in culprits else "x") for k in range(3)]
              for n in range(10)]
    docs = list(parallel.imap(_slowly(chunks), 2, {}, extractor=Dying()))
    assert _ids(docs) == [id for chunk in chunks for id, _ in chunk]
    assert [d.id for d in docs if d.error] == ["1-1", "4-0", "5-2", "8-1"]
    assert {d.error for d in docs if d.error} == {errors.WORKER_DIED}


def test_a_stray_kill_costs_nothing(tmp_path):
    # A worker killed from outside dies on an innocent document: it runs again and succeeds.
    chunks = [[(f"{n}", stray(tmp_path / f"m{n}") if n in (2, 3, 7) else "x")] for n in range(9)]
    docs = list(parallel.imap(_slowly(chunks, 0.1), 2, {}, extractor=Dying()))
    assert _ids(docs) == [str(n) for n in range(9)]
    assert [d.error for d in docs] == [None] * 9


def test_a_worker_that_cannot_start_stops_the_run():
    with pytest.raises(errors.StartupError, match="could not start"):
        list(parallel.imap(iter([[("a", "x")]]), 2, {"no_such_option": 1},
                           build=pipeline.shared))


def test_unknown_start_method_is_refused():
    with pytest.raises(ValueError, match="start_method"):
        next(parallel.imap(iter([]), 2, {}, start_method="teleport"))


def test_forkserver_workers_give_what_one_process_gives(extractor):
    # The forkserver loads the models once (extractor._forkserver); its workers share them.
    pairs = [(str(n), text) for n, text in enumerate(TEXTS)]
    chunks = [pairs[:3], pairs[3:]]
    docs = list(parallel.imap(iter(chunks), 2, {"batch_size": 3, "quotes": True},
                              start_method="forkserver", build=pipeline.shared))
    assert docs == list(extractor.pipe(pairs, batch_size=3))


def test_settle_moves_what_is_alive_to_the_oldest_generation_unfrozen():
    if gc.get_freeze_count():
        pytest.skip("this interpreter starts with frozen objects: settle leaves them be")
    gc.disable()  # no collection moves it meanwhile
    try:
        young = [object()]  # a fresh container: in the youngest generation
        assert any(o is young for o in gc.get_objects(0))
        parallel.settle()
        assert not any(o is young for o in gc.get_objects(0))
        assert any(o is young for o in gc.get_objects(2))
        assert gc.get_freeze_count() == 0
    finally:
        gc.enable()


def test_settle_leaves_a_callers_frozen_heap_and_young_objects_alone():
    gc.disable()
    gc.freeze()
    try:
        young = [object()]
        frozen = gc.get_freeze_count()
        parallel.settle()
        # nothing frozen or unfrozen (frozen objects that die meanwhile leave the count)
        assert 0 < gc.get_freeze_count() <= frozen
        assert any(o is young for o in gc.get_objects(0))
    finally:
        gc.unfreeze()
        gc.enable()


def _settled(extractor, chunk):
    before = gc.get_freeze_count()
    kept = [object() for _ in chunk]
    parallel.settle()
    return [gc.get_freeze_count() > before and not any(o is kept for o in gc.get_objects(0))]


def test_a_worker_freezes_what_a_batch_leaves_alive():
    results = list(parallel.imap(iter([[("a", "x")]]), 1, {}, extractor=object(),
                                 task=_settled))
    assert results == [True]
