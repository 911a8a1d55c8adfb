"""French for click's own messages (usage, options, errors): every word a user reads is French.

click marks its strings with ``gettext``; we replace the ``_`` it imported in
its modules by a lookup in this table (unknown strings stay as they are).
"""

from __future__ import annotations

import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.termui
import click.types

FRENCH = {
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "Aborted!": "Interrompu !",
    "Commands": "Commandes",
    "Options": "Options",
    "Positional arguments": "Arguments",
    "Usage:": "Utilisation :",
    "Show the version and exit.": "Afficher la version et quitter.",
    "Show this message and exit.": "Afficher cette aide et quitter.",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Essayez « {command} {option} » pour l'aide.",
    "Invalid value for {param_hint}: {message}": "Valeur invalide pour {param_hint} : {message}",
    "Invalid value: {message}": "Valeur invalide : {message}",
    "Missing argument": "Argument manquant",
    "Missing option": "Option manquante",
    "Missing parameter": "Paramètre manquant",
    "Missing parameter: {param_name}": "Paramètre manquant : {param_name}",
    "Missing {param_type}": "{param_type} manquant",
    "Missing command.": "Commande manquante.",
    "No such command {name!r}.": "Commande inconnue : {name!r}.",
    "No such option {name!r}.": "Option inconnue : {name!r}.",
    "Option {name!r} does not take a value.": "L'option {name!r} ne prend pas de valeur.",
    "Choose from:\n\t{choices}": "Choisissez parmi :\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "{value!r} n'est pas un {number_type} valide.",
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} n'existe pas.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} est un dossier.",
    "{name} {filename!r} is a file.": "{name} {filename!r} est un fichier.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} n'est pas lisible.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} n'est pas modifiable.",
    "default: {default}": "défaut : {default}",
    "env var: {var}": "variable d'environnement : {var}",
    "directory": "Dossier",
    "file": "Fichier",
    "path": "Chemin",
    "required": "obligatoire",
    "integer": "entier",
    "float": "nombre",
    "Do you want to continue?": "Voulez-vous continuer ?",
    "Confirm the action without prompting.": "Confirmer sans poser la question.",
}


PLURALS = {
    "{value!r} is not {choice}.": ("{value!r} n'est pas {choice}.", "{value!r} n'est pas parmi {choices}."),
    "Got unexpected extra argument ({args})": ("Argument en trop ({args})", "Arguments en trop ({args})"),
    "Did you mean {possibility}?": (
        "Vouliez-vous dire {possibility} ?", "(Vouliez-vous dire l'un de : {possibilities} ?)"),
    "{value!r} does not match the format {format}.": (
        "{value!r} ne correspond pas au format {format}.", "{value!r} ne correspond à aucun des formats {formats}."),
}


def _(message: str) -> str:
    return FRENCH.get(message, message)


def _n(singular: str, plural: str, n: int) -> str:
    forms = PLURALS.get(singular)
    if forms is None:
        return singular if n == 1 else plural
    return forms[0] if n == 1 else forms[1]


def install() -> None:
    """Make click speak French (idempotent)."""
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.termui, click.types):
        if hasattr(module, "_"):
            module._ = _  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _n  # type: ignore[attr-defined]
