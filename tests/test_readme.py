"""The README stays true: input format, commands, and the CI running its test command."""

from __future__ import annotations

import re

from ecosysteme.cli import cli
from ecosysteme.io.validate import COLUMNS
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_input_column_is_documented_table_by_table():
    for table, columns in COLUMNS.items():
        section = README.split(f"### `{table}`", 1)
        assert len(section) == 2, f"table {table} absente du README"
        body = section[1].split("\n### ", 1)[0]
        for column in columns:
            assert f"`{column}`" in body, f"colonne {table}.{column} absente du README"


def test_every_command_appears_in_the_readme():
    names = set(cli.commands)
    aliases = {"map": "carte", "gaps": "trous", "suggest": "suggerer"}
    for name in names:
        shown = {name, aliases.get(name, name)} | {k for k, v in aliases.items() if v == name}
        assert any(re.search(rf"(ecosysteme|alias :) {re.escape(n)}\b", README) for n in shown) or name == "demo", name


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in README and re.search(r"^make test$", ci, re.M)
    assert "make demo" in README


def test_relation_types_and_vocabularies_of_the_format_come_from_the_ontology():
    from ecosysteme import vocab

    relations = README.split("### `relations`", 1)[1].split("\n### ", 1)[0]
    type_row = next(line for line in relations.splitlines() if line.startswith("| `type`"))
    assert set(re.findall(r"`(\w+)` \(", type_row)) == set(vocab.RELATION_TYPES)
    actors = README.split("### `acteurs`", 1)[1].split("\n### ", 1)[0]
    rows = {line.split("|")[1].strip(" `"): line for line in actors.splitlines() if line.startswith("| `")}
    assert set(re.findall(r"`(\w+)`", rows["type"].split("|")[3])) == set(vocab.ACTOR_TYPES)
    for column, scheme in (("monde", "monde"), ("echelon", "echelon"), ("natures", "nature")):
        assert set(re.findall(r"`(\w+)`", rows[column].split("|")[3])) == set(vocab.SCHEMES[scheme]), column


def test_the_python_example_of_the_readme_runs(monkeypatch, capsys):
    """The README's Python example (the secretariat's journey) runs as written, from the repository."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0] for b in text.split("```python\n")[1:]]
    example = next(b for b in blocks if "find_gaps" in b)
    monkeypatch.chdir(ROOT)
    exec(compile(example, "README.md", "exec"), {})  # our own documentation
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5 and lines[0].startswith("1 ")


def test_links_of_the_readme_and_notebooks_point_to_files_that_exist():
    """Relative links and ``docs/…`` mentions in the README and the notebooks name files of the repository."""
    documents = [ROOT / "README.md", *sorted((ROOT / "notebooks").glob("*.ipynb"))]
    for document in documents:
        text = document.read_text(encoding="utf-8")
        targets = re.findall(r"\]\(((?!https?:|#|mailto:)[^)#\s]+)", text)
        targets += [f"../{m}" if document.suffix == ".ipynb" else m for m in re.findall(r"`(docs/[^`]+)`", text)]
        assert targets or document.suffix == ".ipynb"
        for target in targets:
            assert (document.parent / target).exists(), f"{document.name} : lien vers {target} introuvable"
