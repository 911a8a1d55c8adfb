/* Geographic view of an ecosystem (ecosysteme.viz.geo): inline SVG, no request, every user string set as text.
   Data: <script type="application/json" id="eco-geo-data">. In the network map page it is a tab beside the
   network (buttons added to .eco-tools); in the stand-alone page it fills #eco-geo. Test hook: window.ecoGeo. */
(function () {
  "use strict";
  var holder = document.getElementById("eco-geo-data");
  if (!holder) { return; }
  var data = JSON.parse(holder.textContent);
  var SVG = "http://www.w3.org/2000/svg";
  var api = { ready: false, data: data, measure: "actors" };
  window.ecoGeo = api;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function svg(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function fmt(n) { return Number(n).toLocaleString("fr-FR"); }
  function plural(n, one, many) { return fmt(n) + " " + (n > 1 ? many : one); }

  var placeWord = { commune: ["commune", "communes"], departement: ["département", "départements"],
                    region: ["région", "régions"] }[data.level] || ["lieu", "lieux"];
  var measures = { actors: { label: "Nombre d'acteurs", unit: ["acteur", "acteurs"],
                             colors: ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"] } };
  if (data.hasGaps) {
    measures.gaps = { label: "Trous dans la raquette (constats)", unit: ["constat", "constats"],
                      colors: ["#fee6ce", "#fdae6b", "#fd8d3c", "#e6550d", "#a63603"] };
  }

  // --- containers ---------------------------------------------------------------------------------
  var root = document.getElementById("eco-geo");
  var tabbed = !root;
  if (tabbed) {
    var canvas = document.querySelector(".eco-canvas");
    if (!canvas) { return; }
    root = el("div", { id: "eco-geo", "class": "eco-geo" });
    root.hidden = true;
    canvas.appendChild(root);
  }
  var bar = el("div", { "class": "eco-geo-bar" });
  bar.appendChild(el("label", { "for": "geo-measure" }, "Couleur des " + placeWord[1] + " :"));
  var select = el("select", { id: "geo-measure" });
  Object.keys(measures).forEach(function (k) { select.appendChild(el("option", { value: k }, measures[k].label)); });
  bar.appendChild(select);
  bar.appendChild(el("span", { "class": "eco-note", id: "geo-count" },
    plural(data.places.length, placeWord[0], placeWord[1]) + " (" + data.studied.join(", ") + ")"));
  root.appendChild(bar);
  var body = el("div", { "class": "eco-geo-body" });
  root.appendChild(body);
  var W = data.size[0], H = data.size[1];
  var map = svg("svg", { id: "geo-svg", "class": "eco-geo-svg", viewBox: "0 0 " + W + " " + H,
                         role: "img", "aria-label": "Carte géographique : " + data.studied.join(", ") });
  map.setAttribute("preserveAspectRatio", "xMidYMid meet");
  body.appendChild(map);
  var side = el("aside", { "class": "eco-geo-side", "aria-label": "Légende de la carte géographique" });
  body.appendChild(side);
  var tip = el("div", { "class": "eco-geo-tip", id: "geo-tip", role: "tooltip" });
  tip.hidden = true;
  root.appendChild(tip);

  // hatch for places without any actor
  var defs = svg("defs");
  var pattern = svg("pattern", { id: "geo-hatch", patternUnits: "userSpaceOnUse", width: 7, height: 7,
                                 patternTransform: "rotate(45)" });
  pattern.appendChild(svg("line", { x1: 0, y1: 0, x2: 0, y2: 7, stroke: "#b03a2e", "stroke-width": 2.2 }));
  defs.appendChild(pattern);
  map.appendChild(defs);
  map.appendChild(svg("rect", { x: 0, y: 0, width: W, height: H, fill: "#f4f8fb" }));

  // --- places, links, actors --------------------------------------------------------------------------
  var gPlaces = svg("g", { id: "geo-places" }), gEmpty = svg("g", { id: "geo-empty" });
  var gLinks = svg("g", { id: "geo-links" }), gActors = svg("g", { id: "geo-actors" });
  var gLabels = svg("g", { id: "geo-labels" });
  [gPlaces, gEmpty, gLinks, gActors, gLabels].forEach(function (g) { map.appendChild(g); });
  var paths = data.places.map(function (p, i) {
    var path = svg("path", { d: p.d, "class": "geo-place", "data-code": p.code, "data-i": i,
                             "fill-rule": "evenodd" });
    gPlaces.appendChild(path);
    if (p.actors === 0) {
      gEmpty.appendChild(svg("path", { d: p.d, "class": "geo-empty", "data-code": p.code, "fill-rule": "evenodd" }));
    }
    return path;
  });
  data.links.forEach(function (l) {
    var a = data.places[l[0]], b = data.places[l[1]];
    var line = svg("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, "class": "geo-link",
                             "stroke-width": (1 + 1.6 * Math.sqrt(l[2])).toFixed(1), "data-n": l[2] });
    line.addEventListener("mousemove", function (ev) {
      show(ev, a.name + " ↔ " + b.name + " : " + plural(l[2], "lien", "liens"));
    });
    line.addEventListener("mouseleave", hide);
    gLinks.appendChild(line);
  });
  data.actors.forEach(function (a) {
    if (a.place === undefined) { return; }
    var c = data.categories[a.cat];
    var dot = svg("circle", { cx: a.x, cy: a.y, r: 4.5, fill: c.color, stroke: c.border, "class": "geo-actor",
                              "data-id": a.id });
    dot.addEventListener("mousemove", function (ev) {
      show(ev, a.name + " — " + c.label + " — " + data.places[a.place].name);
    });
    dot.addEventListener("mouseleave", hide);
    gActors.appendChild(dot);
  });
  if (data.places.length <= 80) {
    data.places.forEach(function (p) {
      var t = svg("text", { x: p.x, y: p.y - 7, "class": "geo-label" });
      t.textContent = p.name;
      gLabels.appendChild(t);
    });
  }
  paths.forEach(function (path, i) {
    var p = data.places[i];
    path.addEventListener("mousemove", function (ev) {
      var parts = [plural(p.actors, "acteur", "acteurs")];
      if (p.gaps !== null) { parts.push(plural(p.gaps, "constat (trou dans la raquette)", "constats (trous dans la raquette)")); }
      parts.push(plural(p.inner, "lien interne", "liens internes"));
      if (p.population !== null) { parts.push(fmt(p.population) + " hab."); }
      show(ev, p.name + " — " + parts.join(", "));
    });
    path.addEventListener("mouseleave", hide);
  });

  function show(ev, text) {
    var box = root.getBoundingClientRect();
    tip.textContent = text;
    tip.hidden = false;
    tip.style.left = Math.min(ev.clientX - box.left + 12, box.width - 200) + "px";
    tip.style.top = (ev.clientY - box.top + 12) + "px";
  }
  function hide() { tip.hidden = true; }

  // --- choropleth ---------------------------------------------------------------------------------------
  function classes(values) {
    var positive = values.filter(function (v) { return v > 0; }).sort(function (a, b) { return a - b; });
    var breaks = [];
    for (var k = 1; k <= 5 && positive.length; k++) {
      var v = positive[Math.min(positive.length - 1, Math.ceil(k * positive.length / 5) - 1)];
      if (breaks.indexOf(v) < 0) { breaks.push(v); }
    }
    return breaks; // upper bounds of the classes
  }
  var legend = el("div", { id: "geo-legend" });
  side.appendChild(el("h2", {}, "Légende"));
  side.appendChild(legend);

  function paint(key) {
    var m = measures[key];
    api.measure = key;
    var values = data.places.map(function (p) { return key === "gaps" ? p.gaps : p.actors; });
    var breaks = classes(values);
    var colors = m.colors.slice(m.colors.length - breaks.length);
    api.fills = values.map(function (v, i) {
      var fill = "#ffffff";
      if (v > 0) {
        for (var k = 0; k < breaks.length; k++) { if (v <= breaks[k]) { fill = colors[k]; break; } }
      }
      paths[i].setAttribute("fill", fill);
      return fill;
    });
    legend.textContent = "";
    legend.appendChild(el("p", { "class": "eco-note" }, m.label + " par " + placeWord[0]));
    var list = el("ul", { id: "geo-classes" });
    var low = 1;
    breaks.forEach(function (b, k) {
      var li = el("li", { "class": "eco-row" });
      var sw = svg("svg", { width: 18, height: 12, "class": "eco-swatch" });
      sw.appendChild(svg("rect", { width: 18, height: 12, fill: colors[k], stroke: "#555" }));
      li.appendChild(sw);
      li.appendChild(el("span", {}, (low === b ? fmt(b) : fmt(low) + " à " + fmt(b)) + " " + (b > 1 ? m.unit[1] : m.unit[0])));
      list.appendChild(li);
      low = b + 1;
    });
    var zero = values.filter(function (v) { return v === 0; }).length;
    if (key === "gaps") {
      var li0 = el("li", { "class": "eco-row" });
      var sw0 = svg("svg", { width: 18, height: 12, "class": "eco-swatch" });
      sw0.appendChild(svg("rect", { width: 18, height: 12, fill: "#ffffff", stroke: "#555" }));
      li0.appendChild(sw0);
      li0.appendChild(el("span", {}, "aucun constat (" + fmt(zero) + ")"));
      list.appendChild(li0);
    }
    var empty = data.places.filter(function (p) { return p.actors === 0; }).length;
    var liE = el("li", { "class": "eco-row", id: "geo-empty-legend" });
    var swE = svg("svg", { width: 18, height: 12, "class": "eco-swatch" });
    swE.appendChild(svg("rect", { width: 18, height: 12, fill: "url(#geo-hatch)", stroke: "#b03a2e" }));
    liE.appendChild(swE);
    liE.appendChild(el("span", {}, "hachures : aucun acteur (" + plural(empty, placeWord[0], placeWord[1]) + ")"));
    list.appendChild(liE);
    legend.appendChild(list);
  }
  select.addEventListener("change", function () { paint(select.value); });
  paint("actors");

  var worlds = el("ul", {});
  var used = {};
  data.actors.forEach(function (a) { used[a.cat] = (used[a.cat] || 0) + 1; });
  data.categories.forEach(function (c, k) {
    if (!used[k]) { return; }
    var li = el("li", {});
    var dot = el("span", { "class": "eco-geo-dot" });
    dot.style.background = c.color;
    li.appendChild(dot);
    li.appendChild(document.createTextNode(c.label + " (" + fmt(used[k]) + ")"));
    worlds.appendChild(li);
  });
  side.appendChild(el("p", { "class": "eco-note" }, "Points : les acteurs, sur leur " + placeWord[0] +
    ", colorés par monde. Traits : liens entre " + placeWord[1] + " (épaisseur : nombre de liens)."));
  side.appendChild(worlds);

  // actors of a wider level (EPCI, département, …): listed apart
  if (data.sides.length) {
    side.appendChild(el("h2", {}, "Acteurs d'échelon plus large"));
    var groups = el("div", { id: "geo-sides" });
    data.sides.forEach(function (s, k) {
      var box = el("details", { "data-side": k });
      box.appendChild(el("summary", {}, s.label + " (" + fmt(s.n) + ")"));
      var ul = el("ul", {});
      data.actors.forEach(function (a) {
        if (a.side !== k) { return; }
        var li = el("li", {});
        var dot = el("span", { "class": "eco-geo-dot" });
        dot.style.background = data.categories[a.cat].color;
        li.appendChild(dot);
        li.appendChild(document.createTextNode(a.name));
        ul.appendChild(li);
      });
      box.appendChild(ul);
      groups.appendChild(box);
    });
    side.appendChild(groups);
  }
  if (data.missing.length) {
    side.appendChild(el("p", { "class": "eco-note", id: "geo-missing" },
      "Sans contour dans les données IGN 2018 : " + data.missing.join(", ") + "."));
  }

  // --- tab in the network map page ----------------------------------------------------------------------
  if (tabbed) {
    var tools = document.querySelector(".eco-tools");
    var net = document.getElementById("eco-network");
    var bNet = el("button", { type: "button", "class": "eco-btn eco-tab", id: "eco-tab-reseau", "aria-pressed": "true" },
      "Réseau");
    var bGeo = el("button", { type: "button", "class": "eco-btn eco-tab", id: "eco-tab-geo", "aria-pressed": "false",
      title: "Les " + placeWord[1] + " du territoire étudié avec leurs contours réels" }, "Carte géographique");
    var setView = function (geo) {
      root.hidden = !geo;
      if (net) { net.style.visibility = geo ? "hidden" : ""; }
      bGeo.setAttribute("aria-pressed", String(geo));
      bNet.setAttribute("aria-pressed", String(!geo));
      api.shown = geo;
    };
    bNet.addEventListener("click", function () { setView(false); });
    bGeo.addEventListener("click", function () { setView(true); });
    if (tools) { tools.insertBefore(bGeo, tools.firstChild); tools.insertBefore(bNet, bGeo); }
    api.show = setView;
    api.shown = false;
  } else {
    api.shown = true;
  }
  api.ready = true;
}());
