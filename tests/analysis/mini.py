"""A tiny hand-made ecosystem with known answers, written as real CSV files.

Territories are real (INSEE): Rennes (commune:35238) in Rennes Métropole
(epci:243500139, département 35), Brest (commune:29019, département 29), both
in Bretagne (region:53); Paris (commune:75056) in Île-de-France (region:11).

Expected answers are worked out by hand in the tests that use it.
"""

from __future__ import annotations

from pathlib import Path

ACTEURS = """id;nom;type;monde;echelon;natures;territoires;besoins
nat;Réseau National;reseau;associations;national;catalyse;france;
ent;Entreprise Ouest;entreprise;entreprises;regional;gestion;region:53;
asso-r;Asso Rennes;association;associations;local;gestion;commune:35238;b-mob
ville;Ville de Rennes;collectivite;collectivites;local;management_projets;commune:35238;
asso-b;Asso Brest;association;associations;local;;commune:29019;b-mob|b-emploi
fond;Fondation Paris;financeur;investisseurs_societaux;local;;commune:75056;
seul;{seul};association;associations;local;;commune:75056;
"""

PROGRAMMES = """id;nom;porteurs;themes;besoins;echelon;territoires
p-mob;Mobilité Bretagne;ent;;b-mob;regional;region:53
p-emp;Emploi Rennes;ville;consolidation_mse;;local;epci:243500139
p-nat;Kit national;nat;alliances_strategiques;;national;france
"""

BESOINS = """id;libelle;theme;domaine;territoires
b-mob;Mobilité;;mobilite;region:53
b-emploi;Emploi des jeunes;consolidation_mse;emploi;departement:29
b-sante;Santé;;sante;
b-all;Alliances;alliances_strategiques;;france
"""

RELATIONS = """source;cible;type
asso-r;ville;partenariat
ville;p-mob;relais
fond;asso-b;financement
asso-r;nat;membre_de
"""

INDICATEURS = """indicateur;libelle;territoire;valeur;domaine;sens
S1;Santé;region:53;10;sante;hausse_fragilise
S1;Santé;region:11;20;sante;hausse_fragilise
S1;Santé;region:84;15;sante;hausse_fragilise
E1;Emploi;region:53;5;emploi;baisse_fragilise
E1;Emploi;region:11;9;emploi;baisse_fragilise
X1;Transports;region:53;3;mobilite;
X1;Transports;region:11;4;mobilite;
"""

XSS_NAME = "<img src=x onerror=alert(1)>"


def write_mini(folder: Path, *, seul: str = "Isolé", rename: dict[str, str] | None = None) -> Path:
    """Write the mini ecosystem into ``folder`` (created) and return it; ``rename`` replaces actor names."""
    folder.mkdir(parents=True, exist_ok=True)
    actors = ACTEURS.format(seul=seul)
    for old, new in (rename or {}).items():
        actors = actors.replace(f";{old};", f";{new};")
    for name, text in (("acteurs", actors), ("programmes", PROGRAMMES), ("besoins", BESOINS),
                       ("relations", RELATIONS), ("indicateurs", INDICATEURS)):
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def load_mini(folder: Path, **kwargs):
    from ecosysteme.io import load_valid

    return load_valid(write_mini(folder, **kwargs), dataset="mini")


def write_cliques(folder: Path, *, cliques: int = 4, size: int = 5, missing: tuple[str, str] = ("c0-1", "c0-2")
                  ) -> Path:
    """Actors in dense partnership cliques joined in a ring, with one intra-clique partnership missing."""
    folder.mkdir(parents=True, exist_ok=True)
    worlds = ["associations", "entreprises", "collectivites", "etat"]
    types = {"associations": "association", "entreprises": "entreprise", "collectivites": "collectivite",
             "etat": "institution"}
    actors = ["id;nom;type;monde;echelon;territoires"]
    relations = ["source;cible;type"]
    for c in range(cliques):
        world = worlds[c % len(worlds)]
        members = [f"c{c}-{k}" for k in range(size)]
        actors += [f"{m};Acteur {m};{types[world]};{world};local;commune:35238" for m in members]
        for x in range(size):
            for y in range(x + 1, size):
                if {members[x], members[y]} != set(missing):
                    relations.append(f"{members[x]};{members[y]};partenariat")
        relations.append(f"c{c}-0;c{(c + 1) % cliques}-4;partenariat")
    (folder / "acteurs.csv").write_text("\n".join(actors) + "\n", encoding="utf-8")
    (folder / "relations.csv").write_text("\n".join(relations) + "\n", encoding="utf-8")
    return folder
