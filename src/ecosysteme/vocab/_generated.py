"""Vocabulary derived from ontology/*.ttl by scripts/gen_vocab.py. Do not edit."""

from __future__ import annotations

ECO_NS = 'https://w3id.org/ecosysteme/ontologie#'
VOC_NS = 'https://w3id.org/ecosysteme/vocabulaire/'

CLASSES = ('Acteur', 'Association', 'Besoin', 'Catalyseur', 'Collectivite', 'Commune', 'Departement', 'EPCI', 'Entreprise', 'Financeur', 'Indicateur', 'Institution', 'Jeu', 'Lien', 'Observation', 'Pays', 'Programme', 'Recherche', 'Region', 'Reseau', 'Territoire')
OBJECT_PROPERTIES = ('accompagne', 'axe', 'concerne', 'de', 'domaine', 'echelon', 'exprime', 'finance', 'inclusDans', 'indicateur', 'intervientSur', 'lienDeRencontre', 'lienEcosysteme', 'membreDe', 'monde', 'nature', 'odd', 'partenaireDe', 'porte', 'relaie', 'repondA', 'sens', 'territoireObserve', 'theme', 'typeLien', 'vers')
DATATYPE_PROPERTIES = ('citation', 'codeInsee', 'colonnePresumee', 'fichierSource', 'ligneSource', 'montant', 'periode', 'population', 'producteur', 'sousSection', 'unite', 'valeur')
ANNOTATION_PROPERTIES = ('alias', 'cleEntree', 'cleLien', 'dateDebut', 'dateFin', 'libelleInverse', 'mondeParDefaut', 'nomDuLien', 'ordre')

# actor `type` input key -> class local name
ACTOR_CLASS_BY_KEY = {
    'association': 'Association',
    'catalyseur': 'Catalyseur',
    'collectivite': 'Collectivite',
    'entreprise': 'Entreprise',
    'financeur': 'Financeur',
    'institution': 'Institution',
    'recherche': 'Recherche',
    'reseau': 'Reseau',
}

# actor `type` input key -> default world key (eco:mondeParDefaut)
DEFAULT_WORLD_BY_ACTOR_KEY = {
    'association': 'associations',
    'collectivite': 'collectivites',
    'entreprise': 'entreprises',
    'financeur': 'investisseurs_societaux',
    'institution': 'etat',
    'recherche': 'recherche',
}

# territory level -> class local name
TERRITORY_CLASS_BY_LEVEL = {
    'commune': 'Commune',
    'departement': 'Departement',
    'epci': 'EPCI',
    'pays': 'Pays',
    'region': 'Region',
}

# link key (eco:cleLien) -> (property, relations-table key (eco:cleEntree) or None, domain classes,
# range classes, symmetric, label fr, label en, inverse fr, inverse en, noun fr, noun en,
# input aliases (skos:altLabel), super-properties); in eco:ordre order
LINK_TYPES = {
    'partenariat': ('partenaireDe', 'partenariat', ('Acteur',), ('Acteur',), True, 'partenaire de', 'partner of', 'partenaire de', 'partner of', 'partenariat', 'partnership', ('partenaire',), ('lienDeRencontre', 'lienEcosysteme')),
    'relais': ('relaie', 'relais', ('Acteur',), ('Acteur', 'Programme'), False, 'relaie', 'relays', 'relayé par', 'relayed by', 'relais', 'relay', ('relaie',), ('lienDeRencontre', 'lienEcosysteme')),
    'financement': ('finance', 'financement', ('Acteur',), ('Acteur', 'Programme'), False, 'finance', 'funds', 'financé par', 'funded by', 'financement', 'funding', ('financeur',), ('lienDeRencontre', 'lienEcosysteme')),
    'membre_de': ('membreDe', 'membre_de', ('Acteur',), ('Acteur',), False, 'membre de', 'member of', 'a pour membre', 'has member', 'adhésion', 'membership', ('membre',), ('lienDeRencontre', 'lienEcosysteme')),
    'porte': ('porte', 'porte', ('Acteur',), ('Programme',), False, 'porte', 'carries', 'porté par', 'carried by', 'portage', 'carrying', ('porteur',), ('lienEcosysteme',)),
    'accompagne': ('accompagne', 'accompagne', ('Acteur',), ('Acteur',), False, 'accompagne', 'supports', 'accompagné par', 'supported by', 'accompagnement', 'support', (), ('lienDeRencontre', 'lienEcosysteme')),
    'repond_a': ('repondA', 'repond_a', ('Acteur', 'Programme'), ('Besoin',), False, 'répond à', 'answers', 'reçoit une réponse de', 'answered by', 'réponse', 'answer', ('répond',), ()),
    'exprime': ('exprime', None, ('Acteur',), ('Besoin',), False, 'exprime', 'expresses', 'exprimé par', 'expressed by', 'expression', 'expression', (), ()),
    'intervient_sur': ('intervientSur', None, (), ('Territoire',), False, 'intervient sur', 'acts on', "lieu d'intervention de", 'place of action of', 'intervention', 'action', (), ()),
    'concerne': ('concerne', None, ('Besoin',), ('Territoire',), False, 'concerne', 'concerns', 'concerné par', 'concerned by', 'localisation', 'location', (), ()),
    'inclus_dans': ('inclusDans', None, ('Territoire',), ('Territoire',), False, 'inclus dans', 'included in', 'contient', 'contains', 'inclusion', 'inclusion', (), ()),
    'indicateur': ('indicateur', None, ('Observation',), ('Indicateur',), False, 'indicateur', 'indicator', 'observé par', 'observed by', 'mesure', 'measure', (), ()),
    'territoire_observe': ('territoireObserve', None, ('Observation',), ('Territoire',), False, 'territoire observé', 'observed territory', 'observé dans', 'observed in', 'observation', 'observation', (), ()),
}

