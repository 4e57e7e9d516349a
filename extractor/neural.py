"""The slovnet edge: the model files shipped in models/, their loaders, and `Net`, which runs
slovnet's CNN taggers (morphology, NER) on packed rows. Nothing slovnet-shaped leaves here but
the loaded model objects `Net` reads.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from functools import lru_cache

MORPH_BATCH = 64


def natasha_data(*parts: str) -> str:
    """Path to a file of natasha 1.6's data folder (`emb/…`, `model/…`, `dict/…`) in models/."""
    # Copied unchanged from natasha's wheel (MIT) so that natasha, and the abandoned pymorphy2
    # it pulls, stay out of the install; flat in models/, the dictionaries as names_*.txt.
    spec = importlib.util.find_spec("extractor.models")
    name = f"names_{parts[-1]}" if parts[0] == "dict" else parts[-1]
    return os.path.join(spec.submodule_search_locations[0], name)


@lru_cache(maxsize=1)
def load_navec():
    from navec import Navec

    return Navec.load(natasha_data("emb", "navec_news_v1_1B_250K_300d_100q.tar"))


@lru_cache(maxsize=1)
def load_morph():
    """The slovnet morphology tagger (one per process: read-only, shared by every Extractor)."""
    from slovnet import Morph

    return Morph.load(natasha_data("model", "slovnet_morph_news_v1.tar"),
                      batch_size=MORPH_BATCH).navec(load_navec())


def by_length(rows: Sequence[Sequence[str]]) -> list[int]:
    """Order that groups rows of similar length, so padded batches waste little."""
    return sorted(range(len(rows)), key=lambda i: len(rows[i]))


# ---- inference ------------------------------------------------------------------------------
# slovnet's executor pads each batch to its longest row, copies every convolution
# window, and builds a markup object per token; on news text that overhead cost
# as much as the arithmetic. `Net` runs the same weights on rows packed end to
# end instead (ids cached per word, one matrix product per layer, batch norm
# folded into a scale and shift, tags decoded from a table).

# Positions per packed chunk: big enough for efficient matrix products, small
# enough that the widest intermediate (positions × 768 floats) stays ~25 MB.
CHUNK = 8192

# A ё spelling seen fewer times than this in the embeddings' corpus is looked up by its
# е spelling; the frequent ones (`всё`, `её`, `ещё`, over 100,000) keep their own vectors.
RARE_YO = 50_000


def _rare(word: str) -> bool:
    vocab = load_navec().vocab
    index = vocab.word_ids.get(word)
    return index is None or vocab.counts[index] < RARE_YO


_IDS: dict[str, tuple[int, int]] = {}  # word → (navec id, shape id); both models share vocabs
_IDS_MAX = 200_000  # ≈ 30 MB at most; news vocabularies stay far below


