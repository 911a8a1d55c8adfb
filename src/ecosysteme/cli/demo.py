"""Commands of one capability, registered on the main group (see cli/__init__.py)."""

from __future__ import annotations

from ecosysteme.cli.main import cli  # noqa: F401
