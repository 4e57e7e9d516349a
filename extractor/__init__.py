"""extractor: who is mentioned and who said what in Russian text.

    >>> from extractor import extract
    >>> doc = extract("«Мы готовы», — заявил Сергей Лавров.")
"""

from .pipeline import Extractor, extract
from .records import Cluster, Document, Entity, Quote, Sentence, Speaker, Token

__all__ = [
    "Extractor", "extract",
    "Document", "Entity", "Cluster", "Quote", "Speaker", "Sentence", "Token",
]
__version__ = "0.1.0"
