"""Stage 2: slovnet morphology (batched across documents) and lazy lemmas.

The neural tagger gives UD part of speech and features per token; lemmas come
from pymorphy3, choosing the parse that agrees with the tag. Parses are cached:
news text repeats its words.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from .records import Token

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
        self.qdims = np.arange(self.codes.shape[0])
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
        from slovnet.shape import word_shape

        cache = _IDS
        word_ids, shape_ids = [], []
        for word in words:
            pair = cache.get(word)
            if pair is None:
                pair = (self.words_vocab.encode(word.lower()),
                        self.shapes_vocab.encode(word_shape(word)))
                if len(cache) < _IDS_MAX:
                    cache[word] = pair
            word_ids.append(pair[0])
            shape_ids.append(pair[1])
        return word_ids, shape_ids

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

        x = np.zeros((size, self.word_dim), np.float32)
        x[real_index] = self.codes[self.qdims, self.indexes[word_ids]].reshape(len(words), -1)
        shapes = np.full(size, self.gap_shape, dtype=np.intp)
        shapes[real_index] = shape_ids
        for wide, shape_table, bias, scale, shift, filters, kernel, padding in self.layers:
            y = x @ wide
            if shape_table is not None:
                y += shape_table[shapes]
            out = np.empty((size, filters), np.float32)
            out[:] = bias
            for k in range(kernel):
                offset = k - padding  # out[t] += block k of y[t + offset]
                lo, hi = max(0, -offset), min(size, size - offset)
                out[lo:hi] += y[lo + offset:hi + offset, k * filters:(k + 1) * filters]
            np.maximum(out, 0, out=out)
            out *= scale
            out += shift
            out[is_gap] = 0
            x = out
        weight, bias = self.head
        return x[real_index] @ weight + bias


_NETS: dict[int, Net] = {}


def net(api) -> Net:
    """The packed-row runner for a loaded slovnet Morph or NER (built once per model)."""
    found = _NETS.get(id(api))
    if found is None or found.api is not api:
        found = Net(api)
        found.api = api
        _NETS[id(api)] = found
    return found


@lru_cache(maxsize=4096)
def _parse_tag(tag: str) -> tuple[str, dict[str, str]]:
    pos, _, feats = tag.partition("|")
    return pos, dict(part.split("=", 1) for part in feats.split("|") if "=" in part)


def _tag_ids(morph, rows: Sequence[Sequence[str]]) -> tuple[list[int], list]:
    """Tag ids of all words of all rows, flat, and the (pos, feats) of each id."""
    runner = net(morph)
    best = runner.logits(rows, lambda x: x.argmax(-1)).tolist() if rows else []
    return best, [_parse_tag(tag) for tag in runner.tags]


def tag_rows(morph, rows: Sequence[Sequence[str]]) -> list[list[tuple[str, dict[str, str]]]]:
    """(pos, feats) for every word of every row, rows in input order."""
    best, decoded = _tag_ids(morph, rows)
    result, start = [], 0
    for row in rows:
        # Each token gets its own feats dict: records must not share mutable state.
        result.append([(decoded[i][0], dict(decoded[i][1])) for i in best[start:start + len(row)]])
        start += len(row)
    return result


def tagged(token: Token, pos: str | None, feats: dict[str, str]) -> Token:
    """`replace(token, pos=pos, feats=feats)` without `__init__`: 3–5× cheaper, run per token."""
    new = object.__new__(Token)
    fields = new.__dict__
    fields.update(token.__dict__)
    fields["pos"] = pos
    fields["feats"] = feats
    return new


Job = tuple[list[Token], int, int, int, int]


def tag_ranges(morph, jobs: Sequence[Job]) -> None:
    """For each (tokens, first, last, lo, hi), tag tokens[first:last] in place.

    [lo, hi) is the sentence holding the range. Each range runs with `reach`
    tokens of context either side (as far as the sentence goes), all the CNN
    sees, so the tags equal those of a whole-sentence run.
    """
    if not jobs:
        return
    reach = net(morph).reach
    starts, rows = [], []
    for tokens, first, last, lo, hi in jobs:
        start = max(lo, first - reach)
        starts.append(start)
        rows.append([t.word for t in tokens[start:min(hi, last + reach)]])
    best, decoded = _tag_ids(morph, rows)
    offset = 0
    for (tokens, first, last, _, _), start, row in zip(jobs, starts, rows, strict=True):
        for index in range(first, last):
            pos, feats = decoded[best[offset + index - start]]
            # Each token its own feats dict: records must not share mutable state.
            tokens[index] = tagged(tokens[index], pos, dict(feats))
        offset += len(row)


def untagged(tokens: list[Token]) -> list[Job]:
    """Jobs that tag every sentence of `tokens` with a token still lacking its tag."""
    jobs: list[Job] = []
    start = 0
    while start < len(tokens):
        stop = start + 1
        while stop < len(tokens) and tokens[stop].sentence == tokens[start].sentence:
            stop += 1
        if any(t.pos is None for t in tokens[start:stop]):
            jobs.append((tokens, start, stop, start, stop))
        start = stop
    return jobs


@lru_cache(maxsize=1)
def analyzer():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


# UD → OpenCorpora grammemes, for picking the pymorphy3 parse that agrees with the tag.
UD_POS = {
    "NOUN": {"NOUN"}, "PROPN": {"NOUN"}, "ADJ": {"ADJF", "ADJS", "PRTF", "PRTS"},
    "VERB": {"VERB", "INFN", "PRTF", "PRTS", "GRND"}, "AUX": {"VERB", "INFN"},
    "ADV": {"ADVB", "COMP", "PRED"}, "PRON": {"NPRO"}, "DET": {"ADJF", "NPRO"},
    "NUM": {"NUMR", "ADJF"}, "ADP": {"PREP"}, "CCONJ": {"CONJ"}, "SCONJ": {"CONJ"},
    "PART": {"PRCL"}, "INTJ": {"INTJ"},
}
UD_CASE = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt",
           "Loc": "loct", "Voc": "voct", "Par": "gent"}
UD_GENDER = {"Masc": "masc", "Fem": "femn", "Neut": "neut"}
UD_NUMBER = {"Sing": "sing", "Plur": "plur"}


@lru_cache(maxsize=200_000)
def parses(word: str):
    """pymorphy3 parses of a word (cached)."""
    # The dictionary is UTF-8: a lone surrogate would raise inside pymorphy3.
    word = word.encode("utf-8", "replace").decode("utf-8")
    try:
        return analyzer().parse(word)
    except ValueError:
        # pymorphy3 asks unicodedata.name() of every letter, which raises for letters
        # without a name in Python's tables (Tangut, some CJK extensions): no parse.
        return []


def best_parse(word: str, pos: str | None, feats: dict[str, str] | None = None):
    """The pymorphy3 parse that agrees best with a UD tag, or None."""
    candidates = parses(word)
    if not candidates:
        return None
    feats = feats or {}
    wanted = UD_POS.get(pos or "", set())
    grammemes = {UD_CASE.get(feats.get("Case", "")), UD_GENDER.get(feats.get("Gender", "")),
                 UD_NUMBER.get(feats.get("Number", ""))} - {None}

    def score(item):
        index, parse = item
        tag = parse.tag
        agree = sum(1 for g in grammemes if g in tag)
        return (tag.POS in wanted, agree, parse.score, -index)

    return max(enumerate(candidates), key=score)[1]


@lru_cache(maxsize=200_000)
def _lemma(word: str, pos: str | None, feats_key: tuple[tuple[str, str], ...]) -> str:
    if pos in (None, "PUNCT", "SYM", "NUM", "X") or not any(c.isalpha() for c in word):
        return word.lower() if pos != "PUNCT" else word
    parse = best_parse(word.lower(), pos, dict(feats_key))
    return parse.normal_form if parse else word.lower()


def lemma(word: str, pos: str | None = None, feats: dict[str, str] | None = None) -> str:
    """Dictionary form of a word, guided by its tag when there is one."""
    return _lemma(word, pos, tuple(sorted((feats or {}).items())))


def with_lemmas(tokens: Sequence[Token]) -> tuple[Token, ...]:
    """The tokens with `pos`, `feats` and `lemma` filled in."""
    # The pipeline tags only where its stages read tags; whoever asks for all
    # tokens gets the rest now (the same tags a full run gives).
    tokens = list(tokens)
    tag_ranges(load_morph(), untagged(tokens))
    return tuple(replace(t, lemma=lemma(t.word, t.pos, t.feats)) for t in tokens)


def load_syntax():
    from slovnet import Syntax

    return Syntax.load(natasha_data("model", "slovnet_syntax_news_v1.tar"),
                       batch_size=MORPH_BATCH).navec(load_navec())
