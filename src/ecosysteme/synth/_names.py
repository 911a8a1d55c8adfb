"""Word lists for plausible French names of fictional organisations.

Every name built from these lists is invented; none is meant to designate a
real organisation. Place names come from the real territories they sit on.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "ASSOCIATIONS",
    "DOMAIN_NEEDS",
    "DOMAIN_THEMES",
    "LOCAL_PROGRAMMES",
    "NATIONAL_ACTORS",
    "SCOP_WORDS",
    "SURNAMES",
    "TRADES",
    "de",
    "slug",
]


def de(place: str) -> str:
    """French ``de`` + place name with elision and contraction: ``du Relecq``, ``d'Ergué``, ``de Morlaix``."""
    if place.startswith("Le "):
        return "du " + place[3:]
    if place.startswith("Les "):
        return "des " + place[4:]
    first = unicodedata.normalize("NFKD", place[:1]).encode("ascii", "ignore").decode().lower()
    if first in "aeiouyh" and first:
        return "d'" + place
    return "de " + place


def slug(text: str, limit: int = 48) -> str:
    """ASCII lower-case id fragment: ``"La Pépinière d'Été"`` -> ``"la-pepiniere-d-ete"``."""
    folded = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "Oe"))
    folded = folded.encode("ascii", "ignore").decode().lower()
    out = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    return out[:limit].rstrip("-") or "x"


#: Invented association names (used once each in a local ecosystem).
ASSOCIATIONS: tuple[str, ...] = (
    "La Pépinière solidaire", "Les Ateliers du Quai", "Vélos en partage", "Le Bol d'Air", "Entraide et Partage",
    "Les Voisins malins", "L'Épicerie des Possibles", "La Ressourcerie du Bocage", "Les Jardins de la Marelle",
    "Le Fil des Aînés", "Les Petites Mains", "Lire et Grandir", "Atout Jeunesse", "Mer et Partage",
    "Le Grenier partagé", "Les Chemins de Traverse", "Tous en Selle", "L'Escale des familles", "Le Lien Bleu",
    "La Navette solidaire", "Clic et Déclic", "Les Compagnons du Lavoir", "Terre d'Envol",
    "Le Relais des Aidants", "Horizons Handicap", "Les Semeurs de Liens", "Café des Langues",
    "La Maison des Possibles", "La Clé des Chants", "Les Toits Solidaires", "Santé Partagée", "Sport Passerelle",
    "Les Écrans Malins", "Récup' et Compagnie", "La Marmite solidaire", "Le Chantier des Jeunes",
    "Les Amis de la Grève", "L'Archipel des Savoirs", "Les Tricoteuses d'Idées", "Culture Nomade",
    "Le Comptoir des Aidants", "Voisinage et Solidarité", "Les Ailes du Bocage", "L'Atelier Vélo",
    "Transition en Marche", "Le Potager des Écoles", "Les Mains Vertes", "Accueil Sans Frontière",
    "Le Cercle des Lecteurs", "Musique en Herbe", "Les Bricoleurs du Dimanche", "Théâtre du Pressoir",
    "La Boussole Emploi", "Le Tremplin numérique", "Femmes en Mouvement", "Les Glaneurs du Marché",
    "Soleil d'Automne", "Le Bocal à Projets", "Cultures Croisées", "Les Randonneurs du Vallon",
    "L'Heure du Conte", "Le Club des Inventeurs", "La Cabane à Outils", "Les Amis du Moulin",
    "Écoute et Parole", "Le Fournil partagé", "Les Bâtisseurs d'Avenir", "Jeunesse en Scène",
    "La Main Tendue", "Les Pieds dans l'Herbe", "Énergie Citoyenne", "Le Panier du Voisin",
    "Les Fils d'Argent", "Nature en Partage", "La Table Ouverte", "Les Ricochets", "Graines de Citoyens",
    "Le Pont des Générations", "Solidarité Logement", "L'Abri du Marin", "Les Éclaireurs du Numérique",
    "Santé en Campagne", "Le Sillon Solidaire", "Les Copeaux", "Mobilité Douce", "L'Étincelle",
    "Le Kiosque à Idées", "Les Jardiniers de la Côte", "La Forge des Métiers", "Rivages Propres",
    "Le Petit Atelier Couture", "L'Envol des Aidants", "Les Amis de la Chapelle", "Arts et Marées",
    "La Belle Échappée", "Les Greniers de l'Entraide", "Le Vestiaire du Cœur", "Les Mots Passants",
    "La Roue Libre", "Les Lucioles", "Le Quai des Bulles", "Les Hirondelles", "Ricochet Jeunesse",
    "La Boîte à Partage", "Les Cordées de l'Emploi", "Le Jardin aux Oiseaux", "Les Veilleurs du Bourg",
    "La Fabrique à Sons", "Les Passeurs de Mémoire", "L'Oasis des Familles", "Les Coquelicots",
    "Le Phare des Jeunes", "La Courte Échelle", "Les Goélands Solidaires", "Le Temps Partagé",
    "Les Marcheurs du Littoral", "L'Ancre Solidaire", "La Recyclerie des Landes", "Les Mille Pattes",
    "Le Chœur des Vallées", "Les Apprentis Sages", "Bouge ta Santé", "Le Nid Douillet", "Les Herbes Folles",
    "L'Écluse Numérique", "Les Tisseurs de Liens", "La Ruche aux Savoirs", "Les Cabanes Perchées",
    "Le Sentier des Aînés", "Les Embruns", "La Lanterne", "Les Rameurs du Dimanche", "Le Vélo Qui Rit",
)

