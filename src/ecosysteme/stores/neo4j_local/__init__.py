"""A real local Neo4j 5.26 server, built from Maven Central jars only.

No Docker and no download from the Neo4j site: :func:`ensure_neo4j` asks Maven
to copy the runtime jars of ``org.neo4j:neo4j`` (embedded DBMS with its Bolt
connector) into a cache folder once, and :class:`LocalNeo4j` runs
``Neo4jServer.java`` (next to this file) with Java's single-file source
launcher, bound to ``127.0.0.1`` only.

Examples
--------
>>> from ecosysteme.stores.neo4j_local import LocalNeo4j
>>> import neo4j
>>> with LocalNeo4j(Path("/tmp/graph")) as server:          # doctest: +SKIP
...     with neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as driver:
...         driver.verify_connectivity()

Notes
-----
* Neo4j 5.26 is the last line that runs on Java 17 (2025.x needs Java 21).
* The server's stdout and stderr go to ``<data_dir>/neo4j-server.log``; Neo4j's
  own logs are in ``<data_dir>/logs/``, the stores in ``<data_dir>/data/``.
* The child process watches its standard input: if the Python process that
  started it dies, the pipe closes and the server shuts down cleanly by itself.
* The password (argument or ``NEO4J_PASSWORD``) reaches the JVM through its
  environment only, never its command line, and is never written to a log.
  Authentication is always on: without a password, one is generated once and
  kept in ``<data_dir>/mot-de-passe-neo4j`` (readable by its owner only).
* Safe by default: ``LOAD CSV`` cannot read local files (``file:///…`` is
  refused; imports are confined to an empty ``<data_dir>/import``) nor reach
  loopback or private addresses (``dbms.security.cypher_ip_blocklist``).
"""

from __future__ import annotations

import fcntl
import functools
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from ecosysteme.errors import Neo4jLocalError

__all__ = [
    "JVM_FLAGS",
    "NEO4J_VERSION",
    "LocalNeo4j",
    "Neo4jLocalError",
    "cache_dir",
    "ensure_neo4j",
    "neo4j_home",
]

NEO4J_VERSION = "5.26.31"
"""Version of ``org.neo4j:neo4j`` fetched from Maven Central."""

JVM_FLAGS: tuple[str, ...] = (
    "-XX:+ExitOnOutOfMemoryError",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
)
"""JVM flags taken from Neo4j's own ``neo4j.conf`` (all accepted by Java 17)."""

MIN_JAVA = 17
MIN_PASSWORD_LENGTH = 8  # Neo4j's dbms.security.auth_minimum_password_length
LOG_NAME = "neo4j-server.log"
PASSWORD_NAME = "mot-de-passe-neo4j"
READY_PREFIX = "NEO4J_READY "
FAILED_PREFIX = "NEO4J_FAILED"

_HERE = Path(__file__).resolve().parent
_POM = _HERE / "pom.xml"
_SERVER_SOURCE = _HERE / "Neo4jServer.java"
_MARKER = ".complete"
_MVN_TIMEOUT = 1800.0


# --------------------------------------------------------------------------
# Installation
# --------------------------------------------------------------------------


def cache_dir() -> Path:
    """Return the cache folder of ecosysteme.

    Returns
    -------
    Path
        ``$ECOSYSTEME_CACHE`` if set and not empty, else ``~/.cache/ecosysteme``.
        The folder is not created.
    """
    env = os.environ.get("ECOSYSTEME_CACHE", "").strip()
    if env:
        return Path(env).expanduser()
    return Path.home() / ".cache" / "ecosysteme"


def neo4j_home() -> Path:
    """Return the folder that holds this Neo4j version's jars (``lib/``).

    Returns
    -------
    Path
        ``cache_dir() / "neo4j-<NEO4J_VERSION>"``.
    """
    return cache_dir() / f"neo4j-{NEO4J_VERSION}"


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


@functools.cache
def _java_version(java: str) -> int:
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60, check=False)
    except OSError as exc:
        raise Neo4jLocalError(f"Impossible d'exécuter Java ({java}) : {exc}.") from exc
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not m:
        raise Neo4jLocalError(f"Version de Java illisible ({java} -version) :\n{_tail(out.stderr + out.stdout)}")
    major = int(m.group(1))
    if major == 1 and m.group(2):  # "1.8.0_x"
        major = int(m.group(2))
    return major


