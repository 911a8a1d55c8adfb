"""Likely duplicate actors: the first pain of every mapping effort.

Names (and aliases) are compared by cosine similarity of TF-IDF vectors of
character n-grams (scikit-learn), after folding case and accents; the same
website domain is also a strong signal. Pairs are reported, never merged.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from urllib.parse import urlparse

import numpy as np

from ecosysteme.model import Actor

__all__ = ["find_duplicate_actors", "normalise_name"]

_STOP = re.compile(r"\b(le|la|les|l|de|des|du|d|et|the|of)\b")


def normalise_name(name: str) -> str:
    """Fold case, accents and punctuation: ``"L'IdéalCo"`` -> ``"idealco"``.

    >>> normalise_name("Le RAMEAU")
    'rameau'
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(_STOP.sub(" ", text).split())


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url if "://" in url else "http://" + url).netloc.lower()
    return host[4:] if host.startswith("www.") else host or None


def find_duplicate_actors(
    actors: Iterable[Actor], *, threshold: float = 0.8, chunk: int = 2000
) -> list[tuple[str, str, float, str]]:
    """Return ``(id_a, id_b, score, reason)`` for likely duplicates, best first.

    The similarity matrix is computed chunk by chunk on sparse vectors, so
    memory stays bounded; very common n-grams are dropped on large inputs,
    which keeps the products sparse without changing which pairs pass.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    actors = list(actors)
    found: dict[tuple[str, str], tuple[float, str]] = {}
    by_domain: dict[str, list[str]] = defaultdict(list)
    for a in actors:
        d = _domain(a.website)
        if d:
            by_domain[d].append(a.id)
    for d, ids in by_domain.items():
        # Only small groups: a shared platform domain (e.g. helloasso.com) is not an identity.
        if 1 < len(ids) <= 3:
            for i, a in enumerate(ids):
                for b in ids[i + 1:]:
                    found[(a, b)] = (1.0, f"même site web ({d})")
    owners: list[int] = []
    texts: list[str] = []
    for index, a in enumerate(actors):
        for name in (a.name, *a.aliases):
            text = normalise_name(name)
            if text:
                owners.append(index)
                texts.append(text)
    if len(texts) >= 2:
        large = len(texts) > 5000
        vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), max_df=0.02 if large else 1.0,
                                     dtype=np.float32)
        try:
            matrix = vectorizer.fit_transform(texts)
        except ValueError:  # every n-gram pruned: nothing to compare
            matrix = None
        if matrix is not None:
            owner = np.asarray(owners)
            transposed = matrix.T.tocsr()
            for start in range(0, matrix.shape[0], chunk):
                block = (matrix[start:start + chunk] @ transposed).tocoo()
                keep = (block.data >= threshold) & (block.row + start < block.col)
                for r, c, s in zip(block.row[keep] + start, block.col[keep], block.data[keep], strict=True):
                    i, j = int(owner[r]), int(owner[c])
                    if i == j:
                        continue
                    a, b = (actors[i].id, actors[j].id) if i < j else (actors[j].id, actors[i].id)
                    score = round(float(min(s, 1.0)), 3)
                    if score > found.get((a, b), (0.0, ""))[0]:
                        found[(a, b)] = (score, "noms très proches")
    return sorted(((a, b, s, why) for (a, b), (s, why) in found.items()), key=lambda t: (-t[2], t[0], t[1]))