# scheme -> ((key, French label, English label, broader key or None), ...)
SCHEMES = {
    'axe': (
        ('relance', 'relance / (re)développement', 'relaunch / (re)development', None),
        ('urgence', 'urgence', 'emergency', None),
    ),
    'domaine': (
        ('culture', 'Culture', 'Culture', 'societale'),
        ('developpement_economique', 'Développement économique', 'Economic development', 'economique'),
        ('diversite_handicap', 'Diversité / handicap', 'Diversity / disability', 'sociale'),
        ('economique', 'dimension économique', 'economic dimension', None),
        ('education', 'Éducation', 'Education', 'societale'),
        ('emploi', 'Emploi', 'Employment', 'economique'),
        ('environnement', 'Environnement / pollution / biodiversité', 'Environment / pollution / biodiversity', 'environnementale'),
        ('environnementale', 'dimension environnementale', 'environmental dimension', None),
        ('lien_social', 'Lien social', 'Social ties', 'sociale'),
        ('mal_logement', 'Mal logement', 'Poor housing', 'sociale'),
        ('mobilite', 'Mobilité / transport', 'Mobility / transport', 'societale'),
        ('numerique', 'Numérique', 'Digital', 'societale'),
        ('pauvrete', 'Pauvreté', 'Poverty', 'sociale'),
        ('pouvoir_achat', "Pouvoir d'achat", 'Purchasing power', 'economique'),
        ('sante', 'Santé', 'Health', 'societale'),
        ('securite', 'Sécurité', 'Safety', 'societale'),
        ('sociale', 'dimension sociale', 'social dimension', None),
        ('societale', 'dimension sociétale', 'societal dimension', None),
        ('transition_energetique', 'Transition énergétique', 'Energy transition', 'environnementale'),
        ('vieillissement', 'Vieillissement / intergénération', 'Ageing / intergenerational', 'sociale'),
    ),
    'echelon': (
        ('departemental', 'départemental', 'departmental', None),
        ('intercommunal', 'intercommunal', 'inter-municipal', None),
        ('local', 'local', 'local', None),
        ('national', 'national', 'national', None),
        ('regional', 'régional', 'regional', None),
    ),
    'monde': (
        ('associations', 'associations', 'associations', None),
        ('collectivites', 'collectivités territoriales', 'local authorities', None),
        ('entreprises', 'entreprises', 'companies', None),
        ('etat', 'État et institutions', 'State and institutions', None),
        ('investisseurs_societaux', 'investisseurs sociétaux', 'societal investors', None),
        ('recherche', 'recherche', 'research', None),
    ),
    'nature': (
        ('catalyse', 'catalyse', 'catalysis', None),
        ('gestion', 'ingénierie de gestion', 'management engineering', None),
        ('management_projets', 'management de projets transversaux', 'cross-cutting project management', None),
    ),
    'odd': (
        ('1', 'ODD 1 : Pas de pauvreté', 'SDG 1: No poverty', None),
        ('10', 'ODD 10 : Inégalités réduites', 'SDG 10: Reduced inequalities', None),
        ('11', 'ODD 11 : Villes et communautés durables', 'SDG 11: Sustainable cities and communities', None),
        ('12', 'ODD 12 : Consommation et production responsables', 'SDG 12: Responsible consumption and production', None),
        ('13', 'ODD 13 : Mesures relatives à la lutte contre les changements climatiques', 'SDG 13: Climate action', None),
        ('14', 'ODD 14 : Vie aquatique', 'SDG 14: Life below water', None),
        ('15', 'ODD 15 : Vie terrestre', 'SDG 15: Life on land', None),
        ('16', 'ODD 16 : Paix, justice et institutions efficaces', 'SDG 16: Peace, justice and strong institutions', None),
        ('17', 'ODD 17 : Partenariats pour la réalisation des objectifs', 'SDG 17: Partnerships for the goals', None),
        ('2', 'ODD 2 : Faim « zéro »', 'SDG 2: Zero hunger', None),
        ('3', 'ODD 3 : Bonne santé et bien-être', 'SDG 3: Good health and well-being', None),
        ('4', 'ODD 4 : Éducation de qualité', 'SDG 4: Quality education', None),
        ('5', 'ODD 5 : Égalité entre les sexes', 'SDG 5: Gender equality', None),
        ('6', 'ODD 6 : Eau propre et assainissement', 'SDG 6: Clean water and sanitation', None),
        ('7', "ODD 7 : Énergie propre et d'un coût abordable", 'SDG 7: Affordable and clean energy', None),
        ('8', 'ODD 8 : Travail décent et croissance économique', 'SDG 8: Decent work and economic growth', None),
        ('9', 'ODD 9 : Industrie, innovation et infrastructure', 'SDG 9: Industry, innovation and infrastructure', None),
    ),
    'sens': (
        ('baisse_fragilise', 'une baisse fragilise', 'lower is more fragile', None),
        ('hausse_fragilise', 'une hausse fragilise', 'higher is more fragile', None),
    ),
    'theme': (
        ('acces_information', 'Accès aux informations sur les dispositions exceptionnelles & la gestion de crise', 'Access to information on exceptional measures and crisis management', None),
        ('alliances_strategiques', 'Accélérer les alliances stratégiques', 'Accelerating strategic alliances', None),
        ('consolidation_mse', 'Accompagner la consolidation du MSE', 'Consolidating the socio-economic model', None),
        ('continuite_activite', "Continuité d'activité", 'Business continuity', None),
        ('mobilisation_competences', 'Mobilisation directe des compétences (bénévolat / mécénat de compétences)', 'Direct mobilisation of skills (volunteering / skills sponsorship)', None),
        ('mutualisation_moyens', 'Mutualiser les moyens', 'Pooling resources', None),
    ),
}


