#!/usr/bin/env bash
# Set up everything ecosysteme needs on a fresh machine (Debian, Python 3.11, Java 17, Maven, Node).
#   scripts/setup.sh          the product: a virtualenv in .venv with ecosysteme installed
#   scripts/setup.sh --test   plus what the tests use: Debian's Chromium, Neo4j 5.26, the OWL API and HermiT
#                             from Maven Central
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
    echo "Préparation de Neo4j 5.26 (artefacts Maven Central)…" >&2
    .venv/bin/python -c "from ecosysteme.stores.neo4j_local import ensure_neo4j; print(ensure_neo4j())" >&2
    echo "Préparation de l'OWL API et de HermiT (artefacts Maven Central)…" >&2
    scripts/owl_tools.sh fetch >&2
else
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
fi
