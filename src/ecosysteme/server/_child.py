"""Entry point of the worker processes: ``python -m ecosysteme.server._child MODE STORE``.

A module of its own (not imported by the package) so that running it with
``-m`` does not re-execute an already imported module.
"""

import sys

from ecosysteme.server._workers import _child_main

if __name__ == "__main__":  # pragma: no cover - run as a child process
    _child_main(sys.argv[1:])
