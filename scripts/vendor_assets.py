"""Copy the front-end assets that ecosysteme embeds from ``node_modules/``.

The npm packages are pinned in ``package.json`` / ``package-lock.json``; this
script copies the exact files the product needs into the Python package,
writes a licence file next to each bundle (the package's own licence followed
by the licences of the third-party modules compiled into it, read from the
bundle's source map) and a README (in French) naming package, version and
licence. The output depends only on ``node_modules/``: re-running it produces
byte-identical files.

Usage::

    npm ci --ignore-scripts && python scripts/vendor_assets.py [--check]

``--check`` writes nothing and exits 1 if a vendored file is missing or differs
from what the script would write.

Stdlib only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "node_modules"
REGENERATE = "npm ci --ignore-scripts && python scripts/vendor_assets.py"

# @zazuko/yasgui publishes no licence file in its npm tarball (only package.json
# and build/); this is the verbatim LICENSE of the upstream repository
# (github.com/rdfjs/Yasgui, LICENSE, unchanged since 2024-04-17).
YASGUI_UPSTREAM_LICENSE = """\
The MIT License (MIT)

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
THE SOFTWARE.
"""

# Modules compiled into a bundle (per its source map) that `npm ci` does not
# install because they were build-time dependencies of the upstream package.
# SPDX identifiers as declared by each package on the npm registry.
NOT_INSTALLED_LICENSES = {
    "@babel/runtime-corejs3": "MIT",
    "core-js-pure": "MIT",
    "style-inject": "MIT",
}

_LICENSE_FILE = re.compile(r"^(licen[cs]e|copying)([.-].*)?$", re.IGNORECASE)
_NODE_MODULE = re.compile(r"node_modules/((?:@[^/]+/)?[^/]+)/")


@dataclass(frozen=True)
class Bundle:
    package: str
    dest: str  # directory relative to ROOT
    files: tuple[tuple[str, str], ...]  # (path in package, name in dest)
    license_name: str  # licence file written in dest
    source_maps: tuple[str, ...]  # paths in package, to list bundled modules
    readme: str  # template, formatted with the fields of _readme_fields()
    extra_license_text: str | None = None  # used when the package ships none
    monorepo_siblings: tuple[str, ...] = field(default=())


VIS_README = """\
# vis-network (ressource vendorisée)

Fichiers copiés tels quels depuis le paquet npm ; **ne pas les modifier à la
main**.

- Paquet : `{package}` version **{version}** (épinglée dans `package.json` /
  `package-lock.json` à la racine du dépôt).
- Licence : `{license}` (double licence Apache-2.0 ou MIT, au choix) ; texte
  complet et licences des modules tiers inclus dans le bundle :
  [`{license_name}`]({license_name}).
- Source : `node_modules/{package}/standalone/umd/vis-network.min.js` (build
  « standalone » UMD : `vis-data`, `vis-util`, `hammerjs`, `keycharm`, `uuid`,
  `component-emitter` sont inclus ; aucune autre dépendance à charger).
- Le CSS de vis-network est **inclus dans le JS** : au chargement, le script
  injecte ses règles dans une balise `<style>` (images en `data:` URI). Il n'y a
  donc pas de fichier CSS séparé à embarquer.
- Usage : `<script>` en ligne (ou fichier local) puis
  `new vis.Network(conteneur, {{nodes, edges}}, options)` ; la variable globale
  est `vis`.

## Fichiers

{file_table}

## Régénérer

```sh
{regenerate}
```

Pour changer de version : modifier la version dans `package.json`, lancer
`npm install --ignore-scripts` (met à jour `package-lock.json`), puis la commande
ci-dessus. `python scripts/vendor_assets.py --check` vérifie que les fichiers
vendorisés correspondent à `node_modules/`.
"""

YASGUI_README = """\
# YASGUI (ressource vendorisée)

Fichiers copiés tels quels depuis le paquet npm ; **ne pas les modifier à la
main**.

- Paquet : `{package}` version **{version}** (épinglée dans `package.json` /
  `package-lock.json` à la racine du dépôt).
- Licence : `{license}`. Le paquet npm ne contient pas de fichier de licence :
  [`{license_name}`]({license_name}) reprend le texte MIT du dépôt amont
  (rdfjs/Yasgui), suivi des licences des modules tiers inclus dans le bundle
  (CodeMirror, jQuery, DataTables, N3, Papa Parse, DOMPurify, icônes Font
  Awesome Free (CC BY 4.0), etc.).
