#!/usr/bin/env bash
# Start a local Neo4j 5.26 server in the foreground; Ctrl-C stops it cleanly.
#
#   scripts/neo4j-local.sh DATA_DIR [PORT]
#
# PORT defaults to 7687. Auth is enabled when NEO4J_PASSWORD is set (user
# neo4j, at least 8 characters), disabled otherwise. The first run downloads
# Neo4j's jars from Maven Central into ${ECOSYSTEME_CACHE:-~/.cache/ecosysteme}.
# Same code path as the tests: ecosysteme.stores.neo4j_local.LocalNeo4j.
# Server output: DATA_DIR/neo4j-server.log; Neo4j's logs: DATA_DIR/logs/.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 || "$1" == "-h" || "$1" == "--help" ]]; then
    echo "usage: $0 DATA_DIR [PORT]" >&2
    exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-}"
if [[ -z "$python" ]]; then
    if [[ -x "$root/.venv/bin/python" ]]; then
        python="$root/.venv/bin/python"
    else
        python="python3"
    fi
fi
export PYTHONPATH="$root/src${PYTHONPATH:+:$PYTHONPATH}"

exec "$python" - "$@" <<'PY'
import signal
import sys
from pathlib import Path

from ecosysteme.errors import EcosystemeError
from ecosysteme.stores.neo4j_local import NEO4J_VERSION, LocalNeo4j


def on_term(signum, frame):
    raise KeyboardInterrupt


signal.signal(signal.SIGTERM, on_term)
data_dir = Path(sys.argv[1])
port = int(sys.argv[2]) if len(sys.argv) > 2 else 7687
try:
    server = LocalNeo4j(data_dir, port=port)
except ValueError as exc:
    print(f"erreur : {exc}", file=sys.stderr)
    sys.exit(2)
try:
    print(f"Démarrage de Neo4j {NEO4J_VERSION} dans {server.data_dir}…", file=sys.stderr)
    from ecosysteme.stores.neo4j_local import ensure_neo4j

    ensure_neo4j(lambda msg: print(msg, file=sys.stderr))
    server.start()
    auth = "activée (utilisateur neo4j)" if server.auth else "désactivée"
    print(f"Neo4j prêt : {server.uri} — authentification {auth}", file=sys.stderr)
    print(f"Journal : {server.log_path} ; Ctrl-C pour arrêter.", file=sys.stderr)
    print(server.uri, flush=True)
    code = server.wait()
    print(f"Le serveur s'est arrêté seul (code {code}). Fin du journal :", file=sys.stderr)
    print(server.log_tail(), file=sys.stderr)
    sys.exit(1)
except KeyboardInterrupt:
    print("\nArrêt de Neo4j…", file=sys.stderr)
    server.stop()
    print("Neo4j arrêté.", file=sys.stderr)
except EcosystemeError as exc:
    server.stop()
    print(f"erreur : {exc}", file=sys.stderr)
    sys.exit(1)
PY
