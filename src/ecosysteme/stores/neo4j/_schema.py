"""Constraints and indexes of the graph (idempotent)."""

from __future__ import annotations

from typing import Any

from ecosysteme.projections.neo4j import (
    DATASET_LABELS,
)
from ecosysteme.stores.neo4j._connection import (
    database_of,
)


# --------------------------------------------------------------------------
# Schema
# --------------------------------------------------------------------------
def _schema() -> list[tuple[str, str]]:
    out = []
    for label in (*DATASET_LABELS, "Territoire"):
        name = f"{label.lower()}_uid"
        out.append((name, f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label}) REQUIRE n.uid IS UNIQUE"))
    out.append(("jeu_nom", "CREATE CONSTRAINT jeu_nom IF NOT EXISTS FOR (j:Jeu) REQUIRE j.nom IS UNIQUE"))
    indexes = [(label, "jeu") for label in DATASET_LABELS]
    indexes += [(label, "id") for label in ("Acteur", "Programme", "Besoin")]
    indexes += [("Indicateur", "code"), ("Acteur", "monde"), ("Territoire", "niveau")]
    for label, prop in indexes:
        name = f"{label.lower()}_{prop}"
        out.append((name, f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"))
    return out


def schema_statements() -> list[str]:
    """The constraints and indexes the push relies on (``IF NOT EXISTS``: idempotent)."""
    return [statement for _name, statement in _schema()]


def ensure_schema(driver: Any) -> int:
    """Create the missing constraints and indexes and wait until they are online.

    Returns
    -------
    int
        How many were created (0 when the schema was already there).
    """
    with driver.session(database=database_of(driver)) as session:
        existing = {rec[0] for rec in session.run("SHOW CONSTRAINTS YIELD name RETURN name")}
        existing |= {rec[0] for rec in session.run("SHOW INDEXES YIELD name RETURN name")}
        missing = [statement for name, statement in _schema() if name not in existing]
        for statement in missing:
            session.run(statement).consume()
        if missing:
            session.run("CALL db.awaitIndexes(300)").consume()
    return len(missing)
