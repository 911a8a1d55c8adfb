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
LIB="$HOME_DIR/lib"
MARKER=".complet"

lib_complete() {
    [ -f "$LIB/$MARKER" ] || return 1
    local name
    while read -r name; do
        [ -z "$name" ] || [ -f "$LIB/$name" ] || return 1
    done < "$LIB/$MARKER"
    grep -q "^org.semanticweb.hermit-$HERMIT_VERSION.jar$" "$LIB/$MARKER"
}

fetch() {
    command -v java >/dev/null || { echo "Java est introuvable : installez un JDK 17 (apt-get install openjdk-17-jdk-headless)." >&2; exit 1; }
    if lib_complete; then
        echo "$LIB"
        return
    fi
    command -v mvn >/dev/null || { echo "Maven (mvn) est introuvable : il télécharge l'OWL API et HermiT depuis Maven Central (apt-get install maven)." >&2; exit 1; }
    mkdir -p "$HOME_DIR"
    exec 9>"$HOME_DIR/.verrou"
    flock 9
    if lib_complete; then  # another process finished meanwhile
        echo "$LIB"
        return
    fi
    local tmp="$HOME_DIR/lib.tmp-$$"
    rm -rf "$tmp"
    echo "Téléchargement de l'OWL API $OWLAPI_VERSION et de HermiT $HERMIT_VERSION depuis Maven Central (environ 25 Mo, une seule fois)…" >&2
    if ! mvn -q -B -f "$HERE/owl/pom.xml" "-Dhermit.version=$HERMIT_VERSION" "-Dowlapi.version=$OWLAPI_VERSION" \
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
