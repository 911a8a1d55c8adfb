#!/usr/bin/env bash
# Apache Jena's SPARQL client, from Maven Central: how a researcher's Java code (or rsparql) queries our endpoint.
#   scripts/jena_tools.sh fetch                        download the jars once (cache), print the classpath folder
#   scripts/jena_tools.sh client ENDPOINT SELECT.rq ASK.rq CONSTRUCT.rq DESCRIBE.rq
#                                                      run each query in each way Jena sends it, with each
#                                                      Accept header; one JSON object a line
#                                                      (see scripts/jena/JenaClient.java)
# Run by scripts/setup.sh --test; the tests (tests/server/test_clients.py) call it too.
# Cache: $ECOSYSTEME_CACHE (default ~/.cache/ecosysteme)/jena-<v>/lib
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
JENA_VERSION=5.6.0
CACHE="${ECOSYSTEME_CACHE:-$HOME/.cache/ecosysteme}"
HOME_DIR="$CACHE/jena-$JENA_VERSION"
# shellcheck source=scripts/maven_lib.sh
. "$HERE/maven_lib.sh"

fetch() {
    maven_lib_fetch "$HOME_DIR" "$HERE/jena/pom.xml" "jena-arq-$JENA_VERSION.jar" "Apache Jena $JENA_VERSION" \
        "-Djena.version=$JENA_VERSION"
}

case "${1:-}" in
    fetch)
        fetch
        ;;
    client)
        shift
        [ "$#" -eq 5 ] || { echo "usage : scripts/jena_tools.sh client POINT_D_ACCES SELECT.rq ASK.rq CONSTRUCT.rq DESCRIBE.rq" >&2; exit 2; }
        lib="$(fetch)"
        exec java -cp "$lib/*" "$HERE/jena/JenaClient.java" "$@"
        ;;
    *)
        echo "usage : scripts/jena_tools.sh fetch | client POINT_D_ACCES SELECT.rq ASK.rq CONSTRUCT.rq DESCRIBE.rq" >&2
        exit 2
        ;;
esac
