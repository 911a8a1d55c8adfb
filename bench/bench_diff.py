"""Diff benchmark: two synthetic versions that differ by 1 %, ``diff`` against a naive row-by-row comparison.

What it does, in one run:

1. generates version 1 (``ecosysteme.synth.national_ecosystem``: 100k actors and
   500k relations by default) and derives version 2 from it, 1 % apart: among
   1 % of the actors, a quarter removed (with their relations), a quarter added,
   a quarter modified (description, échelon) and a quarter renamed (new id, same
   name and website, relations following); 1 % of the relations changed (half
   removed, half added, and amounts changed on some). Both are written as CSV.
2. times ``ecosysteme build`` of version 2 in a child process (``--sans-construction``
   to skip), for reference: the diff should run well under it;
3. reads and validates both versions (as ``ecosysteme diff`` does), then times the
   comparison (:func:`ecosysteme.analysis.diff.diff_ecosystems`, with renames,
   without gaps), the gap analysis of both versions (with ``--trous``: it dominates at scale),
   and the naive comparison: the notebook tables of both versions walked with
   ``DataFrame.iterrows`` and ``.loc``, every column compared, relations keyed row by row;
4. checks both comparisons find the same records and relations, and prints times and ratios.

Usage::

    python bench/bench_diff.py                   # 100k actors
    python bench/bench_diff.py --acteurs 10000   # quick run

The machine may be shared: CPU times are printed next to wall times.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def derive(tables: dict[str, list[list[str]]], seed: int = 1) -> dict[str, list[list[str]]]:
    """Version 2: 1 % of the actors and 1 % of the relations changed (see the module docstring)."""
    rng = np.random.default_rng(seed)
    actors = [list(r) for r in tables["acteurs"]]
    header, rows = actors[0], actors[1:]
    col = {name: i for i, name in enumerate(header)}
    programmes = [list(r) for r in tables["programmes"]]
    p_col = {name: i for i, name in enumerate(programmes[0])}
    carriers = {c for p in programmes[1:] for c in p[p_col["porteurs"]].split("|") if c}
    k = max(4, len(rows) // 100) // 4
    free = np.array([i for i, r in enumerate(rows) if r[0] not in carriers])
    chosen = rng.choice(free, size=3 * k, replace=False)
    removed = {rows[i][0] for i in chosen[:k]}
    renamed = {rows[i][0]: rows[i][0] + "-v2" for i in chosen[k:2 * k]}
    for i in chosen[2 * k:]:
        rows[i][col["description"]] = (rows[i][col["description"]] + " (mis à jour)").strip()
        rows[i][col["echelon"]] = "local" if rows[i][col["echelon"]] != "local" else "intercommunal"
    out = [header]
    for r in rows:
        if r[0] in removed:
            continue
        r[0] = renamed.get(r[0], r[0])
        out.append(r)
    for j, i in enumerate(rng.choice(len(rows), size=k, replace=False)):
        new = list(rows[i])
        new[col["id"]], new[col["nom"]] = f"nouvelle-structure-{j:06d}", f"Structure {j:06d} Zqx nouvelle"
        new[col["site_web"]], new[col["alias"]] = "", ""
        out.append(new)
    relations = [list(r) for r in tables["relations"]]
    r_col = {name: i for i, name in enumerate(relations[0])}
    kept = [relations[0]]
    for r in relations[1:]:
        if r[0] in removed or r[1] in removed:
            continue
        r[0], r[1] = renamed.get(r[0], r[0]), renamed.get(r[1], r[1])
        kept.append(r)
    m = max(4, (len(relations) - 1) // 100)
    drop = set(rng.choice(np.arange(1, len(kept)), size=m // 2, replace=False).tolist())
    with_amount = [i for i in range(1, len(kept)) if kept[i][r_col["montant"]] and i not in drop]
    for i in rng.choice(with_amount, size=min(len(with_amount), m // 4), replace=False):
        kept[i][r_col["montant"]] = str(int(rng.integers(1, 500)) * 1000)
    kept = [r for i, r in enumerate(kept) if i not in drop]
    ids = [r[0] for r in out[1:]]
    existing = {(r[0], r[1], r[2]) for r in kept[1:]}
    prov = kept[1][r_col["provenance"]]
    added = 0
    while added < m // 2:  # as many added as dropped
        a, b = rng.choice(len(ids), size=2, replace=False)
        key = (ids[a], ids[b], "partenariat")
        if key not in existing:
            existing.add(key)
            kept.append([*key, "", "", "", prov])
            added += 1
    programmes_out = [programmes[0]]
    for p in programmes[1:]:
        p = list(p)
        p[p_col["porteurs"]] = "|".join(renamed.get(c, c) for c in p[p_col["porteurs"]].split("|") if c)
        programmes_out.append(p)
    return {**tables, "acteurs": out, "relations": kept, "programmes": programmes_out}


def _clean(value):
    """Empty cells are None or NaN in a DataFrame: both read as None."""
    import pandas as pd

    return None if not isinstance(value, tuple) and pd.isna(value) else value


def naive_diff(a, b) -> dict[str, set]:
    """Row by row on the notebook tables: ``iterrows`` over the new version, ``.loc`` into the old one."""
    out: dict[str, set] = {}
    for name in ("actors", "programmes", "needs"):
        old, new = getattr(a, name), getattr(b, name)
        columns = [c for c in new.columns if c not in ("provenance", "presumed")]
        added, modified = set(), set()
        for ident, row in new.iterrows():
            if ident not in old.index:
                added.add(ident)
                continue
            before = old.loc[ident]
            if any(_clean(before[c]) != _clean(row[c]) for c in columns):
                modified.add(ident)
        out[f"{name}_added"], out[f"{name}_modified"] = added, modified
        out[f"{name}_removed"] = {i for i in old.index if i not in new.index}
    keyed = []
    for frame in (a.relations, b.relations):
        rows = {}
        for _, row in frame.iterrows():
            key = (row["source"], row["target"], row["type"])
            rows[key] = tuple(_clean(row[c]) for c in ("amount", "start", "end"))
        keyed.append(rows)
    out["relations_added"] = {k for k in keyed[1] if k not in keyed[0]}
    out["relations_removed"] = {k for k in keyed[0] if k not in keyed[1]}
    out["relations_modified"] = {k for k, v in keyed[1].items() if k in keyed[0] and keyed[0][k] != v}
    return out


def _timed(label: str, fn, results: list):
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    results.append((label, time.perf_counter() - wall, time.process_time() - cpu))
    print(f"  {label:<42} {results[-1][1]:8.2f} s   (CPU {results[-1][2]:.2f} s)", flush=True)
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--acteurs", type=int, default=100_000, help="acteurs de la version 1 (défaut 100 000)")
    parser.add_argument("--sans-construction", action="store_true", help="ne pas mesurer `ecosysteme build`")
    parser.add_argument("--trous", action="store_true",
                        help="mesurer aussi l'analyse des trous des deux versions (longue à grande échelle)")
    args = parser.parse_args()

    from ecosysteme.analysis.diff import diff_ecosystems
    from ecosysteme.analysis.gaps import find_gaps
    from ecosysteme.ecosystem import Ecosystem
    from ecosysteme.synth import national_ecosystem, write_tables

    print(f"Charge moyenne de la machine au départ : {os.getloadavg()[0]:.2f} ({os.cpu_count()} cœurs)")
    times: list = []
    with tempfile.TemporaryDirectory(prefix="bench-diff-") as tmp:
        base = Path(tmp)
        print(f"Génération : {args.acteurs} acteurs, version 2 à 1 % d'écart")
        v1 = national_ecosystem(args.acteurs, seed=0)
        v2 = derive(v1)
        write_tables(v1, base / "v1")
        write_tables(v2, base / "v2")
        print(f"  relations : {len(v1['relations']) - 1} → {len(v2['relations']) - 1}")

        build = None
        if not args.sans_construction:
            print("Construction de référence (`ecosysteme build` de la version 2, processus fils) :")
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "ecosysteme", "build", str(base / "v2"), "--out",
                            str(base / "sortie"), "--quiet"], check=True)
            build = time.perf_counter() - start
            print(f"  {'ecosysteme build':<42} {build:8.2f} s")

        print("ecosysteme diff :")
        a = _timed("lecture + validation, version 1", lambda: Ecosystem.read(base / "v1"), times)
        b = _timed("lecture + validation, version 2", lambda: Ecosystem.read(base / "v2"), times)
        result = _timed("comparaison (avec renommages)", lambda: diff_ecosystems(a, b, gaps=False), times)
        plain = diff_ecosystems(a, b, gaps=False, renames=False)
        if args.trous:
            _timed("trous dans la raquette des deux versions",
                   lambda: (find_gaps(a), find_gaps(b)), times)
        print("Base naïve :")
        naive_times: list = []
        naive = _timed("ligne à ligne (iterrows + .loc)", lambda: naive_diff(a, b), naive_times)

    for name, diff in (("actors", plain.actors), ("programmes", plain.programmes), ("needs", plain.needs)):
        assert naive[f"{name}_added"] == set(diff.added), name
        assert naive[f"{name}_removed"] == set(diff.removed), name
        assert naive[f"{name}_modified"] == {m.id for m in diff.modified}, name
    assert naive["relations_added"] == set(plain.relations.added)
    assert naive["relations_removed"] == set(plain.relations.removed)
    assert naive["relations_modified"] == {c.key for c in plain.relations.modified}
    counts = result.to_json()
    print("Résultat (identique à la base naïve sans renommages) :")
    print(f"  acteurs : {len(result.actors.added)} ajoutés, {len(result.actors.removed)} retirés, "
          f"{len(result.actors.modified)} modifiés, {len(result.actors.renamed)} renommages ; relations : "
          f"{len(counts['relations']['ajoutees'])} ajoutées, {len(counts['relations']['retirees'])} retirées, "
          f"{len(counts['relations']['modifiees'])} modifiées")
    _label, compare, compare_cpu = next(t for t in times if t[0].startswith("comparaison"))
    total = sum(t[1] for t in times)
    print(f"Comparaison : {compare:.2f} s contre {naive_times[0][1]:.2f} s ligne à ligne, "
          f"soit {naive_times[0][1] / compare:.0f} fois plus rapide (en temps CPU : "
          f"{naive_times[0][2] / max(compare_cpu, 1e-9):.0f} fois).")
    if build is not None:
        print(f"`ecosysteme diff` de bout en bout : {total:.2f} s, contre {build:.2f} s pour construire une "
              f"version ({total / build:.0%} ; comparaison seule : {compare / build:.1%}).")


if __name__ == "__main__":
    main()