#: Trades for small businesses ("Menuiserie Kerbrat").
TRADES: tuple[str, ...] = (
    "Menuiserie", "Boulangerie", "Garage", "Transports", "Imprimerie", "Biscuiterie", "Charpente", "Conserverie",
    "Brasserie", "Pépinières", "Ébénisterie", "Plomberie", "Électricité", "Taxis", "Fromagerie", "Chocolaterie",
    "Cidrerie", "Maraîchage", "Couverture", "Paysages", "Informatique", "Bureautique", "Ambulances",
    "Librairie", "Poissonnerie", "Quincaillerie", "Laverie", "Auto-école", "Serrurerie", "Tapisserie",
)

#: Surnames (common French and Breton ones) for business names.
SURNAMES: tuple[str, ...] = (
    "Kerbrat", "Le Gall", "Tanguy", "Guivarc'h", "Le Bihan", "Morvan", "Le Roux", "Quéré", "Cadiou", "Le Goff",
    "Jaouen", "Abgrall", "Prigent", "Le Saout", "Riou", "Pouliquen", "Créach", "Salaün", "Moal", "Lozac'h",
    "Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Fournier", "Girard", "Bonnet", "Dupuis", "Lambert",
    "Fontaine", "Rousseau", "Vincent", "Mercier", "Blanchet", "Chevalier", "Perrin", "Marchand", "Garnier",
    "Fleury", "Caron", "Roussel", "Aubert", "Gauthier", "Lemoine", "Renard", "Collin", "Baron", "Barbier",
    "Brunet", "Schmitt", "Meunier", "Boyer", "Faure", "Leroy", "Colin", "Hamon", "Le Berre", "Guéguen", "Nédélec",
)

#: Words for social-economy companies ("SCOP Bois & Bocage").
SCOP_WORDS: tuple[str, ...] = (
    "Bois & Bocage", "Les Tisserands", "Terres & Liens", "Ressources & Co", "L'Établi", "Cap Réemploi",
    "Vents Porteurs", "Les Recycleurs", "Cuisine des Quais", "La Grange Numérique", "Bâti Sain", "Éco-Chantiers",
    "Les Cueilleurs", "Oyats", "Goémon & Cie", "Le Quai des Services", "Fibres Locales", "Bocage Énergies",
)

#: Fictional national actors: (name, type).
NATIONAL_ACTORS: tuple[tuple[str, str], ...] = (
    ("Fédération nationale des tiers-lieux ruraux", "reseau"),
    ("Union des épiceries solidaires de France", "reseau"),
    ("Réseau national des cafés associatifs", "reseau"),
    ("Fonds national pour l'initiative locale", "financeur"),
    ("Fondation pour l'inclusion numérique rurale", "financeur"),
    ("Fonds de dotation Horizons partagés", "financeur"),
    ("Collectif national des ressourceries côtières", "association"),
    ("Association nationale des jardins d'insertion", "association"),
    ("Alliance nationale des mobilités rurales", "association"),
    ("Institut des coopérations territoriales", "recherche"),
    ("Observatoire national de la vie des bourgs", "recherche"),
)

