"""Plain natasha as its users run it — the baseline both entities.py and speed.py compare to."""

from __future__ import annotations


class Natasha:
    """natasha's news pipeline: segment, morph, syntax, NER, then normalize every span."""

    def __init__(self) -> None:
        from natasha import (
            MorphVocab,
            NewsEmbedding,
            NewsMorphTagger,
            NewsNERTagger,
            NewsSyntaxParser,
            Segmenter,
        )

        emb = NewsEmbedding()
        self.segmenter, self.vocab = Segmenter(), MorphVocab()
        self.morph, self.syntax, self.ner = (
            NewsMorphTagger(emb), NewsSyntaxParser(emb), NewsNERTagger(emb))

    def __call__(self, text: str):
        """A natasha Doc with tokens tagged and parsed and every span normalized."""
        from natasha import Doc

        doc = Doc(text)
        doc.segment(self.segmenter)
        doc.tag_morph(self.morph)
        doc.parse_syntax(self.syntax)
        doc.tag_ner(self.ner)
        for span in doc.spans:
            span.normalize(self.vocab)
        return doc
