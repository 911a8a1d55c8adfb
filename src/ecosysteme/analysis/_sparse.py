"""Sparse-matrix helpers shared by complementarity and link prediction (private).

Scores over candidate pairs ``(i, j)`` are *row products*: ``sum_k A[i, k] w_k B[j, k]``
computed for all pairs at once by a compiled kernel over the CSR arrays
(:mod:`ecosysteme.analysis._overlap`; never a Python loop over pairs).
``bench/bench_linkpred.py`` measures it against networkx's generators.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

__all__ = ["canonical_pairs", "deepest_shared", "incidence", "lookup", "overlap_sums", "row_products"]


def incidence(rows, cols, shape: tuple[int, int]) -> sp.csr_matrix:
    """0/1 CSR matrix with ones at ``(rows[k], cols[k])`` (duplicates collapse to 1)."""
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    m = sp.csr_matrix((np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=shape)
    m.sum_duplicates()
    m.data[:] = 1.0
    return m


def _csr_arrays(m: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``indptr``, ``indices``, ``data`` of ``m`` in canonical form (no duplicates), as int64/int64/float64."""
    m = sp.csr_matrix(m)
    if not m.has_canonical_format:
        m = m.copy()
        m.sum_duplicates()
    return (np.ascontiguousarray(m.indptr, dtype=np.int64), np.ascontiguousarray(m.indices, dtype=np.int64),
            np.ascontiguousarray(m.data, dtype=np.float64))


def _pair_indices(values, rows: int, name: str) -> np.ndarray:
    out = np.ascontiguousarray(values, dtype=np.int64).ravel()
    if len(out) and (out.min() < 0 or out.max() >= rows):
        raise IndexError(f"{name}: row index out of range [0, {rows})")
    return out


def overlap_sums(a: sp.csr_matrix, i: np.ndarray, j: np.ndarray, weights: np.ndarray | None = None,
                 b: sp.csr_matrix | None = None, *,
                 exclude_ends: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """``out[t, k] = sum_c a[i[k], c] * b[j[k], c] * weights[t, c]`` for every pair and weight row, in one pass.

    Compiled kernel (:mod:`ecosysteme.analysis._overlap`): per pair, the shorter
    row is probed against the longer one, marked once for all the pairs that
    share it; every weight row reuses the same probes.

    Parameters
    ----------
    a : scipy.sparse.csr_matrix
    i, j : numpy.ndarray of int
        Row indices of the pairs (``i`` in ``a``, ``j`` in ``b``).
    weights : numpy.ndarray, optional
        Shape (columns,) or (k, columns); default: one row of ones.
    b : scipy.sparse.csr_matrix, optional
        Second matrix (default: ``a``), same number of columns.
    exclude_ends : bool
        Leave out of ``out`` the columns ``i[k]`` and ``j[k]`` of each pair
        (an adjacency's pair ends: networkx's common neighbours exclude them)
        and return their unweighted sum separately.

    Returns
    -------
    out : numpy.ndarray, shape (k, pairs)
    ends : numpy.ndarray, shape (pairs,)
        With ``exclude_ends``, the left-out part; zeros otherwise.
    """
    b = a if b is None else b
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"column counts differ: {a.shape[1]} and {b.shape[1]}")
    i = _pair_indices(i, a.shape[0], "i")
    j = _pair_indices(j, b.shape[0], "j")
    if len(i) != len(j):
        raise ValueError(f"i and j differ in length: {len(i)} and {len(j)}")
    w = np.ones((1, a.shape[1])) if weights is None else np.asarray(weights, dtype=np.float64)
    w = np.ascontiguousarray(w.reshape(-1, a.shape[1]) if w.ndim == 1 else w)
    if w.shape[1] != a.shape[1]:
        raise ValueError(f"weights have {w.shape[1]} columns, the matrices {a.shape[1]}")
    if not len(i):
        return np.zeros((w.shape[0], 0)), np.zeros(0)
    from ecosysteme.analysis._overlap import run

    a_arrays = _csr_arrays(a)
    b_arrays = a_arrays if b is a else _csr_arrays(b)
    return run(*a_arrays, *b_arrays, i, j, w, exclude_ends)


def row_products(a: sp.csr_matrix, i: np.ndarray, j: np.ndarray, weights: np.ndarray | None = None,
                 b: sp.csr_matrix | None = None) -> np.ndarray:
    """``out[k] = sum_c a[i[k], c] * weights[c] * b[j[k], c]`` for every pair (:func:`overlap_sums`).

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
    return overlap_sums(a, i, j, weights, b)[0][0]


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
