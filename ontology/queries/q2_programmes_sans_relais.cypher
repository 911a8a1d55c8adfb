// @titre Q2 — Programmes sans relais sur un territoire (le « dernier kilomètre »)
// @description Les programmes qui répondent à un besoin exprimé sur le territoire mais dont aucun porteur ni relais n'est présent sur ce territoire.
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
// Réponse : les programmes qui répondent à un besoin exprimé sur T et dont aucun
// porteur (PORTE) ni relais (RELAIS) n'est présent sur T.
//
// T doit être un nœud :Territoire du graphe ; sinon la requête ne renvoie rien.
// Exemple : ecosysteme neo4j query -f ontology/queries/q2_programmes_sans_relais.cypher -p jeu=reseau -p territoire=france
MATCH (t:Territoire {uid: $territoire})
CALL (t) {
  // T*↑ : quelques chemins en remontant depuis T.
  MATCH chemin = (t)-[:INCLUS_DANS*0..3]->(h:Territoire)
  WHERE NOT (length(chemin) > 1 AND nodes(chemin)[1]:EPCI)
  RETURN collect(DISTINCT h) AS haut
}
MATCH (n:Besoin {jeu: $jeu})
WHERE (EXISTS { (n)-[:CONCERNE]->(t) }
       OR EXISTS { MATCH (x:Acteur {jeu: $jeu})-[:EXPRIME]->(n)
                   WHERE (x)-[:INTERVIENT_SUR]->(t) AND NOT 'territoires' IN coalesce(x.presume, []) })
MATCH (p:Programme {jeu: $jeu})-[:REPOND_A]->(n)
WITH DISTINCT t, haut, p
WHERE NOT EXISTS {
  MATCH (a:Acteur {jeu: $jeu})-[:PORTE|RELAIS]->(p)
  WHERE NOT 'territoires' IN coalesce(a.presume, [])
      AND (EXISTS { MATCH (a)-[:INTERVIENT_SUR]->(z) WHERE z IN haut }
           OR EXISTS { MATCH chemin = (a)-[:INTERVIENT_SUR]->(:Territoire)-[:INCLUS_DANS*1..3]->(t)
                       WHERE NOT (length(chemin) > 2 AND nodes(chemin)[2]:EPCI) })
}
RETURN p.id AS programme, p.nom AS nom, t.uid AS territoire
ORDER BY programme