def _find_java() -> str:
    """Return the path of a Java >= 17 executable (``$JAVA_HOME`` first)."""
    java = None
    home = os.environ.get("JAVA_HOME", "").strip()
    if home and (Path(home) / "bin" / "java").is_file():
        java = str(Path(home) / "bin" / "java")
    else:
        java = shutil.which("java")
    if java is None:
        raise Neo4jLocalError(
            "Java est introuvable (ni $JAVA_HOME/bin/java ni `java` dans le PATH). "
            f"Installez un JDK {MIN_JAVA} ou plus récent "
            "(par exemple `apt-get install openjdk-17-jdk-headless`)."
        )
    major = _java_version(java)
    if major < MIN_JAVA:
        raise Neo4jLocalError(
            f"Java {major} trouvé ({java}), mais Neo4j {NEO4J_VERSION} demande Java "
            f"{MIN_JAVA} ou plus récent. Installez un JDK récent ou réglez JAVA_HOME."
        )
    return java


def _find_mvn() -> str:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise Neo4jLocalError(
            "Maven (`mvn`) est introuvable dans le PATH : il sert à télécharger "
            f"Neo4j {NEO4J_VERSION} depuis Maven Central (une seule fois). "
            "Installez-le (par exemple `apt-get install maven`)."
        )
    return mvn


