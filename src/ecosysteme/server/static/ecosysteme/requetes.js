/* Page de requêtes d'ecosysteme : YASGUI hors ligne, avec les requêtes fournies.
 *
 * Configuration hors ligne (voir ../yasgui/README.md) : autocompléteurs locaux
 * fixés AVANT la construction, point d'accès en URL absolue, pas de
 * persistance ni de requête lancée depuis l'URL, aucun autre point d'accès proposé.
 * Les textes des requêtes viennent d'un bloc JSON et ne passent jamais par innerHTML.
 */
(function () {
  "use strict";
  var donnees = document.getElementById("eco-requetes-donnees");
  var requetes = donnees ? JSON.parse(donnees.textContent) : [];
  var parNom = {};
  requetes.forEach(function (q) { parNom[q.name] = q; });

  Yasgui.Yasqe.defaults.autocompleters = ["variables", "prefixes"];
  Yasgui.defaults.yasqe.autocompleters = ["variables", "prefixes"];

  var pointAcces = document.getElementById("eco-point-acces");
  var ENDPOINT = new URL(pointAcces ? pointAcces.textContent : "/sparql", window.location.href).href;
  var premiere = parNom["acteurs_par_monde_et_territoire"] || requetes[0];

  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: ENDPOINT, method: "POST" },
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: ENDPOINT }]; } },
    copyEndpointOnNewTab: false,
    tabName: "Requête",
    populateFromUrl: false,
    persistenceId: null,
    corsProxy: undefined,
    yasqe: { prefixCcApi: null, value: premiere ? premiere.text : "SELECT * WHERE { ?s ?p ?o } LIMIT 10" },
  });

  function ouvrir(nom) {
    var q = parNom[nom];
    if (!q) { return null; }
    var onglet = yasgui.addTab(true, { name: q.title.slice(0, 40), yasqe: { value: q.text } });
    return onglet;
  }

  var boutons = document.querySelectorAll("button.eco-requete");
  Array.prototype.forEach.call(boutons, function (bouton) {
    bouton.addEventListener("click", function () { ouvrir(bouton.getAttribute("data-nom")); });
  });

  window.ecoYasgui = yasgui;
  window.ecoOuvrirRequete = ouvrir;
  window.ecoReady = true;
})();
