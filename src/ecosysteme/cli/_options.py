"""One spelling per meaning across every command, old spellings kept as hidden aliases.

The command line speaks French, like everything else a user reads. Options
that mean the same thing in several commands are declared here once:

========================  ==============================  ======================
meaning                   spelling                        hidden aliases
========================  ==============================  ======================
file or folder written    ``-o``, ``--sortie``            ``--out``
formats (comma list ok)   ``--format``                    ``--formats``
persistent RDF store      ``-m``, ``--magasin``           ``--store``
evaluate the prediction   ``--evaluer``                   ``--evaluate``
========================  ==============================  ======================

``tests/test_cli_options.py`` walks every command's ``--help`` and fails when
a command spells one of these differently.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

__all__ = ["OUTPUT", "SHARED", "AliasedOption", "format_option", "output_option"]

OUTPUT = ("-o", "--sortie")
# canonical long option -> its hidden aliases
SHARED = {"--sortie": ("--out",), "--format": ("--formats",), "--magasin": ("--store",),
          "--evaluer": ("--evaluate",)}


class AliasedOption(click.Option):
    """An option whose ``hidden`` spellings are accepted but never shown in ``--help`` or errors."""

    def __init__(self, param_decls: Sequence[str], hidden: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__([*param_decls, *hidden], **kwargs)
        self.hidden_aliases = tuple(hidden)

    def _shown(self, method, ctx: click.Context):
        opts = self.opts
        self.opts = [o for o in opts if o not in self.hidden_aliases]
        try:
            return method(ctx)
        finally:
            self.opts = opts

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        return self._shown(super().get_help_record, ctx)

    def get_error_hint(self, ctx: click.Context) -> str:
        return self._shown(super().get_error_hint, ctx)


def output_option(dest: str = "output", **kwargs: Any):
    """``-o/--sortie`` (hidden alias ``--out``): the file or folder a command writes."""
    kwargs.setdefault("type", click.Path(path_type=Path))
    return click.option(*OUTPUT, dest, cls=AliasedOption, hidden=SHARED["--sortie"], **kwargs)


def format_option(dest: str = "fmt", **kwargs: Any):
    """``--format`` (hidden alias ``--formats``), one or several formats separated by commas."""
    return click.option("--format", dest, cls=AliasedOption, hidden=SHARED["--format"], **kwargs)
