"""Node positions computed in Python, so large maps open without physics.

Fruchterman-Reingold forces with two accelerations that keep a 20,000-node
graph within a few seconds on one core:

- attraction along edges is accumulated with :func:`numpy.bincount` (O(E));
- repulsion between all pairs is exact below :data:`EXACT_LIMIT` nodes and,
  above, computed on a grid: nodes are deposited on the grid (cloud in cell),
  the 1/r force field is the FFT convolution of that density with the kernel,
  and read back at each node (particle-mesh, O(n + G² log G) per iteration).

Nodes may carry a group (a territory, a community): groups are first placed
with the same forces on the (small) graph of groups, their members start
around their group's centre, so the drawing and the aggregated view agree.
All functions are deterministic for a given ``seed``.
"""

from __future__ import annotations

import numpy as np

__all__ = ["EXACT_LIMIT", "aggregate_layout", "force_layout", "grouped_layout", "separate"]

#: Below this many nodes, repulsion is computed exactly between every pair.
EXACT_LIMIT = 400


def _repulsion_exact(pos: np.ndarray, k2: float) -> np.ndarray:
    n = len(pos)
    out = np.zeros_like(pos)
    step = max(1, 4_000_000 // max(n, 1))
    for start in range(0, n, step):
        block = pos[start:start + step]
        delta = block[:, None, :] - pos[None, :, :]
        d2 = np.einsum("ijk,ijk->ij", delta, delta)
        d2 = np.maximum(d2, 1e-4)
        out[start:start + step] = k2 * np.einsum("ijk,ij->ik", delta, 1.0 / d2)
    return out


class _Mesh:
    """Particle-mesh repulsion on a ``size`` x ``size`` grid (kernel FFT cached per cell size)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._kernel_h: float | None = None
        self._kx: np.ndarray | None = None
        self._ky: np.ndarray | None = None

    def _kernels(self, h: float) -> tuple[np.ndarray, np.ndarray]:
        if self._kernel_h != h:
            m = 2 * self.size
            idx = np.arange(m)
            off = np.where(idx < self.size, idx, idx - m).astype(float) * h
            dx, dy = np.meshgrid(off, off, indexing="ij")
            r2 = dx * dx + dy * dy
            r2[0, 0] = 1.0
            kx, ky = dx / r2, dy / r2
            kx[0, 0] = ky[0, 0] = 0.0
            self._kx, self._ky = np.fft.rfft2(kx), np.fft.rfft2(ky)
            self._kernel_h = h
        return self._kx, self._ky  # type: ignore[return-value]

    def force(self, pos: np.ndarray, k2: float) -> np.ndarray:
        g = self.size
        lo = pos.min(axis=0)
        span = float((pos.max(axis=0) - lo).max())
        # cell size rounded to a power of two so the kernel FFT is reused across iterations
        h = 2.0 ** np.ceil(np.log2(max(span, 1e-9) / (g - 2)))
        u = (pos - lo) / h
        i0 = np.floor(u).astype(np.int64)
        f = u - i0
        i0 = np.clip(i0, 0, g - 2)
        w00 = (1 - f[:, 0]) * (1 - f[:, 1])
        w10 = f[:, 0] * (1 - f[:, 1])
        w01 = (1 - f[:, 0]) * f[:, 1]
        w11 = f[:, 0] * f[:, 1]
        m = 2 * g
        flat = i0[:, 0] * m + i0[:, 1]
        dens = np.zeros(m * m)
        for w, shift in ((w00, 0), (w10, m), (w01, 1), (w11, m + 1)):
            dens += np.bincount(flat + shift, weights=w, minlength=m * m)
        dens_hat = np.fft.rfft2(dens.reshape(m, m))
        kx, ky = self._kernels(h)
        fx = np.fft.irfft2(dens_hat * kx, s=(m, m)).ravel()
        fy = np.fft.irfft2(dens_hat * ky, s=(m, m)).ravel()
        out = np.zeros_like(pos)
        for w, shift in ((w00, 0), (w10, m), (w01, 1), (w11, m + 1)):
            out[:, 0] += w * fx[flat + shift]
            out[:, 1] += w * fy[flat + shift]
        return k2 * out


def force_layout(n: int, src: np.ndarray, dst: np.ndarray, *, weights: np.ndarray | None = None,
                 init: np.ndarray | None = None, iterations: int = 100, seed: int = 0,
                 temperature: float = 0.1, gravity: float = 0.02, node_mass: np.ndarray | None = None,
                 anchors: np.ndarray | None = None) -> np.ndarray:
    """Fruchterman-Reingold positions for ``n`` nodes and the edges ``src[i] -- dst[i]``.

    Parameters
    ----------
    n : int
        Number of nodes (indices ``0 .. n-1``).
    src, dst : numpy.ndarray
        Integer arrays of the same length: the edges (undirected; duplicates add weight).
    weights : numpy.ndarray, optional
        Edge weights (attraction multiplier), default 1.
    init : numpy.ndarray, optional
        ``(n, 2)`` starting positions; random in a square of side ``sqrt(n)`` otherwise.
    iterations : int
        Number of steps (the temperature cools linearly to zero).
    seed : int
        Seed of the random start.
    temperature : float
        Largest step at the start, as a fraction of the drawing's width.
    gravity : float
        Pull towards the centre, keeps disconnected parts together.
    node_mass : numpy.ndarray, optional
        Repulsion multiplier per node (a group node stands for many).
    anchors : numpy.ndarray, optional
        ``(n, 2)`` points each node is pulled towards (default: the centre of
        the drawing). Nodes without any edge are pulled 25 times harder, so
        they stay at the edge of their part of the drawing instead of drifting away.

    Returns
    -------
    numpy.ndarray
        ``(n, 2)`` positions, ideal edge length about 1.

    Examples
    --------
    >>> import numpy as np
    >>> pos = force_layout(3, np.array([0, 1]), np.array([1, 2]), seed=1)
    >>> pos.shape
    (3, 2)
    """
    if n == 0:
        return np.zeros((0, 2))
    rng = np.random.default_rng(seed)
    side = float(np.sqrt(n))
    pos = rng.random((n, 2)) * side if init is None else np.array(init, dtype=float, copy=True)
    if n == 1:
        return np.zeros((1, 2))
    src = np.asarray(src, dtype=np.int64)
    dst = np.asarray(dst, dtype=np.int64)
    keep = src != dst
    src, dst = src[keep], dst[keep]
    w = np.ones(len(src)) if weights is None else np.asarray(weights, dtype=float)[keep]
    mass = np.ones(n) if node_mass is None else np.asarray(node_mass, dtype=float)
    degree = np.bincount(src, minlength=n) + np.bincount(dst, minlength=n)
    pull_strength = np.where(degree == 0, 25.0 * max(gravity, 0.02), gravity) * np.sqrt(mass)
    mesh = _Mesh(int(min(512, 2 ** np.ceil(np.log2(max(64.0, 1.5 * side)))))) if n > EXACT_LIMIT else None
    t0 = temperature * max(side, float(np.ptp(pos, axis=0).max()) if init is not None else side)
    k2 = 1.0
    for step in range(iterations):
        if mesh is None:
            if node_mass is None:
                disp = _repulsion_exact(pos, k2)
            else:
                disp = _repulsion_weighted(pos, k2, mass)
        else:
            disp = mesh.force(pos, k2)
        if node_mass is not None and mesh is not None:
            disp *= mass[:, None]
        if len(src):
            delta = pos[dst] - pos[src]
            dist = np.sqrt(np.einsum("ij,ij->i", delta, delta)) + 1e-9
            pull = delta * (dist * w)[:, None]
            disp[:, 0] += np.bincount(src, weights=pull[:, 0], minlength=n)
            disp[:, 0] -= np.bincount(dst, weights=pull[:, 0], minlength=n)
            disp[:, 1] += np.bincount(src, weights=pull[:, 1], minlength=n)
            disp[:, 1] -= np.bincount(dst, weights=pull[:, 1], minlength=n)
        target = pos.mean(axis=0) if anchors is None else anchors
        disp -= pull_strength[:, None] * (pos - target)
        length = np.sqrt(np.einsum("ij,ij->i", disp, disp)) + 1e-9
        t = t0 * (1.0 - step / iterations) + 1e-3
        pos += disp * (np.minimum(length, t) / length)[:, None]
    return pos - pos.mean(axis=0)


def _repulsion_weighted(pos: np.ndarray, k2: float, mass: np.ndarray) -> np.ndarray:
    delta = pos[:, None, :] - pos[None, :, :]
    d2 = np.maximum(np.einsum("ijk,ijk->ij", delta, delta), 1e-4)
    coef = (mass[:, None] * mass[None, :]) / d2
    return k2 * np.einsum("ijk,ij->ik", delta, coef)


def grouped_layout(n: int, src: np.ndarray, dst: np.ndarray, groups: np.ndarray | None = None, *,
                   iterations: int = 80, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Positions that keep each group together: groups first, then every node.

    Only the large connected components go through the forces. Small ones
    (lone nodes, pairs, little stars) are laid out on their own and placed
    afterwards on rings around the drawing, on the side of their group: they
    neither drift away nor hide in the middle, and a reader finds "who is
    linked to almost no one" at the rim.

    Parameters
    ----------
    n : int
        Number of nodes.
    src, dst : numpy.ndarray
        Edges.
    groups : numpy.ndarray, optional
        Group index of each node (``0 .. g-1``); one group when omitted.
    iterations : int
        Steps of the final, all-node layout.
    seed : int
        Seed of the random parts.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``(n, 2)`` node positions (ideal edge length about 1) and ``(g, 2)``
        group centres (the mean of their members' positions).

    Examples
    --------
    >>> import numpy as np
    >>> pos, centres = grouped_layout(4, np.array([0, 2]), np.array([1, 3]), np.array([0, 0, 1, 1]))
    >>> pos.shape, centres.shape
    ((4, 2), (2, 2))
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    src = np.asarray(src, dtype=np.int64)
    dst = np.asarray(dst, dtype=np.int64)
    groups = np.zeros(n, dtype=np.int64) if groups is None else np.asarray(groups, dtype=np.int64)
    g = int(groups.max()) + 1 if n else 0
    if n == 0:
        return np.zeros((0, 2)), np.zeros((0, 2))
    keep = src != dst
    src, dst = src[keep], dst[keep]
    _count, comp = connected_components(coo_matrix((np.ones(len(src)), (src, dst)), shape=(n, n)), directed=False)
    comp_size = np.bincount(comp)
    main = comp_size[comp] >= max(4.0, 0.1 * float(comp_size.max()))
    linked = np.flatnonzero(main)
    renumber = np.full(n, -1, dtype=np.int64)
    renumber[linked] = np.arange(len(linked))
    inside = main[src] & main[dst]
    ls, ld = renumber[src[inside]], renumber[dst[inside]]
    lgroups = groups[linked]
    sizes = np.bincount(lgroups, minlength=g).astype(float)
    pos = np.zeros((n, 2))
    if len(linked):
        gs, gd = lgroups[ls], lgroups[ld]
        cross = gs != gd
        if g > 1 and cross.any():
            a = np.minimum(gs[cross], gd[cross])
            b = np.maximum(gs[cross], gd[cross])
            pair, counts = np.unique(a * g + b, return_counts=True)
            ga, gb = pair // g, pair % g
            gw = counts / np.sqrt(np.maximum(sizes[ga] * sizes[gb], 1))
        else:
            ga = gb = np.zeros(0, dtype=np.int64)
            gw = np.zeros(0)
        radius = np.sqrt(np.maximum(sizes, 1)) * 1.6
        gpos = force_layout(g, ga, gb, weights=gw, iterations=200, seed=seed, node_mass=np.maximum(sizes, 1))
        gpos = _spread_discs(gpos, radius)
        rng = np.random.default_rng(seed + 1)
        angle = rng.random(len(linked)) * 2 * np.pi
        rad = np.sqrt(rng.random(len(linked))) * radius[lgroups]
        init = gpos[lgroups] + np.column_stack([np.cos(angle), np.sin(angle)]) * rad[:, None]
        if g > 1:
            lpos = force_layout(len(linked), ls, ld, init=init, iterations=iterations, seed=seed,
                                temperature=0.02, gravity=0.002, anchors=gpos[lgroups])
        else:
            lpos = force_layout(len(linked), ls, ld, init=init, iterations=max(iterations, 100), seed=seed)
        pos[linked] = lpos
    _place_small_components(pos, groups, comp, main, src, dst, g, seed)
    centres = np.zeros((g, 2))
    np.add.at(centres, groups, pos)
    centres /= np.maximum(np.bincount(groups, minlength=g), 1)[:, None]
    shift = pos.mean(axis=0)
    return pos - shift, centres - shift


def _unit_layout(members: np.ndarray, src: np.ndarray, dst: np.ndarray, seed: int) -> np.ndarray:
    """Local positions of one small component, centred on 0."""
    k = len(members)
    if k == 1:
        return np.zeros((1, 2))
    if k == 2:
        return np.array([[-0.6, 0.0], [0.6, 0.0]])
    local = {int(m): i for i, m in enumerate(members)}
    a = np.array([local[int(x)] for x in src])
    b = np.array([local[int(x)] for x in dst])
    out = force_layout(k, a, b, iterations=60, seed=seed)
    return out - out.mean(axis=0)


def _place_small_components(pos: np.ndarray, groups: np.ndarray, comp: np.ndarray, main: np.ndarray,
                            src: np.ndarray, dst: np.ndarray, g: int, seed: int) -> None:
    """Place every small component, whole, on rings around the main drawing, on its group's side."""
    small_nodes = np.flatnonzero(~main)
    if len(small_nodes) == 0:
        return
    order = np.argsort(comp[small_nodes], kind="stable")
    small_nodes = small_nodes[order]
    cuts = np.flatnonzero(np.diff(comp[small_nodes])) + 1
    units = np.split(small_nodes, cuts)
    edge_comp = comp[src]
    small_edge = ~main[src]
    by_comp: dict[int, list[int]] = {}
    for e in np.flatnonzero(small_edge):
        by_comp.setdefault(int(edge_comp[e]), []).append(int(e))
    placed = pos[main]
    centre = placed.mean(axis=0) if len(placed) else np.zeros(2)
    inner = float(np.quantile(np.linalg.norm(placed - centre, axis=1), 0.97)) + 2.0 if len(placed) else 0.0
    # the side of each group: angle of its main members' mean (groups with none: spread evenly)
    direction = np.zeros(g)
    for group in range(g):
        members = main & (groups == group)
        if members.any():
            d = pos[members].mean(axis=0) - centre
            direction[group] = float(np.arctan2(d[1], d[0])) if np.hypot(*d) > 1e-9 else 0.0
        else:
            direction[group] = 2 * np.pi * group / max(g, 1) - np.pi
    shapes, rho, side = [], [], []
    for unit in units:
        edges = by_comp.get(int(comp[unit[0]]), [])
        local = _unit_layout(unit, src[edges], dst[edges], seed)
        shapes.append(local)
        rho.append(float(np.linalg.norm(local, axis=1).max()) + 0.6)
        side.append(direction[groups[unit[0]]])
    sequence = np.argsort(np.array(side), kind="stable")
    gap = 0.5
    start = float(side[sequence[0]]) if len(placed) else 0.0
    ring = inner + rho[sequence[0]] if inner > 0 else 0.0
    travelled = 0.0
    ring_width = 0.0
    for index in sequence:
        r_u = rho[index]
        if ring <= 1e-9:  # no main drawing: the first unit takes the centre
            offset = np.zeros(2)
            ring = r_u + gap
            ring_width = 0.0
            travelled = 2 * np.pi  # next unit opens the first ring
        else:
            step = (r_u + gap) / ring
            if travelled + 2 * step > 2 * np.pi:  # ring full: next ring outwards
                ring += 2 * max(ring_width, r_u) + gap
                travelled = 0.0
                ring_width = 0.0
                step = (r_u + gap) / ring
            angle = start + travelled + step
            travelled += 2 * step
            ring_width = max(ring_width, r_u)
            offset = ring * np.array([np.cos(angle), np.sin(angle)])
        pos[units[index]] = centre + offset + shapes[index]


def _spread_discs(centres: np.ndarray, radius: np.ndarray, rounds: int = 400) -> np.ndarray:
    """Scale then push apart discs until no two overlap (a few hundred discs at most).

    The drawing is first scaled so that a typical disc just touches its
    nearest neighbour (the median, so that one pair of nearly coincident
    centres does not blow the whole drawing up), then overlapping pairs are
    pushed apart, half the overlap each, until none is left.
    """
    pos = np.array(centres, dtype=float, copy=True)
    if len(pos) < 2:
        return pos
    need = radius[:, None] + radius[None, :]
    delta = pos[:, None, :] - pos[None, :, :]
    dist = np.sqrt(np.einsum("ijk,ijk->ij", delta, delta))
    np.fill_diagonal(dist, np.inf)
    nearest = np.argmin(dist, axis=1)
    ratio = need[np.arange(len(pos)), nearest] / np.maximum(dist[np.arange(len(pos)), nearest], 1e-9)
    pos *= float(np.median(ratio))
    rng = np.random.default_rng(0)
    for _ in range(rounds):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt(np.einsum("ijk,ijk->ij", delta, delta))
        np.fill_diagonal(dist, np.inf)
        overlap = np.maximum(need - dist, 0)
        np.fill_diagonal(overlap, 0)
        if not (overlap > 1e-6 * need).any():
            break
        same = dist < 1e-9
        if same.any():  # coincident centres: nudge them apart in a random direction
            pos += rng.normal(scale=1e-3 * float(radius.mean()), size=pos.shape) * same.any(axis=1)[:, None]
            continue
        push = np.einsum("ijk,ij->ik", delta, overlap / (2 * np.maximum(dist, 1e-9)))
        pos += push * 1.01
    return pos


def aggregate_layout(radius: np.ndarray, src: np.ndarray, dst: np.ndarray, groups: np.ndarray, *,
                     seed: int = 0, gap: float = 30.0) -> np.ndarray:
    """Positions of the aggregated view: one disc per group, linked groups close, no two discs overlapping.

    Parameters
    ----------
    radius : numpy.ndarray
        Radius of each group's disc, in the output units (pixels).
    src, dst : numpy.ndarray
        Edges between nodes.
    groups : numpy.ndarray
        Group of each node.
    seed : int
        Seed of the random start.
    gap : float
        Extra room around each disc (for its label).

    Returns
    -------
    numpy.ndarray
        ``(g, 2)`` disc centres.
    """
    g = len(radius)
    if g == 0:
        return np.zeros((0, 2))
    gs = np.asarray(groups, dtype=np.int64)[np.asarray(src, dtype=np.int64)]
    gd = np.asarray(groups, dtype=np.int64)[np.asarray(dst, dtype=np.int64)]
    cross = gs != gd
    if cross.any():
        a = np.minimum(gs[cross], gd[cross])
        b = np.maximum(gs[cross], gd[cross])
        pair, counts = np.unique(a * g + b, return_counts=True)
        ga, gb = pair // g, pair % g
        weights = counts / counts.max()
    else:
        ga = gb = np.zeros(0, dtype=np.int64)
        weights = np.zeros(0)
    mass = (radius / max(float(radius.min()), 1e-9)) ** 2
    pos = force_layout(g, ga, gb, weights=weights, iterations=300, seed=seed, node_mass=mass)
    unit = float(np.median(radius + gap))
    return _spread_discs(pos * unit, radius + gap)


def separate(pos: np.ndarray, radius: np.ndarray, *, rounds: int = 40, limit: int = 3000) -> np.ndarray:
    """Push apart nodes whose discs overlap (radius-aware), keeping the drawing's shape.

    Overlapping pairs are found with a k-d tree, so a round costs about
    O(n log n) plus the number of close pairs.

    Parameters
    ----------
    pos : numpy.ndarray
        ``(n, 2)`` positions, in the same unit as ``radius`` (pixels).
    radius : numpy.ndarray
        Radius of each node's disc, margin included.
    rounds : int
        Largest number of push rounds.
    limit : int
        Above this many nodes nothing is done (a large map is seen from afar,
        or through its aggregated view).

    Returns
    -------
    numpy.ndarray
        New positions.

    Examples
    --------
    >>> import numpy as np
    >>> out = separate(np.array([[0.0, 0.0], [1.0, 0.0]]), np.array([5.0, 5.0]))
    >>> bool(np.linalg.norm(out[0] - out[1]) >= 9.9)
    True
    """
    from scipy.spatial import cKDTree

    pos = np.array(pos, dtype=float, copy=True)
    n = len(pos)
    if n < 2 or n > limit:
        return pos
    radius = np.asarray(radius, dtype=float)
    reach = 2.0 * float(radius.max())
    rng = np.random.default_rng(n)
    for _ in range(rounds):
        pairs = cKDTree(pos).query_pairs(reach, output_type="ndarray")
        if len(pairs) == 0:
            break
        i, j = pairs[:, 0], pairs[:, 1]
        delta = pos[i] - pos[j]
        dist = np.sqrt(np.einsum("ij,ij->i", delta, delta))
        overlap = radius[i] + radius[j] - dist
        hit = overlap > 0.5
        if not hit.any():
            break
        i, j, delta, dist, overlap = i[hit], j[hit], delta[hit], dist[hit], overlap[hit]
        same = dist < 1e-6
        if same.any():  # coincident centres: a random direction
            delta[same] = rng.normal(size=(int(same.sum()), 2))
            dist[same] = np.sqrt(np.einsum("ij,ij->i", delta[same], delta[same]))
        push = delta * (0.5 * overlap / dist)[:, None]
        move = np.zeros_like(pos)
        np.add.at(move, i, push)
        np.add.at(move, j, -push)
        pos += move
    return pos