- Sources : `node_modules/{package}/build/yasgui.min.js` et `yasgui.min.css`.
  Le bundle UMD contient déjà YASQE (éditeur), YASR (résultats) et toutes leurs
  dépendances ; le CSS contient aussi celui de YASQE, YASR, CodeMirror et
  DataTables. Aucune police web ni image externe : les icônes sont des SVG en
  ligne. Ces deux fichiers suffisent à faire fonctionner YASGUI hors ligne.
- Usage : `<link rel="stylesheet" href="yasgui.min.css">` et
  `<script src="yasgui.min.js"></script>` ; la variable globale est `Yasgui`
  (la classe elle-même).

## Fichiers

{file_table}

## Usage hors ligne

Aucun fichier vendorisé ne charge de ressource distante au démarrage : pas de
police web, pas d'`@import`, pas d'`url()` dans le CSS, icônes en SVG en ligne.
Les URL présentes dans le JS sont des chaînes inertes (liste de préfixes de
prefix.cc embarquée, espaces de noms SVG/RDF, exemples DBpedia/Wikidata, liens
de documentation dans des `<a href>`). En revanche, avec la configuration par
défaut, YASGUI contacte des services tiers **pendant l'utilisation** :

- Autocompléteurs YASQE `property` et `class` (actifs par défaut) : à chaque
  complétion (`Ctrl-Espace`, ou après `a `), `fetch` vers l'API LOV
  (`lov.linkeddata.es`). Réglage : ne garder que `["variables", "prefixes"]`
  dans `Yasgui.Yasqe.defaults.autocompleters` (voir ci-dessous).
- `yasqe.prefixCcApi` (`null` par défaut en 4.6) : si renseigné, `fetch` des
  préfixes sur prefix.cc. Réglage : laisser `null`, la liste de préfixes
  embarquée est alors utilisée.
- `requestConfig.endpoint` (défaut `https://dbpedia.org/sparql`) : la requête
  SPARQL part vers DBpedia. Réglage : notre point d'accès, en URL **absolue**
  (YASGUI appelle `new URL(endpoint)`).
- `endpointCatalogueOptions.getData` (propose DBpedia et Wikidata) :
  l'utilisateur peut les choisir. Réglage : ne proposer que notre point
  d'accès.
- `populateFromUrl: true` : un lien partagé `?endpoint=…&query=…` ouvre un
  onglet **et exécute** la requête vers le point d'accès du lien. Réglage :
  `false`.
- `persistenceId` (localStorage) : restaure onglets et point d'accès d'une
  session précédente (éventuellement DBpedia). Réglage : `null` ; onglets et
  point d'accès ne sont plus stockés (seule la clé `prefixes`, cache local de
  la liste embarquée, reste écrite).
- `copyEndpointOnNewTab: true` : un nouvel onglet reprend le point d'accès de
  l'onglet courant. Réglage : `false`, chaque onglet repart de
  `requestConfig.endpoint`.
- `corsProxy` (non défini par défaut) : si défini, requête `ASK` de test vers
  chaque point d'accès choisi. Réglage : ne pas le définir.

Attention : YASGUI fusionne la configuration avec `lodash.merge`, qui fusionne
les tableaux **indice par indice** ; passer `yasqe: {{autocompleters: [...]}}`
au constructeur ne retire donc **pas** `property` et `class`. Il faut modifier
les valeurs par défaut avant d'instancier :

```html
<link rel="stylesheet" href="yasgui.min.css">
<script src="yasgui.min.js"></script>
<div id="yasgui"></div>
<script>
  // Complétion locale uniquement : pas d'appel à l'API LOV.
  Yasgui.Yasqe.defaults.autocompleters = ["variables", "prefixes"];
  Yasgui.defaults.yasqe.autocompleters = ["variables", "prefixes"];

  // URL absolue obligatoire ; adapter le chemin du point d'accès.
  const ENDPOINT = new URL("/sparql", window.location.href).href;

  const yasgui = new Yasgui(document.getElementById("yasgui"), {{
    requestConfig: {{ endpoint: ENDPOINT, method: "POST" }},
    endpointCatalogueOptions: {{ getData: () => [{{ endpoint: ENDPOINT }}] }},
    copyEndpointOnNewTab: false,
    populateFromUrl: false,
    persistenceId: null,
    corsProxy: undefined,
    yasqe: {{ prefixCcApi: null }},
  }});
</script>
```

