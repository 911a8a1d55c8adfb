// @titre Q1 — Besoins non couverts sur un territoire
// @description Les besoins qui concernent le territoire et qu'aucun programme atteignant ce territoire ne couvre (ni par « répond à », ni par le thème).
// @param jeu texte Nom du jeu de données (propriété `jeu` des nœuds, ex. reseau)
// @param territoire territoire Territoire étudié : niveau:code (region:53, departement:35, epci:243500139, commune:35238) ou france
//
// Définitions (docs/questions.md) :
// - T*↑ = T et ses ancêtres par inclusion géographique (commune ⊂ EPCI,
//   commune ⊂ département ⊂ région ⊂ France). Dans le graphe, INCLUS_DANS relie
//   chaque territoire à ses parents directs ; une commune ne remonte pas par son
//   EPCI vers un autre département : un chemin qui passe par un EPCI après le
//   premier pas est écarté ;
// - un besoin concerne T s'il concerne (CONCERNE) un territoire de T*↑ ; sans
//   territoire, il concerne la France, donc tout territoire ;
// - un programme atteint T s'il intervient (INTERVIENT_SUR) sur un territoire de T*↑ ;
// - le besoin est couvert sur T s'il existe un programme qui atteint T et qui y
//   répond (REPOND_A) ou dont l'un des thèmes est le thème du besoin.
// Réponse : les couples (besoin, T) où le besoin concerne T sans y être couvert.
//
// T doit être un nœud :Territoire du graphe (un territoire cité par un jeu, ou
// l'un de leurs ancêtres) ; sinon la requête ne renvoie rien.
// Exemple : ecosysteme neo4j query -f ontology/queries/q1_besoins_non_couverts.cypher -p jeu=reseau -p territoire=region:53
MATCH (t:Territoire {uid: $territoire})
CALL (t) {
  // T*↑ : quelques chemins en remontant depuis T.
  MATCH chemin = (t)-[:INCLUS_DANS*0..3]->(h:Territoire)
  WHERE NOT (length(chemin) > 1 AND nodes(chemin)[1]:EPCI)
  RETURN collect(DISTINCT h) AS haut
}
CALL (haut) {
  // Les programmes du jeu qui atteignent T, et les thèmes qu'ils couvrent.
  UNWIND haut AS h
  OPTIONAL MATCH (p:Programme {jeu: $jeu})-[:INTERVIENT_SUR]->(h)
  WITH collect(DISTINCT p) AS atteignent
  RETURN atteignent, reduce(acc = [], p IN atteignent | acc + coalesce(p.themes, [])) AS themes_couverts
}
MATCH (n:Besoin {jeu: $jeu})
WHERE (NOT EXISTS { (n)-[:CONCERNE]->(:Territoire) }
       OR EXISTS { MATCH (n)-[:CONCERNE]->(x) WHERE x IN haut })
  AND NOT coalesce(n.theme IN themes_couverts, false)
  AND NOT EXISTS { MATCH (p:Programme)-[:REPOND_A]->(n) WHERE p IN atteignent }
RETURN n.id AS besoin, n.libelle AS libelle, t.uid AS territoire
ORDER BY besoin
