"""Command line: a thin layer over the library.

``main.py`` holds the group and the foundation commands (validate, build,
export, demo); each other module adds the commands of one capability to the
same group. Only :class:`~ecosysteme.errors.EcosystemeError` becomes a clean
French message; anything else is a bug and keeps its traceback.
"""

from ecosysteme.cli import _french, analyse, carte, demo, diff, neo4j, sparql, synth  # noqa: F401  (register their commands)
from ecosysteme.cli.main import cli, main

_french.install()

__all__ = ["cli", "main"]
