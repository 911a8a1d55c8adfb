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

  // Les résultats sont du texte, jamais du HTML : la table de YASR passe chaque valeur par
  // DOMPurify (qui l'analyse comme du HTML, dans un document inerte) ; nous l'échappons nous-mêmes.
  function texte(valeur) {
    return String(valeur).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function abrege(iri, prefixes) {
    var court = iri;
    Object.keys(prefixes || {}).forEach(function (p) {
      var base = prefixes[p];
      if (base && iri.indexOf(base) === 0 && iri.length - base.length < court.length) {
        court = p + ":" + iri.slice(base.length);
      }
    });
    return court;
  }
  var Table = Yasgui.Yasr.plugins.table;
  Table.prototype.getCellContent = function (b, prefixes) {
    if (b.type === "uri") {
      var lien = /^https?:\/\//i.test(b.value) ? " href=\"" + texte(b.value) + "\" target=\"_blank\" rel=\"noopener noreferrer\"" : "";
      return "<div><span><a class=\"iri\"" + lien + ">" + texte(abrege(b.value, prefixes)) + "</a></span></div>";
    }
    var suite = b["xml:lang"] ? "<sup>@" + texte(b["xml:lang"]) + "</sup>"
      : b.datatype ? "<sup>^^" + texte(abrege(b.datatype, prefixes)) + "</sup>" : "";
    return "<div><span class=\"nonIri\">" + (suite ? "\"" + texte(b.value) + "\"" + suite : texte(b.value)) +
      "</span></div>";
  };
  var colonnesYasr = Table.prototype.getColumns;
  Table.prototype.getColumns = function () {
    var table = this;
    var prefixes = this.yasr.getPrefixes();
    return colonnesYasr.call(this).map(function (colonne, i) {
      if (i === 0) { return colonne; }
      colonne.title = texte(colonne.name);
      colonne.render = function (b, usage) {
        if (b === "") { return b; }
        if (usage === "filter" || usage === "sort" || !usage) { return b.value; }
        return table.getCellContent(b, prefixes);
      };
      return colonne;
    });
  };

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