def _lib_complete(lib: Path) -> bool:
    marker = lib / _MARKER
    try:
        names = marker.read_text(encoding="utf-8").split()
    except OSError:
        return False
    return bool(names) and all((lib / n).is_file() for n in names)


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def ensure_neo4j(progress: Callable[[str], None] | None = None) -> Path:
    """Make sure Neo4j's jars are in the cache; download them once with Maven.

    Idempotent and safe to call from several processes at once (a file lock
    serialises downloads; jars land in a temporary folder renamed to ``lib/``
    only when complete, with a marker file listing them).

    Parameters
    ----------
    progress : callable, optional
        Called with short French messages while work is done (nothing is
        reported when the jars are already there).

    Returns
    -------
    Path
        The ``lib`` folder, to use as ``-cp '<lib>/*'``.

    Raises
    ------
    Neo4jLocalError
        Java or Maven is missing, or Maven failed (the message ends with the
        tail of Maven's output).
    """
    home = neo4j_home()
    lib = home / "lib"
    _find_java()
    if _lib_complete(lib):
        return lib
    say = progress or (lambda _msg: None)
    with _file_lock(home / ".lock"):
        if _lib_complete(lib):  # another process finished meanwhile
            return lib
        mvn = _find_mvn()
        work = home / "maven"
        work.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_POM, work / "pom.xml")
        tmp = home / f"lib.tmp-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        cmd = [
            mvn,
            "-q",
            "-B",
            "-f",
            str(work / "pom.xml"),
            f"-Dneo4j.version={NEO4J_VERSION}",
            "dependency:copy-dependencies",
            "-DincludeScope=runtime",
            f"-DoutputDirectory={tmp}",
        ]
        say(
            f"Téléchargement de Neo4j {NEO4J_VERSION} depuis Maven Central (environ 125 Mo, une seule fois) vers {lib}…"
        )
        t0 = time.monotonic()
        try:
            out = subprocess.run(
                cmd,
                cwd=work,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                errors="replace",
                timeout=_MVN_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            output = exc.output if isinstance(exc.output, str) else ""
            raise Neo4jLocalError(
                f"Maven n'a pas fini de télécharger Neo4j {NEO4J_VERSION} en "
                f"{_MVN_TIMEOUT:.0f} s. Fin de la sortie de mvn :\n{_tail(output)}"
            ) from exc
        except OSError as exc:
            raise Neo4jLocalError(f"Impossible d'exécuter Maven ({mvn}) : {exc}.") from exc
        jars = sorted(p.name for p in tmp.glob("*.jar")) if tmp.is_dir() else []
        if out.returncode != 0 or f"neo4j-{NEO4J_VERSION}.jar" not in jars:
            shutil.rmtree(tmp, ignore_errors=True)
            raise Neo4jLocalError(
                f"Échec du téléchargement de Neo4j {NEO4J_VERSION} par Maven "
                f"(code de sortie {out.returncode}, {len(jars)} jar(s) obtenus). "
                "Vérifiez l'accès à Maven Central et ~/.m2/settings.xml. "
                f"Fin de la sortie de mvn :\n{_tail(out.stdout) or '(vide)'}"
            )
        (tmp / _MARKER).write_text("\n".join(jars) + "\n", encoding="utf-8")
        shutil.rmtree(lib, ignore_errors=True)  # an incomplete earlier attempt
        tmp.rename(lib)
        say(f"Neo4j {NEO4J_VERSION} installé : {len(jars)} jars en {time.monotonic() - t0:.0f} s.")
    return lib


# --------------------------------------------------------------------------
# Server
# --------------------------------------------------------------------------


def _stored_password(path: Path) -> str:
    """The password kept in ``path``, generated there (owner-only) the first time."""
    try:
        text = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        text = ""
    if text:
        return text
    path.parent.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(18)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(password + "\n")
    return password


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LocalNeo4j:
    """A Neo4j server in a child JVM, listening on Bolt at ``127.0.0.1``.

    Parameters
    ----------
    data_dir : Path
        Neo4j home of this server (created if needed): stores, transaction
        logs, Neo4j's logs and ``neo4j-server.log`` (the JVM's stdout/stderr).
        Restarting on the same folder reopens the same graph.
    port : int, optional
        Bolt port; a free one is picked when omitted.
    password : str, optional
        Password of user ``neo4j``. Defaults to ``$NEO4J_PASSWORD`` (read
        now); without either, the one stored in ``data_dir/mot-de-passe-neo4j``,
        generated there (mode 600) the first time. At least 8 characters
        (Neo4j's rule). Authentication is always on.
    heap : str, default "1g"
        Maximum JVM heap (``-Xmx``).
    pagecache : str, default "256m"
        Neo4j page cache size (``server.memory.pagecache.size``).

    Attributes
    ----------
    data_dir : Path
    port : int
    log_path : Path
        ``data_dir / "neo4j-server.log"`` (appended to at each start).
    password_file : Path or None
        Where the generated password is kept, when it was not given.

    Examples
    --------
    >>> with LocalNeo4j(tmp_path / "db") as server:            # doctest: +SKIP
    ...     driver = neo4j.GraphDatabase.driver(server.uri, auth=server.auth)
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        port: int | None = None,
        password: str | None = None,
        heap: str = "1g",
        pagecache: str = "256m",
    ) -> None:
        self.data_dir = Path(data_dir).expanduser().resolve()
        self.port = int(port) if port is not None else _free_port()
        if password is None:
            password = os.environ.get("NEO4J_PASSWORD") or None
        self.password_file: Path | None = None
        if password is None:
            self.password_file = self.data_dir / PASSWORD_NAME
            password = _stored_password(self.password_file)
        if len(password) < MIN_PASSWORD_LENGTH:
            raise ValueError(f"Le mot de passe Neo4j doit compter au moins {MIN_PASSWORD_LENGTH} caractères.")
        self._password: str = password
        self.heap = heap
        self.pagecache = pagecache
        self.log_path = self.data_dir / LOG_NAME
        self._proc: subprocess.Popen[bytes] | None = None
        self._log_offset = 0

    # -- properties -----------------------------------------------------------

    @property
    def uri(self) -> str:
        """Bolt URI, ``bolt://127.0.0.1:<port>``."""
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def auth(self) -> tuple[str, str]:
        """``("neo4j", password)`` for the driver (authentication is always on)."""
        return ("neo4j", self._password)

    @property
    def pid(self) -> int | None:
        """Process id of the JVM, or ``None`` when not started."""
        return self._proc.pid if self._proc is not None else None

    @property
    def running(self) -> bool:
        """Whether the JVM is alive."""
        return self._proc is not None and self._proc.poll() is None

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"LocalNeo4j({str(self.data_dir)!r}, uri={self.uri!r}, {state})"

    # -- life cycle -------------------------------------------------------------

    def command(self, lib: Path, java: str = "java") -> list[str]:
        """Return the JVM command line (it never contains the password)."""
        return [
            java,
            f"-Xmx{self.heap}",
            *JVM_FLAGS,
            "-cp",
            str(lib / "*"),
            str(_SERVER_SOURCE),
            str(self.data_dir),
            str(self.port),
        ]

    def start(self, timeout: float = 180) -> LocalNeo4j:
        """Start the server and wait until Bolt accepts connections.

        Downloads Neo4j first if needed (:func:`ensure_neo4j`).

        Parameters
        ----------
        timeout : float, default 180
            Seconds to wait for the ``NEO4J_READY`` line (download excluded).

        Returns
        -------
        LocalNeo4j
            ``self``, so that ``server = LocalNeo4j(d).start()`` works.

        Raises
        ------
        Neo4jLocalError
            The JVM exited or was not ready in time (it is then killed); the
            message ends with the tail of ``neo4j-server.log``.
        """
        if self.running:
            return self
        lib = ensure_neo4j()
        java = _find_java()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ)
        env["NEO4J_PASSWORD"] = self._password
        env["NEO4J_PAGECACHE"] = self.pagecache
        env["NEO4J_WATCH_STDIN"] = "1"
        with open(self.log_path, "ab") as log:
            log.write(
                f"=== {time.strftime('%Y-%m-%d %H:%M:%S')} démarrage de Neo4j "
                f"{NEO4J_VERSION} sur {self.uri} ===\n".encode()
            )
            log.flush()
            self._log_offset = log.tell()
            try:
                self._proc = subprocess.Popen(
                    self.command(lib, java),
                    cwd=self.data_dir,
                    env=env,
                    stdin=subprocess.PIPE,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # Ctrl-C reaches us, not the JVM
                )
            except OSError as exc:
                raise Neo4jLocalError(f"Impossible de lancer Java ({java}) : {exc}.") from exc
        deadline = time.monotonic() + timeout
        while True:
            text = self._read_log()
            if any(line.startswith(READY_PREFIX) for line in text.splitlines()):
                return self
            if FAILED_PREFIX in text or self._proc.poll() is not None:
                time.sleep(0.5)  # let the stack trace reach the log
                code = self._proc.poll()
                self.kill()
                raise Neo4jLocalError(
                    f"Le serveur Neo4j ({self.uri}, dossier {self.data_dir}) n'a pas démarré"
                    f"{f' (code de sortie {code})' if code is not None else ''}. "
                    f"Fin de {self.log_path} :\n{_tail(self._read_log())}"
                )
            if time.monotonic() > deadline:
                self.kill()
                raise Neo4jLocalError(
                    f"Le serveur Neo4j ({self.uri}) n'était pas prêt après {timeout:.0f} s ; "
                    f"il a été arrêté. Fin de {self.log_path} :\n{_tail(self._read_log())}"
                )
            time.sleep(0.2)

    def _read_log(self) -> str:
        try:
            with open(self.log_path, "rb") as fh:
                fh.seek(self._log_offset)
                return fh.read().decode("utf-8", errors="replace")
        except OSError:
            return ""

    def log_tail(self, lines: int = 40) -> str:
        """Return the last lines written to the log since the last start."""
        return _tail(self._read_log(), lines)

    def wait(self, timeout: float | None = None) -> int | None:
        """Wait for the JVM to exit and return its exit code (``None`` if not started).

        Raises
        ------
        subprocess.TimeoutExpired
            The JVM is still running after ``timeout`` seconds.
        """
        if self._proc is None:
            return None
        return self._proc.wait(timeout)

    def stop(self, timeout: float = 60) -> None:
        """Stop the server cleanly (SIGTERM), killing it after ``timeout`` seconds.

        Does nothing if the server is not running.
        """
        proc = self._proc
        if proc is None:
            return
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self._release()

    def kill(self) -> None:
        """Kill the server at once (SIGKILL), as in a crash; no clean shutdown."""
        proc = self._proc
        if proc is None:
            return
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        self._release()

    def _release(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.stdin is not None:
            try:
                proc.stdin.close()
            except OSError:
                pass

    def __enter__(self) -> LocalNeo4j:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
