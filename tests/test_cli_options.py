"""One spelling per meaning: every command's ``--help`` spells the shared options the same way.

Walks the real command tree, renders each ``--help`` as a user sees it, and
checks the shared options of ``ecosysteme.cli._options``; the old spellings
still work, hidden.
"""

from __future__ import annotations

import re
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from ecosysteme.cli import cli
from ecosysteme.cli._options import SHARED
from tests.conftest import FIXTURES

HIDDEN = {alias for aliases in SHARED.values() for alias in aliases}
# what each dest means; a command that has it must spell it this way
CANONICAL = {"output": ("-o", "--sortie"), "out": ("-o", "--sortie"), "store": ("-m", "--magasin"),
             "fmt": ("--format",), "formats": ("--format",), "evaluate": ("--evaluer",)}


def _commands(group: click.Group = cli, prefix: tuple[str, ...] = ()):
    seen = set()
    for name in sorted(group.commands):
        cmd = group.commands[name]
        if id(cmd) in seen:
            continue
        seen.add(id(cmd))
        yield (*prefix, name), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*prefix, name))


COMMANDS = list(_commands())


def _help(path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(cli, [*path, "--help"], prog_name="ecosysteme", terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.output


def test_the_walk_reaches_every_command():
    names = {" ".join(path) for path, _cmd in COMMANDS}
    assert {"validate", "build", "export", "demo", "generer", "radar", "territoires", "sparql", "serve",
            "magasin exporter", "neo4j push", "neo4j query"} <= names
    assert {"carte", "map"} & names and {"trous", "gaps"} & names and {"suggerer", "suggest"} & names


@pytest.mark.parametrize("path,cmd", COMMANDS, ids=[" ".join(p) for p, _c in COMMANDS])
def test_shared_options_are_spelled_once(path, cmd):
    text = _help(path)
    listed = set(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", text))
    for alias in HIDDEN:
        assert not re.search(rf"^\s+.*{re.escape(alias)}\b", text, re.M), f"{' '.join(path)} montre {alias}"
    for param in cmd.params:
        if isinstance(param, click.Option) and param.name in CANONICAL:
            for spelling in CANONICAL[param.name]:
                assert spelling in listed, f"{' '.join(path)} : {param.name} doit s'écrire {spelling}"
                assert spelling in param.opts


def test_main_help_lists_each_command_once_with_its_aliases():
    text = _help(())
    section = text.split("Commandes:", 1)[1]
    first_words = [line.split()[0] for line in section.splitlines() if line.startswith("  ")]
    assert len(first_words) == len(set(first_words))
    assert "map" not in first_words and "gaps" not in first_words and "suggest" not in first_words
    assert re.search(r"^\s+carte \(map\)\s", section, re.M)
    assert re.search(r"^\s+trous \(gaps\)\s", section, re.M)
    assert re.search(r"^\s+suggerer \(suggest\)\s", section, re.M)


def test_old_spellings_still_work(tmp_path):
    """``carte --out`` used to fail; ``build --out --formats --store`` are kept for existing scripts."""
    run = [sys.executable, "-m", "ecosysteme"]
    source = FIXTURES / "utf8_bom_virgule"
    carte = subprocess.run([*run, "carte", str(source), "--out", str(tmp_path / "c.html"), "-q"],
                           capture_output=True, text=True, timeout=300)
    assert carte.returncode == 0, carte.stderr
    assert (tmp_path / "c.html").stat().st_size > 0
    build = subprocess.run([*run, "build", str(source), "--out", str(tmp_path / "b"), "--formats", "ttl",
                            "--store", str(tmp_path / "m"), "-q"], capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["graphe.ttl", "manifeste.json"]
    assert (tmp_path / "m").is_dir()


def test_missing_output_names_the_canonical_spelling():
    result = CliRunner().invoke(cli, ["export", "x", "--format", "ttl"], prog_name="ecosysteme")
    assert result.exit_code == 2
    assert "'-o' / '--sortie'" in result.output and "--out" not in result.output
