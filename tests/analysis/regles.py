"""A small hand-made ecosystem on a real EPCI, built so that each gap rule and each trap has one case.

CA Morlaix Communauté (epci:242900835, 26 communes, Finistère 29, Bretagne 53).
Actors: an intercommunal catalyst (EPCI), an association in Morlaix (29151), the
town hall of Carantec (29023), a company in Taulé (29279), the département's
State service (29), a regional foundation (53), a "national" network whose
territory is only presumed, and a co-carrier of a programme with the company.

The answers, worked by hand, are in tests/analysis/test_gaps.py.
"""

from __future__ import annotations

from pathlib import Path

EPCI = "epci:242900835"

TABLES = {
    "territoires": "code;nom\nepci:242900835;CA Morlaix Communauté\n",
    "acteurs": """id;nom;type;monde;echelon;natures;territoires;besoins;presume
cat;Le Catalyseur;catalyseur;associations;intercommunal;catalyse|gestion;epci:242900835;;
asso-m;Asso de Morlaix;association;associations;local;gestion;commune:29151;n-logement;
mairie-c;Mairie de Carantec;collectivite;collectivites;local;management_projets;commune:29023;n-sante;
ent-t;Entreprise de Taulé;entreprise;entreprises;local;gestion;commune:29279;;
etat-29;Service de l'État dans le Finistère;institution;etat;departemental;gestion;departement:29;;
fond;Fondation bretonne;financeur;investisseurs_societaux;regional;;region:53;;
nat;Réseau national présumé;reseau;associations;national;catalyse;france;;territoires|echelon
""",
    "besoins": """id;libelle;theme;domaine;territoires
n-logement;Logements indignes;alliances_strategiques;mal_logement;
n-sante;Accès aux soins;;sante;epci:242900835
n-emploi;Emploi des jeunes;;emploi;commune:29059
n-mob;Mobilité;;mobilite;commune:29279
n-num;Inclusion numérique;;numerique;commune:29023
""",
    "programmes": """id;nom;porteurs;themes;besoins;echelon;territoires
p-theme;Programme du même thème;;alliances_strategiques;;national;france
p-mob;Bus solidaire;fond;;n-mob;regional;region:53
p-num;Numérique pour tous;nat;;n-num;national;france
p-co;Chantier commun;ent-t|etat-29;;;local;commune:29279
""",
    "relations": """source;cible;type
asso-m;mairie-c;partenariat
cat;n-emploi;repond_a
""",
}

#: A reference dataset: a programme that answers the housing need, carried by an actor of the département.
REFERENCE = {
    "acteurs": "id;nom;type;monde;echelon;territoires\nadil-29;ADIL du Finistère;association;associations;"
               "departemental;departement:29\n",
    "besoins": "id;libelle;territoires\nn-logement;Logements indignes;france\n",
    "programmes": "id;nom;porteurs;besoins;territoires\np-adil;Lutte contre l'habitat indigne;adil-29;n-logement;"
                  "departement:29\n",
    "indicateurs": """indicateur;libelle;territoire;valeur;domaine;sens
L1;Mal-logement;region:53;2;mal_logement;hausse_fragilise
L1;Mal-logement;region:11;8;mal_logement;hausse_fragilise
""",
}


def write(folder: Path, tables: dict[str, str] = TABLES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in tables.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder
