"""extractor: who is mentioned and who said what in Russian text.

    >>> from extractor import extract
    >>> doc = extract("«Мы готовы», — заявил Сергей Лавров.")
"""

from .explain import Explanation, explain
from .frames import to_frame  # pandas itself is imported only when to_frame is called
from .pipeline import Extractor, extract
from .records import Cluster, Document, Entity, Quote, Sentence, Speaker, Token

__all__ = [
    "Extractor", "extract", "explain", "Explanation", "to_frame",
    "Document", "Entity", "Cluster", "Quote", "Speaker", "Sentence", "Token",
]
__version__ = "0.1.0"
