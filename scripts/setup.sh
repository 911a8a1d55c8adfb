#!/usr/bin/env bash
# Set up everything ecosysteme needs on a fresh machine (Debian, Python 3.11, Java 17, Maven, Node).
#   scripts/setup.sh          the product: a virtualenv in .venv with ecosysteme installed
#   scripts/setup.sh --test   plus what the tests use: Debian's Chromium, Neo4j 5.26 from Maven Central,
#                             the npm packages of package-lock.json (graph readers run by node),
#                             the Gephi toolkit 0.10.1 from Maven Central (Gephi's importers, run by java),
#                             the OWL API and HermiT from Maven Central, Jena's client
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
if [ "${1:-}" = "--test" ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
    # Apache Jena's SPARQL client (Maven Central), for tests/server/test_clients.py
    echo "Préparation du client SPARQL d'Apache Jena (artefacts Maven Central)…" >&2
    scripts/jena_tools.sh fetch >&2
    if [ ! -x /usr/bin/chromium ]; then
        echo "Installation de Chromium (paquet Debian)…" >&2
        SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
    fi
    # Gephi Lite's GEXF and GraphML parsers (graphology-gexf, graphology-graphml), run by node in the tests;
    # pinned in package-lock.json, installed again only when the lock file changes.
    if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
        echo "Installation des paquets npm des tests (package-lock.json)…" >&2
        npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2
    fi
    # Gephi's own importers (Gephi toolkit 0.10.1, Maven Central), run by java in tests/export/test_gephi.py.
    GEPHI_DIR="${ECOSYSTEME_CACHE:-$HOME/.cache/ecosysteme}/gephi-toolkit-0.10.1"
    if [ ! -f "$GEPHI_DIR/gephi-toolkit-0.10.1-all.jar" ]; then
        echo "Téléchargement du Gephi toolkit 0.10.1 (Maven Central)…" >&2
        mvn -q -B dependency:copy -Dartifact=org.gephi:gephi-toolkit:0.10.1:jar:all -DoutputDirectory="$GEPHI_DIR" >&2
    fi
    echo "Préparation de Neo4j 5.26 (artefacts Maven Central)…" >&2
    .venv/bin/python -c "from ecosysteme.stores.neo4j_local import ensure_neo4j; print(ensure_neo4j())" >&2
    echo "Préparation de l'OWL API et de HermiT (artefacts Maven Central)…" >&2
    scripts/owl_tools.sh fetch >&2
else
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
fi