Vérification (Chromium headless, toutes les requêtes autres que la page
bloquées, page servie en HTTP et ouverte en `file://`) : avec cette
configuration, aucune requête au chargement ni pendant la complétion
(préfixes proposés depuis la liste embarquée), aucune erreur console ; la
requête SPARQL part uniquement vers `ENDPOINT` et le tableau de résultats
s'affiche. Avec la configuration par défaut, ou en passant seulement
`yasqe: {{autocompleters: [...]}}` au constructeur, `Ctrl-Espace` après
`?s a foaf:Per` déclenche `GET https://lov.linkeddata.es/dataset/lov/api/v2/autocomplete/terms?…`.

Dans une page HTML autonome ouverte en `file://`, `ENDPOINT` doit être l'URL
absolue du serveur SPARQL (un chemin relatif donnerait `file:///sparql`).

La dernière ligne de `yasgui.min.js` est un commentaire
`//# sourceMappingURL=yasgui.min.js.map` : seul un navigateur dont les outils
de développement sont ouverts tente de charger ce fichier (non vendorisé) ; ce
n'est pas une requête d'exécution.

## Régénérer

```sh
{regenerate}
```

Pour changer de version : modifier la version dans `package.json`, lancer
`npm install --ignore-scripts` (met à jour `package-lock.json`), puis la commande
ci-dessus (le texte de ce README est dans `scripts/vendor_assets.py`). Revérifier
alors les points de la section « Usage hors ligne ». `python
scripts/vendor_assets.py --check` vérifie que les fichiers vendorisés
correspondent à `node_modules/`.
"""

BUNDLES = (
    Bundle(
        package="vis-network",
        dest="src/ecosysteme/viz/assets",
        files=(("standalone/umd/vis-network.min.js", "vis-network.min.js"),),
        license_name="vis-network.LICENSE.txt",
        source_maps=("standalone/umd/vis-network.min.js.map",),
        readme=VIS_README,
    ),
    Bundle(
        package="@zazuko/yasgui",
        dest="src/ecosysteme/server/static/yasgui",
        files=(
            ("build/yasgui.min.js", "yasgui.min.js"),
            ("build/yasgui.min.css", "yasgui.min.css"),
        ),
        license_name="yasgui.LICENSE.txt",
        source_maps=("build/yasgui.min.js.map",),
        readme=YASGUI_README,
        extra_license_text=YASGUI_UPSTREAM_LICENSE,
        # Built from the same monorepo and compiled into yasgui.min.js; their
        # sources appear in the map as ../../yasqe/src etc., not node_modules.
        monorepo_siblings=("@zazuko/yasgui-utils", "@zazuko/yasqe", "@zazuko/yasr"),
    ),
)


class VendorError(Exception):
    pass


def _package_dir(name: str) -> Path:
    return NODE_MODULES.joinpath(*name.split("/"))


def _package_json(name: str) -> dict:
    path = _package_dir(name) / "package.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise VendorError(f"{path} missing: run `npm ci --ignore-scripts` first") from None


def _pinned_versions() -> dict[str, str]:
    pkg = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    return dict(pkg.get("dependencies", {}))


def _spdx(meta: dict) -> str:
    lic = meta.get("license")
    if isinstance(lic, dict):
        lic = lic.get("type")
    if not lic and isinstance(meta.get("licenses"), list):
        lic = " OR ".join(str(x.get("type", "?")) for x in meta["licenses"] if isinstance(x, dict))
    return lic or "non déclarée dans package.json (voir le texte)"


def _license_texts(pkg_dir: Path) -> list[tuple[str, str]]:
    out = []
    for path in sorted(pkg_dir.iterdir(), key=lambda p: p.name):
        if path.is_file() and _LICENSE_FILE.match(path.name):
            text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
            out.append((path.name, text.rstrip("\n") + "\n"))
    return out


def _bundled_modules(bundle: Bundle) -> list[str]:
    names: set[str] = set()
    for rel in bundle.source_maps:
        path = _package_dir(bundle.package) / rel
        data = json.loads(path.read_text(encoding="utf-8"))
        for src in data.get("sources", []):
            matches = _NODE_MODULE.findall(src)
            if matches:
                names.add(matches[-1])  # innermost node_modules wins
    names.update(bundle.monorepo_siblings)
    names.discard(bundle.package)
    return sorted(names)


def _license_file(bundle: Bundle, meta: dict) -> str:
    title = f"{bundle.package} {meta['version']} - licence {_spdx(meta)}"
    parts = [title, "=" * len(title), ""]
    own = _license_texts(_package_dir(bundle.package))
    if bundle.extra_license_text:
        parts += [
            "(Le paquet npm ne contient pas de fichier de licence ; texte du dépôt amont.)",
            "",
            bundle.extra_license_text.rstrip("\n"),
            "",
        ]
    for name, text in own:
        parts += [f"--- {name} ---", "", text.rstrip("\n"), ""]
    if not own and not bundle.extra_license_text:
        raise VendorError(f"no licence text found for {bundle.package}")

    parts += [
        "",
        "Modules tiers inclus dans le bundle",
        "===================================",
        "",
        "Liste tirée de la source map du bundle. Textes de licence lus dans",
        "node_modules/ (version installée par npm ci, qui peut différer",
        "légèrement de celle compilée dans le bundle en amont).",
        "",
    ]
    for name in _bundled_modules(bundle):
        pkg_dir = _package_dir(name)
        if (pkg_dir / "package.json").is_file():
            dep = _package_json(name)
            header = f"{name} {dep.get('version', '?')} - licence {_spdx(dep)}"
            texts = _license_texts(pkg_dir)
        else:
            spdx = NOT_INSTALLED_LICENSES.get(name)
            if spdx is None:
                raise VendorError(
                    f"{name} is bundled in {bundle.package} but neither installed nor listed in NOT_INSTALLED_LICENSES"
                )
            header = f"{name} - licence {spdx}"
            texts = []
        parts += [header, "-" * len(header), ""]
        if texts:
            for fname, text in texts:
                parts += [f"[{fname}]", "", text.rstrip("\n"), ""]
        elif name in bundle.monorepo_siblings:
            parts += [
                f"(Même dépôt amont que {bundle.package} : texte de licence ci-dessus.)",
                "",
            ]
        elif (pkg_dir / "package.json").is_file():
            parts += [
                "(Pas de fichier de licence dans le paquet npm ; licence déclarée",
                " dans son package.json.)",
                "",
            ]
        else:
            parts += [
                "(Dépendance de compilation du paquet amont, non installée par npm ci ;",
                " licence déclarée sur le registre npm.)",
                "",
            ]
    return "\n".join(parts).rstrip("\n") + "\n"


def _readme(bundle: Bundle, meta: dict, outputs: dict[str, bytes]) -> str:
    rows = [
        "| Fichier | Origine | Taille (octets) | SHA-256 |",
        "| --- | --- | --- | --- |",
    ]
    origin = {dst: f"`{src}`" for src, dst in bundle.files}
    origin[bundle.license_name] = "généré"
    for name in sorted(outputs):
        data = outputs[name]
        rows.append(f"| `{name}` | {origin.get(name, 'généré')} | {len(data)} | `{hashlib.sha256(data).hexdigest()}` |")
    return bundle.readme.format(
        package=bundle.package,
        version=meta["version"],
        license=_spdx(meta),
        license_name=bundle.license_name,
        file_table="\n".join(rows),
        regenerate=REGENERATE,
    )


def build(bundle: Bundle, pinned: dict[str, str]) -> dict[str, bytes]:
    """Return {file name in bundle.dest: content} for one bundle."""
    meta = _package_json(bundle.package)
    want = pinned.get(bundle.package)
    if want != meta["version"]:
        raise VendorError(
            f"{bundle.package}: node_modules has {meta['version']}, package.json pins "
            f"{want}: run `npm ci --ignore-scripts`"
        )
    outputs: dict[str, bytes] = {}
    for src, dst in bundle.files:
        outputs[dst] = (_package_dir(bundle.package) / src).read_bytes()
    outputs[bundle.license_name] = _license_file(bundle, meta).encode("utf-8")
    outputs["README.md"] = _readme(bundle, meta, outputs).encode("utf-8")
    return outputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify only, write nothing")
    args = parser.parse_args(argv)

    try:
        pinned = _pinned_versions()
        planned = [(b, build(b, pinned)) for b in BUNDLES]
    except VendorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    stale = []
    for bundle, outputs in planned:
        dest = ROOT / bundle.dest
        for name, data in outputs.items():
            path = dest / name
            rel = path.relative_to(ROOT)
            if path.is_file() and path.read_bytes() == data:
                continue
            stale.append(rel)
            if not args.check:
                dest.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                print(f"wrote {rel} ({len(data)} bytes)")
    if args.check:
        for rel in stale:
            print(f"out of date: {rel}", file=sys.stderr)
        return 1 if stale else 0
    if not stale:
        print("vendored assets already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
