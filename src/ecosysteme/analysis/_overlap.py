"""Compiled kernel of the pair scores: weighted overlaps of two CSR rows, for many pairs at once (private).

``out[t, p] = sum_c a[i[p], c] * b[j[p], c] * w[t, c]`` for every pair ``p`` and
weight row ``t``, in one pass over the pairs. Each pair marks its longer row in
a dense array once per group of pairs sharing it (pairs are grouped by that row
with a counting sort), then scans the shorter row against the marks: the work is
``sum min(len a_i, len b_j)`` probes instead of the ``sum (len a_i + len b_j)``
of a merge, and every weight row comes from the same probes (common neighbours,
Adamic-Adar and resource allocation together for the price of one).

Compiled by numba on first use and cached on disk (``cache=True``): a fresh
process pays the cache load once (a fraction of a second), the first run ever
the compilation. The caller (:func:`ecosysteme.analysis._sparse.overlap_sums`)
normalises the dtypes so that one compiled signature serves every call.
"""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True, nogil=True)
def overlap_kernel(a_ptr, a_ind, a_val, b_ptr, b_ind, b_val, i, j, w, exclude_ends, out, ends):
    npairs = i.shape[0]
    na = a_ptr.shape[0] - 1
    nb = b_ptr.shape[0] - 1
    ncols = w.shape[1]
    kw = w.shape[0]
    # Each pair is keyed by its longer row (a row k < na, or b row k - na); pairs grouped by key.
    key = np.empty(npairs, np.int64)
    for p in range(npairs):
        da = a_ptr[i[p] + 1] - a_ptr[i[p]]
        db = b_ptr[j[p] + 1] - b_ptr[j[p]]
        key[p] = i[p] if da >= db else na + j[p]
    start = np.zeros(na + nb + 1, np.int64)
    for p in range(npairs):
        start[key[p] + 1] += 1
    for k in range(na + nb):
        start[k + 1] += start[k]
    order = np.empty(npairs, np.int64)
    for p in range(npairs):
        order[start[key[p]]] = p
        start[key[p]] += 1
    stamp = np.full(ncols, -1, np.int64)
    mark = np.zeros(ncols, np.float64)
    current = -1
    for q in range(npairs):
        p = order[q]
        k = key[p]
        if k < na:
            marked_ptr, marked_ind, marked_val, row = a_ptr, a_ind, a_val, k
            scan_ptr, scan_ind, scan_val, other = b_ptr, b_ind, b_val, j[p]
        else:
            marked_ptr, marked_ind, marked_val, row = b_ptr, b_ind, b_val, k - na
            scan_ptr, scan_ind, scan_val, other = a_ptr, a_ind, a_val, i[p]
        if k != current:
            for e in range(marked_ptr[row], marked_ptr[row + 1]):
                stamp[marked_ind[e]] = k
                mark[marked_ind[e]] = marked_val[e]
            current = k
        for e in range(scan_ptr[other], scan_ptr[other + 1]):
            c = scan_ind[e]
            if stamp[c] == k:
                v = mark[c] * scan_val[e]
                if exclude_ends and (c == i[p] or c == j[p]):
                    ends[p] += v
                    continue
                for t in range(kw):
                    out[t, p] += v * w[t, c]
    return out


def run(a_ptr: np.ndarray, a_ind: np.ndarray, a_val: np.ndarray, b_ptr: np.ndarray, b_ind: np.ndarray,
        b_val: np.ndarray, i: np.ndarray, j: np.ndarray, w: np.ndarray,
        exclude_ends: bool) -> tuple[np.ndarray, np.ndarray]:
    """Call the kernel with arrays already of its one signature (int64 indices, float64 values and weights)."""
    out = np.zeros((w.shape[0], len(i)), dtype=np.float64)
    ends = np.zeros(len(i), dtype=np.float64)
    overlap_kernel(a_ptr, a_ind, a_val, b_ptr, b_ind, b_val, i, j, w, exclude_ends, out, ends)
    return out, ends
