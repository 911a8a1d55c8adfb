#!/usr/bin/env bash
# OWL tools of a researcher, from Maven Central: the OWL API 5 and the HermiT reasoner.
#   scripts/owl_tools.sh fetch           download the jars once (cache), print the classpath folder
#   scripts/owl_tools.sh check FILE...   OWL 2 DL profile + HermiT consistency of the files read together
#                                        (default: ontology/ecosysteme.ttl ontology/vocabulaires.ttl);
#                                        prints one JSON object (see scripts/owl/OwlCheck.java)
# Run by scripts/setup.sh --test; the tests (tests/ontology/test_owl.py) call it too.
# Cache: $ECOSYSTEME_CACHE (default ~/.cache/ecosysteme)/owl-hermit-<v>-owlapi-<v>/lib
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
HERMIT_VERSION=1.4.5.519
OWLAPI_VERSION=5.1.20
CACHE="${ECOSYSTEME_CACHE:-$HOME/.cache/ecosysteme}"
HOME_DIR="$CACHE/owl-hermit-$HERMIT_VERSION-owlapi-$OWLAPI_VERSION"
# shellcheck source=scripts/maven_lib.sh
. "$HERE/maven_lib.sh"

fetch() {
    maven_lib_fetch "$HOME_DIR" "$HERE/owl/pom.xml" "org.semanticweb.hermit-$HERMIT_VERSION.jar" \
        "OWL API $OWLAPI_VERSION et HermiT $HERMIT_VERSION" \
        "-Dhermit.version=$HERMIT_VERSION" "-Dowlapi.version=$OWLAPI_VERSION"
}

case "${1:-}" in
    fetch)
        fetch
        ;;
    check)
        shift
        lib="$(fetch)"
        if [ "$#" -eq 0 ]; then
            set -- "$ROOT/ontology/ecosysteme.ttl" "$ROOT/ontology/vocabulaires.ttl"
        fi
        exec java -cp "$lib/*" "$HERE/owl/OwlCheck.java" "$@"
        ;;
    *)
        echo "usage : scripts/owl_tools.sh fetch | check [FICHIER...]" >&2
        exit 2
        ;;
esac
