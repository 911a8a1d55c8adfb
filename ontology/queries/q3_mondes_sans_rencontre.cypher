// @titre Q3 — Mondes qui ne se rencontrent pas sur un territoire
// @description Les couples de mondes présents sur le territoire dont aucun acteur de l'un ne rencontre un acteur de l'autre (lien de partenariat, relais, financement, accompagnement, adhésion, ou programme porté ensemble).
// @param jeu texte Nom du jeu de données (propriété `jeu` des nœuds, ex. reseau)
// @param territoire territoire Territoire étudié : niveau:code (region:53, departement:35, epci:243500139, commune:35238) ou france
//
// Règles (docs/questions.md, ecosysteme/analysis/presence.py) :
// - T*↑ = T et ses ancêtres par INCLUS_DANS (une commune ne remonte pas par son
//   EPCI vers un autre département : un chemin qui passe par un EPCI après son
//   premier pas est écarté) ;
// - un acteur est présent sur T si l'un de ses territoires (INTERVIENT_SUR) est
//   dans T*↑, ou a T dans son propre T*↑ (un territoire que T contient) ; des
//   territoires présumés ('territoires' dans la liste `presume`) ne comptent pas ;
// - un besoin est exprimé sur T si sa ligne nomme T (CONCERNE), ou si un acteur
//   situé sur T (INTERVIENT_SUR T lui-même, territoires non présumés) l'exprime (EXPRIME) ;
// - répondre est explicite : REPOND_A (d'un programme, relation ou colonne
//   « besoins », ou d'un acteur) ; un thème commun n'est jamais une réponse ;
// - les mondes présents sont ceux des acteurs présents (un monde présumé,
//   'monde' dans `presume`, est inconnu : l'acteur est ignoré) ;
// - deux acteurs se rencontrent si un lien PARTENARIAT, RELAIS, FINANCEMENT,
//   ACCOMPAGNE ou MEMBRE_DE les relie, dans un sens ou dans l'autre, ou s'ils
//   portent tous deux le même programme (PORTE).
// Réponse : les couples (monde1, monde2), monde1 < monde2, de mondes présents
// dont aucun acteur présent de l'un ne rencontre un acteur présent de l'autre.
//
// T doit être un nœud :Territoire du graphe ; sinon la requête ne renvoie rien.
// Exemple : ecosysteme neo4j query -f ontology/queries/q3_mondes_sans_rencontre.cypher -p jeu=reseau -p territoire=region:53
MATCH (t:Territoire {uid: $territoire})
CALL (t) {
  // T*↑ : quelques chemins en remontant depuis T.
  MATCH chemin = (t)-[:INCLUS_DANS*0..3]->(h:Territoire)
  WHERE NOT (length(chemin) > 1 AND nodes(chemin)[1]:EPCI)
  RETURN collect(DISTINCT h) AS haut
}
CALL (t, haut) {
  // Les acteurs présents sur T, de monde connu.
  MATCH (a:Acteur {jeu: $jeu})
  WHERE a.monde IS NOT NULL AND NOT 'monde' IN coalesce(a.presume, [])
    AND NOT 'territoires' IN coalesce(a.presume, [])
      AND (EXISTS { MATCH (a)-[:INTERVIENT_SUR]->(z) WHERE z IN haut }
           OR EXISTS { MATCH chemin = (a)-[:INTERVIENT_SUR]->(:Territoire)-[:INCLUS_DANS*1..3]->(t)
                       WHERE NOT (length(chemin) > 2 AND nodes(chemin)[2]:EPCI) })
  RETURN collect(a) AS presents
}
CALL (presents) {
  // Les couples de mondes qui se rencontrent entre acteurs présents.
  UNWIND presents AS a
  MATCH (a)-[:PARTENARIAT|RELAIS|FINANCEMENT|ACCOMPAGNE|MEMBRE_DE]-(b:Acteur)
  WHERE b IN presents AND a.monde < b.monde
  RETURN collect(DISTINCT [a.monde, b.monde]) AS liens
}
CALL (presents) {
  UNWIND presents AS a
  MATCH (a)-[:PORTE]->(:Programme)<-[:PORTE]-(b:Acteur)
  WHERE b IN presents AND a.monde < b.monde
  RETURN collect(DISTINCT [a.monde, b.monde]) AS coportages
}
WITH liens + coportages AS rencontres,
     reduce(acc = [], a IN presents | CASE WHEN a.monde IN acc THEN acc ELSE acc + a.monde END) AS mondes
UNWIND mondes AS monde1
UNWIND mondes AS monde2
WITH monde1, monde2, rencontres
WHERE monde1 < monde2 AND NOT [monde1, monde2] IN rencontres
RETURN monde1, monde2
ORDER BY monde1, monde2
