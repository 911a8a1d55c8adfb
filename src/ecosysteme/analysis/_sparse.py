"""Sparse-matrix helpers shared by complementarity and link prediction (private).

Scores over candidate pairs ``(i, j)`` are *row products*: ``sum_k A[i, k] w_k B[j, k]``
computed for all pairs at once by fancy-indexing the rows of CSR matrices and
multiplying them element-wise (never a Python loop over pairs). MEASURED.md:
11-38x faster than networkx's generators on 1M pairs, identical values.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

__all__ = ["canonical_pairs", "deepest_shared", "incidence", "lookup", "row_products"]

CHUNK = 200_000


def incidence(rows, cols, shape: tuple[int, int]) -> sp.csr_matrix:
    """0/1 CSR matrix with ones at ``(rows[k], cols[k])`` (duplicates collapse to 1)."""
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    m = sp.csr_matrix((np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=shape)
    m.sum_duplicates()
    m.data[:] = 1.0
    return m


def row_products(a: sp.csr_matrix, i: np.ndarray, j: np.ndarray, weights: np.ndarray | None = None,
                 b: sp.csr_matrix | None = None) -> np.ndarray:
    """``out[k] = sum_c a[i[k], c] * weights[c] * b[j[k], c]`` for every pair, chunked.

    Parameters
    ----------
    a : scipy.sparse.csr_matrix
    i, j : numpy.ndarray of int
        Row indices of the pairs.
    weights : numpy.ndarray, optional
        One weight per column (e.g. ``1 / log(degree)`` for Adamic-Adar).
    b : scipy.sparse.csr_matrix, optional
        Second matrix (default: ``a``), same number of columns.
    """
    b = a if b is None else b
    out = np.zeros(len(i), dtype=np.float64)
    if not len(i):
        return out
    bw = b if weights is None else sp.csr_matrix(b.multiply(np.asarray(weights).reshape(1, -1)))
    for start in range(0, len(i), CHUNK):
        stop = start + CHUNK
        left = a[i[start:stop]]
        right = bw[j[start:stop]]
        out[start:stop] = np.asarray(left.multiply(right).sum(axis=1)).ravel()
    return out


def lookup(m: sp.csr_matrix, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """``m[i[k], j[k]]`` for every pair, as a flat float array."""
    if not len(i):
        return np.zeros(0)
    return np.asarray(m[i, j]).ravel().astype(np.float64)


def canonical_pairs(i: np.ndarray, j: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Unique pairs with ``i < j`` (self-pairs dropped), sorted."""
    i = np.asarray(i, dtype=np.int64)
    j = np.asarray(j, dtype=np.int64)
    lo, hi = np.minimum(i, j), np.maximum(i, j)
    keep = lo != hi
    codes = np.unique(lo[keep] * n + hi[keep])
    return codes // n, codes % n


def deepest_shared(left: sp.csr_matrix, right: sp.csr_matrix, col_rank: np.ndarray, i: np.ndarray,
                   j: np.ndarray) -> np.ndarray:
    """Largest ``col_rank`` of a column set in both ``left[i]`` and ``right[j]``, per pair; -1 when none.

    With territory incidence matrices and ``col_rank`` = level rank (0 pays …
    4 commune), this is the level of the most local territory two resources share.
    """
    out = np.full(len(i), -1, dtype=np.int64)
    for rank in sorted(set(col_rank.tolist()), reverse=True):
        if rank < 0:
            continue
        mask = (col_rank == rank).astype(np.float64)
        shared = row_products(left, i, j, weights=mask, b=right) > 0
        out = np.where((out < 0) & shared, rank, out)
    return out