class ECO:
    """IRIs of the ontology's terms: ``ECO.Acteur``; a typo raises AttributeError where it is written."""

    __slots__ = ()

    Acteur = 'https://w3id.org/ecosysteme/ontologie#Acteur'
    Association = 'https://w3id.org/ecosysteme/ontologie#Association'
    Besoin = 'https://w3id.org/ecosysteme/ontologie#Besoin'
    Catalyseur = 'https://w3id.org/ecosysteme/ontologie#Catalyseur'
    Collectivite = 'https://w3id.org/ecosysteme/ontologie#Collectivite'
    Commune = 'https://w3id.org/ecosysteme/ontologie#Commune'
    Departement = 'https://w3id.org/ecosysteme/ontologie#Departement'
    EPCI = 'https://w3id.org/ecosysteme/ontologie#EPCI'
    Entreprise = 'https://w3id.org/ecosysteme/ontologie#Entreprise'
    Financeur = 'https://w3id.org/ecosysteme/ontologie#Financeur'
    Indicateur = 'https://w3id.org/ecosysteme/ontologie#Indicateur'
    Institution = 'https://w3id.org/ecosysteme/ontologie#Institution'
    Jeu = 'https://w3id.org/ecosysteme/ontologie#Jeu'
    Lien = 'https://w3id.org/ecosysteme/ontologie#Lien'
    Observation = 'https://w3id.org/ecosysteme/ontologie#Observation'
    Pays = 'https://w3id.org/ecosysteme/ontologie#Pays'
    Programme = 'https://w3id.org/ecosysteme/ontologie#Programme'
    Recherche = 'https://w3id.org/ecosysteme/ontologie#Recherche'
    Region = 'https://w3id.org/ecosysteme/ontologie#Region'
    Reseau = 'https://w3id.org/ecosysteme/ontologie#Reseau'
    Territoire = 'https://w3id.org/ecosysteme/ontologie#Territoire'
    accompagne = 'https://w3id.org/ecosysteme/ontologie#accompagne'
    alias = 'https://w3id.org/ecosysteme/ontologie#alias'
    axe = 'https://w3id.org/ecosysteme/ontologie#axe'
    citation = 'https://w3id.org/ecosysteme/ontologie#citation'
    cleEntree = 'https://w3id.org/ecosysteme/ontologie#cleEntree'
    cleLien = 'https://w3id.org/ecosysteme/ontologie#cleLien'
    codeInsee = 'https://w3id.org/ecosysteme/ontologie#codeInsee'
    colonnePresumee = 'https://w3id.org/ecosysteme/ontologie#colonnePresumee'
    concerne = 'https://w3id.org/ecosysteme/ontologie#concerne'
    dateDebut = 'https://w3id.org/ecosysteme/ontologie#dateDebut'
    dateFin = 'https://w3id.org/ecosysteme/ontologie#dateFin'
    de = 'https://w3id.org/ecosysteme/ontologie#de'
    domaine = 'https://w3id.org/ecosysteme/ontologie#domaine'
    echelon = 'https://w3id.org/ecosysteme/ontologie#echelon'
    exprime = 'https://w3id.org/ecosysteme/ontologie#exprime'
    fichierSource = 'https://w3id.org/ecosysteme/ontologie#fichierSource'
    finance = 'https://w3id.org/ecosysteme/ontologie#finance'
    inclusDans = 'https://w3id.org/ecosysteme/ontologie#inclusDans'
    indicateur = 'https://w3id.org/ecosysteme/ontologie#indicateur'
    intervientSur = 'https://w3id.org/ecosysteme/ontologie#intervientSur'
    libelleInverse = 'https://w3id.org/ecosysteme/ontologie#libelleInverse'
    lienDeRencontre = 'https://w3id.org/ecosysteme/ontologie#lienDeRencontre'
    lienEcosysteme = 'https://w3id.org/ecosysteme/ontologie#lienEcosysteme'
    ligneSource = 'https://w3id.org/ecosysteme/ontologie#ligneSource'
    membreDe = 'https://w3id.org/ecosysteme/ontologie#membreDe'
    monde = 'https://w3id.org/ecosysteme/ontologie#monde'
    mondeParDefaut = 'https://w3id.org/ecosysteme/ontologie#mondeParDefaut'
    montant = 'https://w3id.org/ecosysteme/ontologie#montant'
    nature = 'https://w3id.org/ecosysteme/ontologie#nature'
    nomDuLien = 'https://w3id.org/ecosysteme/ontologie#nomDuLien'
    odd = 'https://w3id.org/ecosysteme/ontologie#odd'
    ordre = 'https://w3id.org/ecosysteme/ontologie#ordre'
    partenaireDe = 'https://w3id.org/ecosysteme/ontologie#partenaireDe'
    periode = 'https://w3id.org/ecosysteme/ontologie#periode'
    population = 'https://w3id.org/ecosysteme/ontologie#population'
    porte = 'https://w3id.org/ecosysteme/ontologie#porte'
    producteur = 'https://w3id.org/ecosysteme/ontologie#producteur'
    relaie = 'https://w3id.org/ecosysteme/ontologie#relaie'
    repondA = 'https://w3id.org/ecosysteme/ontologie#repondA'
    sens = 'https://w3id.org/ecosysteme/ontologie#sens'
    sousSection = 'https://w3id.org/ecosysteme/ontologie#sousSection'
    territoireObserve = 'https://w3id.org/ecosysteme/ontologie#territoireObserve'
    theme = 'https://w3id.org/ecosysteme/ontologie#theme'
    typeLien = 'https://w3id.org/ecosysteme/ontologie#typeLien'
    unite = 'https://w3id.org/ecosysteme/ontologie#unite'
    valeur = 'https://w3id.org/ecosysteme/ontologie#valeur'
    vers = 'https://w3id.org/ecosysteme/ontologie#vers'
