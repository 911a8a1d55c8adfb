# Sourced by scripts/*_tools.sh: fetch a tool's runtime jars from Maven Central into the cache, once.
#   maven_lib_fetch HOME_DIR POM KEY_JAR WHAT [-Dname=value...]
# HOME_DIR  cache folder of the tool (the jars go to HOME_DIR/lib, listed in HOME_DIR/lib/.complet)
# POM       the pom.xml whose runtime dependencies are the tool
# KEY_JAR   a jar that must be in the listing (guards against an older listing)
# WHAT      what is downloaded, in French, for the message
# Prints the lib folder. Concurrent callers wait on HOME_DIR/.verrou; a failed download leaves no lib folder.

_maven_lib_complete() {
    local lib="$1" key="$2" name
    [ -f "$lib/.complet" ] || return 1
    while read -r name; do
        [ -z "$name" ] || [ -f "$lib/$name" ] || return 1
    done < "$lib/.complet"
    grep -qxF "$key" "$lib/.complet"
}

maven_lib_fetch() {
    local home="$1" pom="$2" key="$3" what="$4"
    shift 4
    local lib="$home/lib"
    command -v java >/dev/null || { echo "Java est introuvable : installez un JDK 17 (apt-get install openjdk-17-jdk-headless)." >&2; exit 1; }
    if _maven_lib_complete "$lib" "$key"; then
        echo "$lib"
        return
    fi
    command -v mvn >/dev/null || { echo "Maven (mvn) est introuvable : il télécharge $what depuis Maven Central (apt-get install maven)." >&2; exit 1; }
    mkdir -p "$home"
    exec 9>"$home/.verrou"
    flock 9
    if _maven_lib_complete "$lib" "$key"; then  # another process finished meanwhile
        echo "$lib"
        return
    fi
    local tmp="$home/lib.tmp-$$"
    rm -rf "$tmp"
    echo "Téléchargement depuis Maven Central (une seule fois) : $what…" >&2
    if ! mvn -q -B -f "$pom" "$@" dependency:copy-dependencies -DincludeScope=runtime "-DoutputDirectory=$tmp" >&2; then
        rm -rf "$tmp"
        echo "Échec du téléchargement par Maven : vérifiez l'accès à Maven Central et ~/.m2/settings.xml." >&2
        exit 1
    fi
    (cd "$tmp" && ls -1 ./*.jar | sed 's|^\./||') > "$tmp/.complet"
    rm -rf "$lib"
    mv "$tmp" "$lib"
    echo "$lib"
}