class Net:
    """A slovnet CNN tagger (morph or NER) run on packed rows; outputs as slovnet's.

    Rows are separated by zero gaps as wide as the convolution padding, and gaps
    are zeroed after every layer, so each row is computed exactly as if alone:
    a row's tags never depend on its batch neighbours (in slovnet they can, a
    little: its first layer sees pad embeddings next to short rows).
    """

    def __init__(self, api) -> None:
        import numpy as np

        infer = api.infer
        model = infer.model
        self.words_vocab = infer.encoder.words_vocab
        self.shapes_vocab = infer.encoder.shapes_vocab
        self.tags = list(infer.decoder.tags_vocab.items)
        word = model.emb.word
        self.indexes = word.indexes.array
        self.codes = word.codes.array
        # codebook q's centroid c is row q × centroids + c of the flat table
        self.flat_codes = np.ascontiguousarray(self.codes.reshape(-1, self.codes.shape[2]))
        self.code_offsets = np.arange(self.codes.shape[0]) * self.codes.shape[1]
        self.word_dim = self.codes.shape[0] * self.codes.shape[2]
        self.layers = []
        for number, layer in enumerate(model.encoder.layers):
            weight = layer.conv.weight.array  # filters × in × kernel
            filters, in_dim, kernel = weight.shape
            # Column block k multiplies the input k - padding positions away.
            wide = np.ascontiguousarray(weight.transpose(1, 2, 0).reshape(in_dim, kernel * filters))
            norm = layer.norm
            scale = norm.weight.array / norm.std.array
            shift = norm.bias.array - norm.mean.array * scale
            shapes = None
            if number == 0:
                # The shape embedding's share of layer one, one row per shape id
                # (plus a zero row for gaps).
                table = model.emb.shape.weight.array @ wide[self.word_dim:]
                shapes = np.vstack([table, np.zeros((1, table.shape[1]), table.dtype)])
                wide = np.ascontiguousarray(wide[:self.word_dim])
            self.layers.append((wide, shapes, layer.conv.bias.array, scale.astype(np.float32),
                                shift.astype(np.float32), filters, kernel, layer.conv.padding))
        self.gap = max(layer[-1] for layer in self.layers)
        # How far a tag can see: context beyond this many tokens changes nothing.
        self.reach = sum(layer[-1] for layer in self.layers)
        self.gap_shape = len(self.layers[0][1]) - 1
        self.head = (model.head.proj.weight.array, model.head.proj.bias.array)
        self.crf = getattr(model.head, "crf", None)

    def ids(self, words: Sequence[str]) -> tuple[list[int], list[int]]:
        """Navec and shape ids of the words (cached per word)."""
        known = _IDS.get
        # comprehensions, not one loop appending twice: this runs for every token, twice
        pairs = [known(word) or self._encode(word) for word in words]
        return [pair[0] for pair in pairs], [pair[1] for pair in pairs]

    def _encode(self, word: str) -> tuple[int, int]:
        from slovnet.shape import word_shape

        lower = word.lower()
        known = self.words_vocab.encode(lower)
        if "ё" in lower and (known == self.words_vocab.unk_id or _rare(lower)):
            # the vocabulary spells nearly every word with е (`подчёркивалось` is
            # unknown, `подчеркивалось` is not), and a rare ё spelling is poorly
            # trained (`передаёт` read as a noun, `передает` is not)
            known = self.words_vocab.encode(lower.replace("ё", "е"))
        pair = (known, self.shapes_vocab.encode(word_shape(word)))
        if len(_IDS) < _IDS_MAX:
            _IDS[word] = pair
        return pair

    def logits(self, rows: Sequence[Sequence[str]], reduce=None):
        """Head outputs for every word of every row, concatenated (rows in order).

        `reduce` maps each chunk's outputs first: morph keeps only the argmax, so a
        long document never holds words × 753 floats at once."""
        import numpy as np

        outputs = []
        start = 0
        while start < len(rows):
            stop, size = start, 0
            while stop < len(rows) and (size == 0 or size + len(rows[stop]) <= CHUNK):
                size += len(rows[stop]) + self.gap
                stop += 1
            chunk = self._chunk(rows[start:stop])
            outputs.append(chunk if reduce is None else reduce(chunk))
            start = stop
        if not outputs:
            return np.zeros((0, len(self.tags)), np.float32)
        return np.concatenate(outputs)

    def _chunk(self, rows: Sequence[Sequence[str]]):
        import numpy as np

        gap = self.gap
        words: list[str] = []
        real: list[int] = []
        position = gap
        for row in rows:
            words.extend(row)
            real.extend(range(position, position + len(row)))
            position += len(row) + gap
        size = position
        word_ids, shape_ids = self.ids(words)
        real_index = np.array(real, dtype=np.intp)
        is_gap = np.ones(size, dtype=bool)
        is_gap[real_index] = False

        x = None
        for wide, shape_table, bias, scale, shift, filters, kernel, padding in self.layers:
            if shape_table is None:
                y = x @ wide
            else:
                y = self._first(wide, shape_table, word_ids, shape_ids, real_index, size)
            out = np.empty((size, filters), np.float32)
            for k in range(kernel):
                offset = k - padding  # out[t] += block k of y[t + offset]
                lo, hi = max(0, -offset), min(size, size - offset)
                block = y[lo + offset:hi + offset, k * filters:(k + 1) * filters]
                if k:
                    out[lo:hi] += block
                else:  # the bias and the first block in one pass (same sums: a + b is b + a)
                    np.add(block, bias, out=out[lo:hi])
                    out[:lo] = bias
                    out[hi:] = bias
            np.maximum(out, 0, out=out)
            out *= scale
            out += shift
            out[is_gap] = 0
            x = out
        weight, bias = self.head
        logits = x[real_index] @ weight
        logits += bias  # in place: the widest array of the chunk, allocated once
        return logits

    def _first(self, wide, shape_table, word_ids: list[int], shape_ids: list[int],
               real_index, size: int):
        """Layer one's input product at every position, zero in the gaps.

        It depends on the word and its shape alone, and a chunk of news holds each such
        pair about four times: the product, the network's most expensive, runs once per
        distinct pair and is gathered to the positions."""
        import numpy as np

        pairs = np.array(word_ids, dtype=np.int64) * len(shape_table) + shape_ids
        distinct, inverse = np.unique(pairs, return_inverse=True)
        # the quantized vectors' codes, gathered from the codebooks as one flat table
        codes = self.indexes[distinct // len(shape_table)] + self.code_offsets
        embedded = self.flat_codes.take(codes, axis=0)
        # one more row, all zeros, for the gaps
        rows = np.empty((len(distinct) + 1, wide.shape[1]), np.float32)
        np.matmul(embedded.reshape(len(distinct), -1), wide, out=rows[:-1])
        rows[:-1] += shape_table[distinct % len(shape_table)]
        rows[-1] = 0
        at = np.full(size, len(distinct), dtype=np.intp)
        at[real_index] = inverse
        return rows.take(at, axis=0)


_NETS: dict[int, Net] = {}


def net(api) -> Net:
    """The packed-row runner for a loaded slovnet Morph or NER (built once per model)."""
    found = _NETS.get(id(api))
    if found is None or found.api is not api:
        found = Net(api)
        found.api = api
        _NETS[id(api)] = found
    return found


def load_syntax():
    from slovnet import Syntax

    return Syntax.load(natasha_data("model", "slovnet_syntax_news_v1.tar"),
                       batch_size=MORPH_BATCH).navec(load_navec())
