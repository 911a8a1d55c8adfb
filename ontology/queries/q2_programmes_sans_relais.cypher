// @titre Q2 — Programmes sans relais sur un territoire (le « dernier kilomètre »)
// @description Les programmes qui atteignent le territoire et répondent à l'un de ses besoins, mais qu'aucun acteur présent sur ce territoire ne relaie ni ne porte.
// @param jeu texte Nom du jeu de données (propriété `jeu` des nœuds, ex. reseau)
// @param territoire territoire Territoire étudié : niveau:code (region:53, departement:35, epci:243500139, commune:35238) ou france
//
// Définitions (docs/questions.md) :
// - T*↑ = T et ses ancêtres, T*↓ = T et ses descendants, par INCLUS_DANS (une
//   commune ne remonte pas par son EPCI vers un autre département : un chemin
//   qui passe par un EPCI après son premier pas est écarté) ;
// - un programme atteint T s'il intervient sur un territoire de T*↑ ;
// - un besoin concerne T s'il concerne un territoire de T*↑ (sans territoire :
//   la France, donc tout T) ;
// - un programme répond à un besoin par REPOND_A ou par le thème (l'un de ses
//   `themes` est le `theme` du besoin) ;
// - un acteur est présent sur T s'il intervient sur un territoire de T*↓.
// Réponse : les programmes p qui atteignent T, répondent à un besoin concernant
// T, et qu'aucun acteur présent sur T ne relaie (RELAIS) ni ne porte (PORTE).
//
// T doit être un nœud :Territoire du graphe ; sinon la requête ne renvoie rien.
// Exemple : ecosysteme neo4j query -f ontology/queries/q2_programmes_sans_relais.cypher -p jeu=reseau -p territoire=france
MATCH (t:Territoire {uid: $territoire})
CALL (t) {
  MATCH chemin = (t)-[:INCLUS_DANS*0..3]->(h:Territoire)
  WHERE NOT (length(chemin) > 1 AND nodes(chemin)[1]:EPCI)
  RETURN collect(DISTINCT h) AS haut
}
CALL (haut) {
  // Les besoins qui concernent T, et leurs thèmes.
  MATCH (n:Besoin {jeu: $jeu})
  WHERE NOT EXISTS { (n)-[:CONCERNE]->(:Territoire) }
     OR EXISTS { MATCH (n)-[:CONCERNE]->(x) WHERE x IN haut }
  RETURN collect(n) AS besoins, collect(DISTINCT n.theme) AS themes_besoins
}
CALL (haut) {
  // Les programmes du jeu qui atteignent T.
  UNWIND haut AS h
  MATCH (p:Programme {jeu: $jeu})-[:INTERVIENT_SUR]->(h)
  RETURN collect(DISTINCT p) AS atteignent
}
UNWIND atteignent AS p
WITH t, p, besoins, themes_besoins
WHERE (any(th IN coalesce(p.themes, []) WHERE th IN themes_besoins)
       OR EXISTS { MATCH (p)-[:REPOND_A]->(n) WHERE n IN besoins })
  AND NOT EXISTS {
    // Un acteur qui relaie ou porte p et qui est présent sur T : il intervient
    // sur un territoire dont T*↑ contient T (on remonte depuis l'acteur).
    MATCH (a:Acteur)-[:RELAIS|PORTE]->(p)
    WHERE EXISTS {
      MATCH chemin = (a)-[:INTERVIENT_SUR]->(:Territoire)-[:INCLUS_DANS*0..3]->(t)
      WHERE NOT (length(chemin) > 2 AND nodes(chemin)[2]:EPCI)
    }
  }
RETURN p.id AS programme, p.nom AS nom
ORDER BY programme
