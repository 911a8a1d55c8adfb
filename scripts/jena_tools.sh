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
LIB="$HOME_DIR/lib"
MARKER=".complet"

lib_complete() {
    [ -f "$LIB/$MARKER" ] || return 1
    local name
    while read -r name; do
        [ -z "$name" ] || [ -f "$LIB/$name" ] || return 1
    done < "$LIB/$MARKER"
    grep -q "^jena-arq-$JENA_VERSION.jar$" "$LIB/$MARKER"
}

fetch() {
    command -v java >/dev/null || { echo "Java est introuvable : installez un JDK 17 (apt-get install openjdk-17-jdk-headless)." >&2; exit 1; }
    if lib_complete; then
        echo "$LIB"
        return
    fi
    command -v mvn >/dev/null || { echo "Maven (mvn) est introuvable : il télécharge Apache Jena depuis Maven Central (apt-get install maven)." >&2; exit 1; }
    mkdir -p "$HOME_DIR"
    exec 9>"$HOME_DIR/.verrou"
    flock 9
    if lib_complete; then  # another process finished meanwhile
        echo "$LIB"
        return
    fi
    local tmp="$HOME_DIR/lib.tmp-$$"
    rm -rf "$tmp"
    echo "Téléchargement d'Apache Jena $JENA_VERSION depuis Maven Central (environ 15 Mo, une seule fois)…" >&2
    if ! mvn -q -B -f "$HERE/jena/pom.xml" "-Djena.version=$JENA_VERSION" \
            dependency:copy-dependencies -DincludeScope=runtime "-DoutputDirectory=$tmp" >&2; then
        rm -rf "$tmp"
        echo "Échec du téléchargement par Maven : vérifiez l'accès à Maven Central et ~/.m2/settings.xml." >&2
        exit 1
    fi
    (cd "$tmp" && ls -1 ./*.jar | sed 's|^\./||') > "$tmp/$MARKER"
    rm -rf "$LIB"
    mv "$tmp" "$LIB"
    echo "$LIB"
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
