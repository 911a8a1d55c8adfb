/* YASGUI en français, hors ligne.
 *
 * YASGUI 4.6 n'a pas d'option de langue : ses textes sont écrits en anglais
 * dans le bundle. Ce script, chargé après yasgui.min.js, traduit les textes de
 * l'interface (boutons, onglets de résultats, infobulles, pagination) dès
 * qu'ils apparaissent dans #yasgui, sans toucher aux données : ni l'éditeur
 * (les lignes de CodeMirror), ni la réponse brute, ni les cellules et en-têtes du tableau
 * de résultats. Les textes sont posés en textContent ou en attribut, jamais
 * en HTML.
 */
(function () {
  "use strict";
  var TEXTES = {
    "Table": "Tableau",
    "Response": "Réponse",
    "Download result": "Télécharger le résultat",
    "Download Results": "Télécharger les résultats",
    "Download not supported": "Téléchargement impossible pour ce résultat",
    "Simple view": "Vue simple",
    "Ellipse": "Abréger",
    "Show all": "Tout afficher",
    "Page size:": "Lignes par page :",
    "Filter query results": "Filtrer les résultats",
    "Add tab": "Nouvel onglet",
    "Add a new tab": "Ouvrir un nouvel onglet",
    "Close tab": "Fermer l'onglet",
    "Run query": "Lancer la requête",
    "Share query": "Partager la requête",
    "Search or add an endpoint": "Chercher ou ajouter un point d'accès",
    "Clear endpoint": "Effacer le point d'accès",
    "Press \"enter\" to add this endpoint": "Entrée pour ajouter ce point d'accès",
    "No data available in table": "Aucune donnée",
    "No matching records found": "Aucune ligne ne correspond au filtre",
    "Loading...": "Chargement…",
    "Search:": "Chercher :",
    "All": "Toutes",
    "Unable to get response from endpoint. Possible reasons:": "Pas de réponse du point d'accès. Raisons possibles :",
    "Endpoint is down": "le point d'accès est arrêté",
    "Incorrect endpoint URL": "l'adresse du point d'accès est incorrecte",
    "CORS-enabled": "CORS activé",
    "Try query in a new browser window": "Essayer la requête dans une nouvelle fenêtre"
  };

  function nombre(n) { return n.replace(/,/g, "\u202f"); }
  function secondes(s) { return String(s).replace(".", ","); }
  function pluriel(n, mot) { return mot + (n.replace(/\D/g, "") === "1" ? "" : "s"); }

  var MOTIFS = [
    [/^([\d,]+) (results?) in ([\d.]+) seconds?$/, function (m, n, r, s) {
      return nombre(n) + " " + pluriel(n, "résultat") + " en " + secondes(s) + " s";
    }],
    [/^([\d,]+) results?$/, function (m, n) { return nombre(n) + " " + pluriel(n, "résultat"); }],
    [/^Response in ([\d.]+) seconds?$/, function (m, s) { return "Réponse en " + secondes(s) + " s"; }],
    [/^Showing ([\d,]+) to ([\d,]+) of ([\d,]+) (entries|entry|rows?|results?)$/, function (m, a, b, n) {
      return "Lignes " + nombre(a) + " à " + nombre(b) + " sur " + nombre(n);
    }],
    [/^Showing 0 to 0 of 0 (entries|entry|rows?|results?)$/, function () { return "Aucune ligne"; }],
    [/^(entries|entry|rows?) per page$/, function () { return "lignes par page"; }],
    [/^Shows (.+) view$/, function (m, vue) { return "Affiche la vue " + (TEXTES[vue] || vue); }]
  ];

  function traduire(texte) {
    var coeur = texte.trim();
    if (!coeur) { return null; }
    var fr = Object.prototype.hasOwnProperty.call(TEXTES, coeur) ? TEXTES[coeur] : null;
    for (var i = 0; fr === null && i < MOTIFS.length; i++) {
      var m = coeur.match(MOTIFS[i][0]);
      if (m) { fr = MOTIFS[i][1].apply(null, m); }
    }
    if (fr === null) { return null; }
    var debut = texte.slice(0, texte.indexOf(coeur));
    return debut + fr + texte.slice(debut.length + coeur.length);
  }

  /* Les données ne se traduisent pas : éditeur, réponse brute, cellules et en-têtes du tableau. */
  function estDonnee(el) {
    if (!el || !el.closest) { return false; }
    if (el.closest(".CodeMirror-scroll")) { return true; }
    if (el.closest(".dataTables_empty")) { return false; }
    return Boolean(el.closest(".yasr_results table.dataTable tbody, .yasr_results table.dataTable thead, .tabPanel .tab-name, .tab .name"));
  }

  var ATTRIBUTS = ["title", "aria-label", "placeholder"];

  function traduireElement(el) {
    if (estDonnee(el)) { return; }
    ATTRIBUTS.forEach(function (nom) {
      var valeur = el.getAttribute(nom);
      var fr = valeur && traduire(valeur);
      if (fr !== null && fr !== undefined && fr !== valeur) { el.setAttribute(nom, fr); }
    });
  }

  function traduireNoeud(noeud) {
    if (noeud.nodeType === Node.TEXT_NODE) {
      if (estDonnee(noeud.parentElement)) { return; }
      var fr = traduire(noeud.nodeValue);
      if (fr !== null && fr !== noeud.nodeValue) { noeud.nodeValue = fr; }
      return;
    }
    if (noeud.nodeType !== Node.ELEMENT_NODE) { return; }
    if (noeud.closest && noeud.closest(".CodeMirror-scroll")) { return; }
    traduireElement(noeud);
    var parcours = document.createTreeWalker(noeud, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    var courant = parcours.nextNode();
    while (courant) {
      if (courant.nodeType === Node.TEXT_NODE) {
        if (!estDonnee(courant.parentElement)) {
          var t = traduire(courant.nodeValue);
          if (t !== null && t !== courant.nodeValue) { courant.nodeValue = t; }
        }
      } else {
        traduireElement(courant);
      }
      courant = parcours.nextNode();
    }
  }

  function observer(racine) {
    traduireNoeud(racine);
    new MutationObserver(function (mutations) {
      mutations.forEach(function (m) {
        if (m.type === "attributes") { traduireElement(m.target); }
        else if (m.type === "characterData") { traduireNoeud(m.target); }
        else { Array.prototype.forEach.call(m.addedNodes, traduireNoeud); }
      });
    }).observe(racine, { subtree: true, childList: true, characterData: true, attributes: true,
                         attributeFilter: ATTRIBUTS });
  }

  window.ecoTraduireYasgui = traduire;
  var racine = document.getElementById("yasgui");
  if (racine) { observer(racine); }
})();