#: Labels of needs by fragility domain: (label, theme).
DOMAIN_NEEDS: dict[str, tuple[tuple[str, str], ...]] = {
    "emploi": (("Retour à l'emploi des chômeurs de longue durée", "mobilisation_competences"),
               ("Recrutement dans les métiers en tension", "alliances_strategiques"),
               ("Insertion professionnelle des jeunes peu qualifiés", "mobilisation_competences")),
    "developpement_economique": (("Reprise des commerces de centre-bourg", "consolidation_mse"),
                                 ("Accompagnement des créateurs d'entreprise", "consolidation_mse"),
                                 ("Structuration d'une filière locale", "alliances_strategiques")),
    "pouvoir_achat": (("Aide alimentaire et épiceries solidaires", "continuite_activite"),
                      ("Accès aux droits sociaux non réclamés", "acces_information")),
    "pauvrete": (("Accompagnement des familles monoparentales précaires", "acces_information"),
                 ("Lutte contre la précarité des étudiants et apprentis", "mutualisation_moyens")),
    "mal_logement": (("Rénovation des logements indignes", "alliances_strategiques"),
                     ("Hébergement d'urgence et logement temporaire", "continuite_activite")),
    "diversite_handicap": (("Inclusion des personnes en situation de handicap", "mobilisation_competences"),
                           ("Accueil et apprentissage du français des nouveaux arrivants", "acces_information")),
    "vieillissement": (("Maintien à domicile des personnes âgées isolées", "mutualisation_moyens"),
                       ("Soutien aux aidants familiaux", "acces_information")),
    "lien_social": (("Rompre l'isolement en milieu rural", "alliances_strategiques"),
                    ("Animation de la vie associative des bourgs", "consolidation_mse")),
    "education": (("Raccrochage scolaire des jeunes sans diplôme", "mobilisation_competences"),
                  ("Soutien à la parentalité", "acces_information")),
    "sante": (("Accès aux soins de premier recours", "alliances_strategiques"),
              ("Prévention en santé mentale des jeunes", "mutualisation_moyens")),
    "numerique": (("Inclusion numérique des seniors", "continuite_activite"),
                  ("Équipement numérique des petites associations", "continuite_activite"),
                  ("Couverture mobile des zones blanches", "acces_information")),
    "securite": (("Prévention des violences intrafamiliales", "alliances_strategiques"),
                 ("Tranquillité publique et médiation de nuit", "mutualisation_moyens")),
    "mobilite": (("Mobilité des personnes sans voiture", "mutualisation_moyens"),
                 ("Transport à la demande vers l'emploi", "alliances_strategiques")),
    "culture": (("Accès à la culture dans les communes rurales", "mutualisation_moyens"),
                ("Maintien des lieux culturels de proximité", "consolidation_mse")),
    "environnement": (("Réduction et réemploi des déchets", "mutualisation_moyens"),
                      ("Préservation du littoral et des milieux naturels", "alliances_strategiques")),
    "transition_energetique": (("Rénovation énergétique des bâtiments associatifs", "consolidation_mse"),
                               ("Projets citoyens d'énergie renouvelable", "alliances_strategiques")),
}

#: Theme most often associated with each domain (national generator).
DOMAIN_THEMES: dict[str, str] = {d: labels[0][1] for d, labels in DOMAIN_NEEDS.items()}

#: Local programmes: (name pattern, domain, theme, axe). ``{lieu}`` is a place with its preposition.
LOCAL_PROGRAMMES: tuple[tuple[str, str, str, str], ...] = (
    ("Fonds d'amorçage associatif {lieu}", "developpement_economique", "consolidation_mse", "relance"),
    ("Parcours emploi-insertion {lieu}", "emploi", "mobilisation_competences", "relance"),
    ("Tiers-lieu numérique {lieu}", "numerique", "continuite_activite", "urgence"),
    ("Plan de mobilité solidaire {lieu}", "mobilite", "mutualisation_moyens", "relance"),
    ("Réseau d'aide alimentaire {lieu}", "pouvoir_achat", "continuite_activite", "urgence"),
    ("Bien vieillir chez soi {lieu}", "vieillissement", "mutualisation_moyens", "relance"),
    ("Chantier d'insertion bois et bocage {lieu}", "emploi", "mobilisation_competences", "relance"),
    ("Contrat local de santé {lieu}", "sante", "alliances_strategiques", "relance"),
    ("Cafés des aidants {lieu}", "vieillissement", "acces_information", "urgence"),
    ("Défi zéro déchet {lieu}", "environnement", "mutualisation_moyens", "relance"),
    ("Permanences d'accès aux droits {lieu}", "pauvrete", "acces_information", "urgence"),
    ("Coopérative jeunesse de services {lieu}", "education", "mobilisation_competences", "relance"),
    ("Rénov'Énergie associations {lieu}", "transition_energetique", "consolidation_mse", "relance"),
    ("Saison culturelle itinérante {lieu}", "culture", "mutualisation_moyens", "relance"),
    ("Logement d'abord {lieu}", "mal_logement", "alliances_strategiques", "relance"),
    ("Pacte des alliances territoriales {lieu}", "lien_social", "alliances_strategiques", "relance"),
)
