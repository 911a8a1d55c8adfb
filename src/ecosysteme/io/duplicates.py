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
            for rows, cols, block in _similar_blocks(matrix, threshold, chunk):
                sources, targets = rows[block.row], cols[block.col]
                keep = (block.data >= threshold) & (sources < targets)
                for r, c, s in zip(sources[keep], targets[keep], block.data[keep], strict=True):
                    i, j = int(owner[r]), int(owner[c])
                    if i == j:
                        continue
                    a, b = (actors[i].id, actors[j].id) if i < j else (actors[j].id, actors[i].id)
                    score = round(float(min(s, 1.0)), 3)
                    if score > found.get((a, b), (0.0, ""))[0]:
                        found[(a, b)] = (score, "noms très proches")
    return sorted(((a, b, s, why) for (a, b), (s, why) in found.items()), key=lambda t: (-t[2], t[0], t[1]))


def _similar_blocks(matrix, threshold: float, chunk: int):
    """Blocks ``(rows, cols, rows × cols similarities as COO)`` covering every pair that can reach ``threshold``.

    Every entry is summed exactly as in ``matrix @ matrix.T``: the same terms
    in the same order (that of the row's n-grams), so the scores are
    bit-identical whichever blocks are computed.
    """
    n_rows = matrix.shape[0]
    everything = np.arange(n_rows)
    prefixes, order = _prefix_candidates(matrix, threshold)
    frequency = np.bincount(matrix.indices, minlength=matrix.shape[1]).astype(np.float64)
    in_prefixes = np.bincount(prefixes.indices, minlength=matrix.shape[1]).astype(np.float64)
    if (in_prefixes * frequency).sum() > 0.05 * (frequency * frequency).sum():
        # Prefixes too long to be selective (low threshold): every row against every row.
        transposed = matrix.T.tocsr()
        for start in range(0, n_rows, chunk):
            yield everything[start:start + chunk], everything, (matrix[start:start + chunk] @ transposed).tocoo()
        return
    # Rows that share their rarest prefix n-gram are scored together, a few dozen at a time,
    # against the union of their candidates only: small blocks, mostly of near-duplicates.
    prefixes_t = prefixes.T.tocsr()
    step = max(1, min(chunk, 64))
    for start in range(0, n_rows, step):
        rows = order[start:start + step]
        cols = np.unique((prefixes[rows] @ prefixes_t).indices)
        if len(cols):
            yield rows, cols, (matrix[rows] @ matrix[cols].T).tocoo()


def _prefix_candidates(matrix, threshold: float):
    """Each row's *prefix* (sparse pattern), and the rows ordered by their rarest n-gram.

    Two rows can reach ``threshold`` only if their prefixes meet.

    Prefix filtering (Bayardo, Ma and Srikant, "Scaling up all pairs
    similarity search", 2007): order the n-grams globally, rarest first; a
    row's prefix is its first n-grams in that order, up to where the norm
    of the rest falls below the threshold. For unit vectors ``x`` and ``y``
    whose prefixes share no n-gram, every shared n-gram lies in the rest of
    ``x`` or every one lies in the rest of ``y``, so ``x·y`` is below the
    threshold. A small margin keeps the bound safe against float rounding.
    """
    from scipy import sparse

    matrix = matrix.tocsr()
    n_rows, n_features = matrix.shape
    frequency = np.bincount(matrix.indices, minlength=n_features)
    rank = np.empty(n_features, dtype=np.int64)
    rank[np.lexsort((np.arange(n_features), frequency))] = np.arange(n_features)
    row_of = np.repeat(np.arange(n_rows), np.diff(matrix.indptr))
    order = np.lexsort((rank[matrix.indices], row_of))  # entries by row, then rarest first
    squares = matrix.data[order].astype(np.float64) ** 2
    cumulative = np.cumsum(squares)
    before_row = np.concatenate(([0.0], cumulative))[matrix.indptr[:-1]]
    row_total = np.concatenate(([0.0], cumulative))[matrix.indptr[1:]] - before_row
    after = row_total[row_of] - (cumulative - before_row[row_of])  # squared norm of what follows each entry
    bound = (threshold - 1e-3) ** 2
    in_prefix = after + squares >= bound  # the rest from this entry on still reaches the threshold
    kept = order[in_prefix]
    pattern = sparse.csr_matrix((np.ones(len(kept), dtype=np.float32), (row_of[kept], matrix.indices[kept])),
                                shape=matrix.shape)
    rarest = np.full(n_rows, n_features, dtype=np.int64)
    np.minimum.at(rarest, row_of[kept], rank[matrix.indices[kept]])
    return pattern, np.argsort(rarest, kind="stable")
