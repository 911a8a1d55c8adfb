// @titre Q4 — Voisinage d'un acteur à k pas
// @description Les acteurs et programmes à une distance de 1 à k de l'acteur, avec leur distance minimale, dans le graphe non orienté des liens de l'écosystème.
// @param jeu texte Nom du jeu de données (propriété `jeu` des nœuds, ex. reseau)
// @param acteur texte Identifiant (`id`) de l'acteur dans le jeu
// @param k entier Distance maximale (nombre de pas ; 0 ou moins : aucune ligne)
//
// Définition (docs/questions.md) : les ressources (acteurs et programmes) à
// distance 1..k de l'acteur a dans le graphe NON ORIENTÉ des liens PARTENARIAT,
// RELAIS, FINANCEMENT, MEMBRE_DE, PORTE et ACCOMPAGNE (PORTE comprend les
// porteurs de la colonne programmes.porteurs), avec leur distance minimale ;
// a exclu.
//
// Parcours en largeur, couche par couche (reduce sur 1..k) : `vus` contient les
// ressources déjà atteintes, `front` la dernière couche, `res` les couples
// (ressource, distance). Cypher n'accepte pas de paramètre dans une borne de
// chemin (*1..$k), et SHORTEST sans borne littérale explore bien plus que
// nécessaire : ce parcours explicite reste exact pour tout k.
// Exemple : ecosysteme neo4j query -f ontology/queries/q4_voisinage.cypher -p jeu=reseau -p acteur=le-rameau -p k=2
MATCH (a:Acteur {jeu: $jeu, id: $acteur})
WITH a, reduce(etat = {vus: [a], front: [a], res: []}, d IN range(1, $k) |
  [nouveaux IN [reduce(acc = [], x IN etat.front |
      reduce(acc2 = acc, y IN [(x)-[:PARTENARIAT|RELAIS|FINANCEMENT|MEMBRE_DE|PORTE|ACCOMPAGNE]-(y) | y] |
        CASE WHEN y IN etat.vus OR y IN acc2 THEN acc2 ELSE acc2 + y END))]
   | {vus: etat.vus + nouveaux, front: nouveaux, res: etat.res + [n IN nouveaux | {ressource: n, distance: d}]}][0]
) AS etat
UNWIND etat.res AS trouve
WITH trouve.ressource AS r, trouve.distance AS distance
RETURN r.id AS ressource,
       CASE WHEN r:Acteur THEN 'acteur' ELSE 'programme' END AS nature,
       distance
ORDER BY distance, ressource
