// @titre Q3 — Mondes qui ne se rencontrent pas sur un territoire
// @description Les couples de mondes présents sur le territoire entre les acteurs desquels il n'existe aucun lien (partenariat, relais, financement, accompagnement, adhésion).
// @param jeu texte Nom du jeu de données (propriété `jeu` des nœuds, ex. reseau)
// @param territoire territoire Territoire étudié : niveau:code (region:53, departement:35, epci:243500139, commune:35238) ou france
//
// Définitions (docs/questions.md) :
// - un acteur est présent sur T s'il intervient (INTERVIENT_SUR) sur un
//   territoire de T*↓ = T et ses descendants par INCLUS_DANS (une commune ne
//   remonte pas par son EPCI vers un autre département : un chemin qui passe par
//   un EPCI après son premier pas est écarté) ;
// - les mondes présents sur T sont les `monde` des acteurs présents (acteurs
//   sans monde ignorés) ;
// - deux mondes distincts w1 < w2 (ordre alphabétique des clés) se rencontrent
//   sur T s'il existe un lien PARTENARIAT, RELAIS, FINANCEMENT, ACCOMPAGNE ou
//   MEMBRE_DE, dans un sens ou dans l'autre, entre un acteur de w1 présent sur T
//   et un acteur de w2 présent sur T.
// Réponse : les couples (monde1, monde2) de mondes présents qui ne se rencontrent pas.
//
// T doit être un nœud :Territoire du graphe ; sinon la requête ne renvoie rien.
// Exemple : ecosysteme neo4j query -f ontology/queries/q3_mondes_sans_rencontre.cypher -p jeu=reseau -p territoire=region:53
MATCH (t:Territoire {uid: $territoire})
CALL (t) {
  // Les acteurs présents sur T : ceux qui interviennent sur T*↓.
  MATCH chemin = (b:Territoire)-[:INCLUS_DANS*0..3]->(t)
  WHERE NOT (length(chemin) > 1 AND nodes(chemin)[1]:EPCI)
  WITH DISTINCT b
  MATCH (a:Acteur {jeu: $jeu})-[:INTERVIENT_SUR]->(b)
  WHERE a.monde IS NOT NULL
  RETURN collect(DISTINCT a) AS presents
}
CALL (t, presents) {
  // Les couples de mondes reliés entre acteurs présents.
  UNWIND presents AS a
  MATCH (a)-[:PARTENARIAT|RELAIS|FINANCEMENT|ACCOMPAGNE|MEMBRE_DE]-(b:Acteur)
  WHERE b.monde IS NOT NULL AND a.monde < b.monde
    AND EXISTS {
      MATCH chemin = (b)-[:INTERVIENT_SUR]->(:Territoire)-[:INCLUS_DANS*0..3]->(t)
      WHERE NOT (length(chemin) > 2 AND nodes(chemin)[2]:EPCI)
    }
  RETURN collect(DISTINCT [a.monde, b.monde]) AS rencontres
}
WITH rencontres, reduce(acc = [], a IN presents | CASE WHEN a.monde IN acc THEN acc ELSE acc + a.monde END) AS mondes
UNWIND mondes AS monde1
UNWIND mondes AS monde2
WITH monde1, monde2, rencontres
WHERE monde1 < monde2 AND NOT [monde1, monde2] IN rencontres
RETURN monde1, monde2
ORDER BY monde1, monde2
