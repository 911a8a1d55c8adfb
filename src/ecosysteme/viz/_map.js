/* ecosysteme: interactive ecosystem map (vis-network). Every DOM node is built from data with
   textContent or attribute setters; no markup is ever parsed from data. */
(function () {
  "use strict";
  var T0 = performance.now();
  var D = JSON.parse(document.getElementById("eco-data").textContent);
  var timings = { scriptStart: T0, parsed: performance.now() };
  var M = D.meta;
  var ND = D.nodes;
  var N = ND.id.length;
  var E = D.edges.s.length;
  var SVGNS = "http://www.w3.org/2000/svg";
  var LARGE = N > 3000;
  /* level of detail: past these counts, the strongest edges only, then plain edges (colour, no dash or arrow) */
  var MAX_EDGES = 25000, PLAIN_EDGES = 8000, MAX_GROUP_LINKS_FACTOR = 3;
  var api = { ready: false, stableMs: null, firstDrawMs: null, timings: timings };
  window.ecoMap = api;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) { for (var k in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, k)) { e.setAttribute(k, attrs[k]); } } }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function svg(tag, attrs) {
    var e = document.createElementNS(SVGNS, tag);
    for (var k in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, k)) { e.setAttribute(k, String(attrs[k])); } }
    return e;
  }
  function $(id) { return document.getElementById(id); }
  function fmt(n) { return Number(n).toLocaleString("fr-FR"); }
  function norm(s) {
    return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[\u2019']/g, "'");
  }

  /* ---------- indexes ---------- */
  var index = new Map();
  for (var i = 0; i < N; i++) { index.set(ND.id[i], i); }
  var X = ND.x.slice(), Y = ND.y.slice();
  var deg = new Int32Array(N);
  for (var e = 0; e < E; e++) { deg[D.edges.s[e]]++; deg[D.edges.t[e]]++; }
  var adjStart = new Int32Array(N + 1);
  for (i = 0; i < N; i++) { adjStart[i + 1] = adjStart[i] + deg[i]; }
  var adjEdge = new Int32Array(2 * E), fill = adjStart.slice(0, N);
  for (e = 0; e < E; e++) { adjEdge[fill[D.edges.s[e]]++] = e; adjEdge[fill[D.edges.t[e]]++] = e; }
  function other(e, i) { return D.edges.s[e] === i ? D.edges.t[e] : D.edges.s[e]; }
  var hasGroups = D.groups.length > 0;
  /* the catalyst's own actor (--centre): always labelled first, drawn with a red ring */
  var centreIndex = M.centre && index.has(M.centre) ? index.get(M.centre) : -1;
  /* changes since an older version (carte --depuis): actors added get a green ring, the gone ones a list */
  var SINCE = D.since || null, NEW_RING = "#1e8e3e", isNew = new Uint8Array(N);
  if (SINCE) { SINCE.new.forEach(function (id) { if (index.has(id)) { isNew[index.get(id)] = 1; } }); }

  /* ---------- relation details (type, amount, dates, provenance) ---------- */
  var DE = D.edges;
  var maxAmount = 0;
  if (DE.amount) { DE.amount.forEach(function (a) { if (a !== null && a > maxAmount) { maxAmount = a; } }); }
  function euros(a) { return Number(a).toLocaleString("fr-FR", { style: "currency", currency: "EUR" }); }
  function edgeAmount(e) { return DE.amount ? DE.amount[e] : null; }
  function edgeDates(e) {
    var s = DE.start ? DE.start[e] : null, t = DE.end ? DE.end[e] : null;
    if (s && t) { return "du " + s + " au " + t; }
    if (s) { return "depuis le " + s; }
    if (t) { return "jusqu'au " + t; }
    return null;
  }
  function edgeWidth(e) {
    var t = D.edgeTypes[DE.type[e]], a = edgeAmount(e);
    if (t.key === "financement" && a !== null && maxAmount > 0) { return 1 + 9 * Math.sqrt(a / maxAmount); }
    return t.width;
  }
  function edgeFields(e) {
    var t = D.edgeTypes[DE.type[e]], out = [["Type", t.label]], a = edgeAmount(e), d = edgeDates(e);
    out.push(["De", ND.label[DE.s[e]]]);
    out.push(["Vers", ND.label[DE.t[e]]]);
    if (a !== null && a !== undefined) { out.push(["Montant", euros(a)]); }
    if (d) { out.push(["Dates", d]); }
    if (DE.prov) { out.push(["Provenance", D.provenances[DE.prov[e]]]); }
    return out;
  }
  function edgeTooltip(e) {
    var f = edgeFields(e);
    return f[1][1] + (D.edgeTypes[DE.type[e]].arrows ? " → " : " — ") + f[2][1] + "\n" +
      f.filter(function (x, j) { return j === 0 || j > 2; }).map(function (x) { return x[0] + " : " + x[1]; }).join("\n") +
      "\nCliquer : fiche du lien";
  }

  /* ---------- state ---------- */
  var state = {
    cats: new Set(D.categories.map(function (_, k) { return k; })),
    levels: new Set(D.levels.map(function (_, k) { return k; })),
    edgeTypes: new Set(D.edgeTypes.map(function (_, k) { return k; })),
    terr: -1, cover: false, theme: -1,
    focus: null, radius: Math.max(1, M.radius || 2),
    aggregate: hasGroups && M.aggregateDefault, drill: -1
  };
  var terrAnc = null;

  /* ---------- period of the relations (years): an edge is shown when its [start, end] meets the period ----------
     Dates may be a year, a month or a day (isoformat); they are compared by year. Undated edges always show. */
  function yearOf(v) { return v ? parseInt(String(v).slice(0, 4), 10) : NaN; }
  var startY = new Float64Array(E), endY = new Float64Array(E), undated = 0, yearMin = Infinity, yearMax = -Infinity;
  for (e = 0; e < E; e++) {
    startY[e] = yearOf(DE.start ? DE.start[e] : null); endY[e] = yearOf(DE.end ? DE.end[e] : null);
    if (isNaN(startY[e]) && isNaN(endY[e])) { undated++; continue; }
    [startY[e], endY[e]].forEach(function (y) { if (!isNaN(y)) { yearMin = Math.min(yearMin, y); yearMax = Math.max(yearMax, y); } });
  }
  var hasDates = yearMin <= yearMax;
  state.period = hasDates ? [yearMin, yearMax] : null;
  function edgeInPeriod(e) {
    if (state.period === null) { return true; }
    return !(startY[e] > state.period[1]) && !(endY[e] < state.period[0]);
  }
  function edgeOn(e) { return state.edgeTypes.has(DE.type[e]) && edgeInPeriod(e); }

  function passes(i) {
    if (!state.cats.has(ND.cat[i]) || !state.levels.has(ND.level[i])) { return false; }
    if (state.terr >= 0) {
      var ok = ND.within[i].indexOf(state.terr) >= 0;
      if (!ok && state.cover) { ok = ND.terr[i].some(function (t) { return terrAnc.has(t); }); }
      if (!ok) { return false; }
    }
    if (state.theme >= 0 && ND.themes[i].indexOf(state.theme) < 0) { return false; }
    return true;
  }

  function neighbourhood(centre, radius, pass) {
    var seen = new Map([[centre, 0]]), queue = [centre];
    for (var q = 0; q < queue.length; q++) {
      var u = queue[q], d = seen.get(u);
      if (d >= radius) { continue; }
      for (var a = adjStart[u]; a < adjStart[u + 1]; a++) {
        var ed = adjEdge[a];
        if (!edgeOn(ed)) { continue; }
        var v = other(ed, u);
        if (!seen.has(v) && pass[v]) { seen.set(v, d + 1); queue.push(v); }
      }
    }
    return seen;
  }

  /* ---------- what is shown ---------- */
  function computeView() {
    var pass = new Uint8Array(N), k;
    for (k = 0; k < N; k++) { pass[k] = passes(k) ? 1 : 0; }
    var show = new Uint8Array(N), mode, layout = null;
    if (state.focus !== null) {
      mode = "voisinage";
      var near = neighbourhood(state.focus, state.radius, pass);
      near.forEach(function (_, n) { show[n] = 1; });
      layout = radialLayout(state.focus, near);
    } else if (state.aggregate && state.drill < 0) {
      return aggregatedView(pass);
    } else if (state.drill >= 0) {
      mode = "groupe";
      for (k = 0; k < N; k++) { if (pass[k] && ND.group[k] === state.drill) { show[k] = 1; } }
      for (k = 0; k < N; k++) {
        if (show[k] !== 1) { continue; }
        for (var a = adjStart[k]; a < adjStart[k + 1]; a++) {
          var ed = adjEdge[a], v = other(ed, k);
          if (pass[v] && !show[v] && edgeOn(ed)) { show[v] = 2; }
        }
      }
    } else {
      mode = "détail";
      show = pass;
    }
    var nodes = [], edges = [], total = 0;
    for (k = 0; k < N; k++) { if (show[k]) { nodes.push(k); } }
    for (var ee = 0; ee < E; ee++) {
      if (show[D.edges.s[ee]] && show[D.edges.t[ee]] && edgeOn(ee)) { total++; }
    }
    if (total <= MAX_EDGES) {
      for (ee = 0; ee < E; ee++) {
        if (show[D.edges.s[ee]] && show[D.edges.t[ee]] && edgeOn(ee)) { edges.push(ee); }
      }
    } else {
      var order = strongestEdges();
      for (var o = 0; o < E && edges.length < MAX_EDGES; o++) {
        ee = order[o];
        if (show[D.edges.s[ee]] && show[D.edges.t[ee]] && edgeOn(ee)) { edges.push(ee); }
      }
    }
    return { mode: mode, nodes: nodes, edges: edges, ghost: show, totalEdges: total, plain: edges.length > PLAIN_EDGES,
             layout: layout };
  }

  /* A quick layout of a neighbourhood: the focused node at its place, the nodes at distance d on the d-th ring,
     each ring ordered by the angle of the node's parent (fewer crossings), rings wide enough for their nodes. */
  function radialLayout(centre, dist) {
    var rings = [], angle = new Map([[centre, 0]]), pos = new Map([[centre, [X[centre], Y[centre]]]]);
    dist.forEach(function (d, n) { if (d > 0) { (rings[d] = rings[d] || []).push(n); } });
    var radius = 0;
    for (var d = 1; d < rings.length; d++) {
      var ring = rings[d] || [], key = new Map();
      ring.forEach(function (n) {
        var best = Infinity;
        for (var a = adjStart[n]; a < adjStart[n + 1]; a++) {
          var p = other(adjEdge[a], n);
          if (dist.get(p) === d - 1 && angle.has(p) && angle.get(p) < best) { best = angle.get(p); }
        }
        key.set(n, best === Infinity ? 0 : best);
      });
      ring.sort(function (a, b) { return key.get(a) - key.get(b) || ND.score[b] - ND.score[a] || a - b; });
      var need = 0;
      ring.forEach(function (n) { need += 2 * ND.size[n] + 40; });
      radius = Math.max(radius + 160, need / (2 * Math.PI));
      ring.forEach(function (n, j) {
        var t = 2 * Math.PI * j / ring.length - Math.PI / 2;
        angle.set(n, t + Math.PI / 2);
        pos.set(n, [X[centre] + radius * Math.cos(t), Y[centre] + radius * Math.sin(t)]);
      });
    }
    return pos;
  }

  var edgeOrder = null;
  function strongestEdges() {
    if (edgeOrder === null) {
      var w = new Float64Array(E), idx = new Int32Array(E);
      for (var e = 0; e < E; e++) { w[e] = ND.size[D.edges.s[e]] + ND.size[D.edges.t[e]]; idx[e] = e; }
      edgeOrder = Array.prototype.slice.call(idx).sort(function (a, b) { return w[b] - w[a] || a - b; });
    }
    return edgeOrder;
  }

  function aggregatedView(pass) {
    var G = D.groups.length, count = new Int32Array(G), cats = [];
    for (var g = 0; g < G; g++) { cats.push(new Int32Array(D.categories.length)); }
    for (var k = 0; k < N; k++) { if (pass[k]) { count[ND.group[k]]++; cats[ND.group[k]][ND.cat[k]]++; } }
    var pairs = new Map();
    for (var e = 0; e < E; e++) {
      var s = D.edges.s[e], t = D.edges.t[e];
      if (!pass[s] || !pass[t] || !edgeOn(e)) { continue; }
      var a = ND.group[s], b = ND.group[t];
      if (a === b) { continue; }
      var key = a < b ? a * G + b : b * G + a;
      pairs.set(key, (pairs.get(key) || 0) + 1);
    }
    var groups = [];
    for (g = 0; g < G; g++) { if (count[g] > 0) { groups.push(g); } }
    var links = [];
    pairs.forEach(function (n, key) { links.push([Math.floor(key / G), key % G, n]); });
    var totalLinks = links.length, keep = Math.max(MAX_GROUP_LINKS_FACTOR * groups.length, 150);
    if (links.length > keep) {
      links.sort(function (a, b) { return b[2] - a[2] || a[0] - b[0] || a[1] - b[1]; });
      links = links.slice(0, keep);
    }
    return { mode: "agrégée", groups: groups, count: count, cats: cats, links: links, totalLinks: totalLinks };
  }

  /* ---------- vis items ---------- */
  function shortLabel(s) { return s.length > 42 ? s.slice(0, 40) + "…" : s; }
  function tooltip(i) {
    var c = D.categories[ND.cat[i]], lv = D.levels[ND.level[i]];
    return ND.label[i] + "\n" + c.label + (ND.kind[i] === "acteur" ? " · " + lv.label : "") +
      "\nCliquer : fiche · double-cliquer : voisinage";
  }
  var visGroups = {};
  D.categories.forEach(function (c, k) {
    visGroups["c" + k] = { shape: c.shape, color: { background: c.color, border: c.border,
      highlight: { background: c.color, border: "#000000" }, hover: { background: c.color, border: "#000000" } } };
  });
  function nodeItem(i, ghost, withTooltip, layout) {
    /* no vis label: the page draws the names itself (drawLabels), most important first, never overlapping */
    var at = layout ? layout.get(i) : null;
    var item = { id: ND.id[i], x: at ? at[0] : X[i], y: at ? at[1] : Y[i], size: ND.size[i], group: "c" + ND.cat[i] };
    if (i === centreIndex) {
      var cc = D.categories[ND.cat[i]].color;
      item.borderWidth = 4;
      item.color = { background: cc, border: "#b3261e", highlight: { background: cc, border: "#b3261e" },
                     hover: { background: cc, border: "#b3261e" } };
    } else if (isNew[i]) {
      var nc = D.categories[ND.cat[i]].color;
      item.borderWidth = 4;
      item.color = { background: nc, border: NEW_RING, highlight: { background: nc, border: NEW_RING },
                     hover: { background: nc, border: NEW_RING } };
    }
    if (withTooltip) { item.title = tooltip(i) + (isNew[i] ? "\nNouveau depuis « " + SINCE.label + " »" : ""); }
    if (ghost !== undefined) { item.opacity = ghost ? 0.45 : 1; }
    return item;
  }
  function edgeItem(e, plain) {
    var t = D.edgeTypes[D.edges.type[e]];
    var item = { id: e, from: ND.id[D.edges.s[e]], to: ND.id[D.edges.t[e]],
                 color: { color: t.color, highlight: t.color, hover: t.color, opacity: 0.85 } };
    if (!plain) {
      item.width = edgeWidth(e);
      item.dashes = t.dashes;
      item.title = edgeTooltip(e);
      if (t.arrows) { item.arrows = { to: { enabled: true, scaleFactor: 0.55 } }; }
    }
    return item;
  }
  function pieRenderer(slices) {
    return function (o) {
      var ctx = o.ctx, x = o.x, y = o.y, r = o.style.size;
      return {
        drawNode: function () {
          var a = -Math.PI / 2;
          slices.forEach(function (sl) {
            ctx.beginPath();
            ctx.moveTo(x, y);
            ctx.arc(x, y, r, a, a + sl[1] * 2 * Math.PI);
            ctx.closePath();
            ctx.fillStyle = D.categories[sl[0]].color;
            ctx.fill();
            a += sl[1] * 2 * Math.PI;
          });
          ctx.beginPath();
          ctx.arc(x, y, r, 0, 2 * Math.PI);
          ctx.lineWidth = o.state.selected || o.state.hover ? 3 : 1.2;
          ctx.strokeStyle = o.state.selected ? "#000000" : "#444444";
          ctx.stroke();
        },
        nodeDimensions: { width: 2 * r, height: 2 * r }
      };
    };
  }
  var GROUP_PREFIX = "groupe:";
  function groupSize(count) { return 12 + 4 * Math.sqrt(count); }
  function groupItems(v) {
    var nodes = v.groups.map(function (g) {
      var cats = v.cats[g], gr = D.groups[g], slices = [], parts = [];
      for (var c = 0; c < cats.length; c++) {
        if (cats[c] > 0) {
          slices.push([c, cats[c] / v.count[g]]);
          parts.push(D.categories[c].label + " : " + fmt(cats[c]));
        }
      }
      return {
        id: GROUP_PREFIX + g, x: gr.x, y: gr.y, size: groupSize(v.count[g]), shape: "custom",
        ctxRenderer: pieRenderer(slices),
        title: gr.label + "\n" + fmt(v.count[g]) + " nœuds\n" + parts.join("\n") + "\nCliquer pour afficher ses nœuds"
      };
    });
    var top = v.links.length ? v.links.reduce(function (m, l) { return Math.max(m, l[2]); }, 1) : 1;
    var edges = v.links.map(function (l) {
      return { id: "gl:" + l[0] + ":" + l[1], from: GROUP_PREFIX + l[0], to: GROUP_PREFIX + l[1],
               width: 1 + 9 * Math.sqrt(l[2] / top), color: { color: "#7a7a7a", opacity: 0.55 },
               title: fmt(l[2]) + " lien(s) entre ces deux groupes" };
    });
    return { nodes: nodes, edges: edges };
  }

  /* ---------- network ---------- */
  var container = $("eco-network");
  var nodesDS = new vis.DataSet(), edgesDS = new vis.DataSet();
  var physicsOn = !!M.physics;
  var options = {
    autoResize: true,
    groups: visGroups,
    layout: { improvedLayout: false, randomSeed: 1 },
    nodes: { borderWidth: 1.5, font: { size: 14, face: "system-ui, sans-serif", color: "#1d1d1b", strokeWidth: 3,
                                        strokeColor: "#ffffff" },
             scaling: { label: { drawThreshold: 7 } } },
    edges: { smooth: LARGE ? false : { enabled: true, type: "continuous", roundness: 0.35 }, selectionWidth: 2,
             hoverWidth: 1 },
    physics: physicsOn ? {
      enabled: true, solver: "barnesHut",
      barnesHut: { gravitationalConstant: -3500, springLength: 90, springConstant: 0.035, avoidOverlap: 0.2 },
      stabilization: { enabled: true, iterations: 150, updateInterval: 50, fit: true }
    } : false,
    interaction: { hover: !LARGE, tooltipDelay: 200, hideEdgesOnDrag: LARGE, hideEdgesOnZoom: LARGE,
                   multiselect: false, navigationButtons: false, keyboard: false }
  };
  var network = null; /* created once the first view is in the DataSets: vis stabilises it in batches */
  api.nodes = nodesDS; api.edges = edgesDS;


  var shown = { key: null, nodeIds: new Set(), edgeIds: new Set() };

  function apply(items, kind, fit) {
    var nodeIds = new Set(items.nodes.map(function (n) { return n.id; }));
    var edgeIds = new Set(items.edges.map(function (x) { return x.id; }));
    if (kind !== shown.key) {
      edgesDS.clear(); nodesDS.clear();
      nodesDS.add(items.nodes); edgesDS.add(items.edges);
    } else {
      var goneN = [], goneE = [];
      shown.edgeIds.forEach(function (id) { if (!edgeIds.has(id)) { goneE.push(id); } });
      shown.nodeIds.forEach(function (id) { if (!nodeIds.has(id)) { goneN.push(id); } });
      edgesDS.remove(goneE); nodesDS.remove(goneN);
      nodesDS.update(items.nodes);
      edgesDS.update(items.edges);
    }
    shown = { key: kind, nodeIds: nodeIds, edgeIds: edgeIds };
    if (fit && network !== null) { network.fit({ animation: false }); }
    api.fits = (api.fits || 0) + (fit && network !== null ? 1 : 0);
  }

  function render(fit) {
    var v = computeView();
    if (v.mode === "agrégée") {
      apply(groupItems(v), "groupes", fit);
    } else {
      var grouped = v.mode === "groupe";
      var tips = v.nodes.length <= 3000; /* tooltips cost time to build: only on views of moderate size */
      var nodes = v.nodes.map(function (k) {
        return nodeItem(k, grouped ? v.ghost[k] === 2 : undefined, tips, v.layout);
      });
      var edges = v.edges.map(function (e) { return edgeItem(e, v.plain); });
      apply({ nodes: nodes, edges: edges }, v.mode + (v.plain ? ":simple" : ""), fit);
    }
    setLabelCandidates(v);
    updateStatus(v);
  }

  /* ---------- names: drawn by the page at a constant size on screen, most important first ----------
     After each drawing, the candidates of the current view are placed greedily in order of importance
     (the --centre actor and the focused node first): a name is drawn only where its box overlaps no box
     already placed, so none overlap; zooming in makes room for more. */
  var LABEL_PX = 12, TOP_PX = 13, CENTRE_PX = 15, TOP_RANK = 25, LABEL_MAX = 350, LABEL_SCAN = 2500, CELL = 64;
  var LABEL_FONT = "system-ui, -apple-system, \"Segoe UI\", Roboto, Arial, sans-serif";
  var importanceOrder = null, rankOf = null;
  function byImportance() {
    if (importanceOrder === null) {
      importanceOrder = [];
      for (var k = 0; k < N; k++) { importanceOrder.push(k); }
      importanceOrder.sort(function (a, b) { return ND.score[b] - ND.score[a] || ND.size[b] - ND.size[a] || a - b; });
      rankOf = new Int32Array(N);
      importanceOrder.forEach(function (k, r) { rankOf[k] = r; });
    }
    return importanceOrder;
  }
  var labelCandidates = []; /* [vis id, text, px, bold] in order of priority */
  function setLabelCandidates(v) {
    var out = [];
    if (v.mode === "agrégée") {
      v.groups.slice().sort(function (a, b) { return v.count[b] - v.count[a] || a - b; }).forEach(function (g, r) {
        out.push([GROUP_PREFIX + g, shortLabel(D.groups[g].label) + " (" + fmt(v.count[g]) + ")", r < 10 ? TOP_PX : LABEL_PX,
                  false]);
      });
    } else {
      var ids = shown.nodeIds, first = [];
      [centreIndex, state.focus === null ? -1 : state.focus].forEach(function (k) {
        if (k >= 0 && ids.has(ND.id[k]) && first.indexOf(k) < 0) { first.push(k); }
      });
      first.forEach(function (k) { out.push([ND.id[k], shortLabel(ND.label[k]), CENTRE_PX, true]); });
      byImportance().forEach(function (k) {
        if (first.indexOf(k) < 0 && ids.has(ND.id[k])) {
          out.push([ND.id[k], shortLabel(ND.label[k]), rankOf[k] < TOP_RANK ? TOP_PX : LABEL_PX, false]);
        }
      });
    }
    labelCandidates = out;
  }
  var widthCache = new Map();
  function textWidth(ctx, text, px, bold) {
    var key = px + (bold ? "b" : "") + text, w = widthCache.get(key);
    if (w === undefined) {
      ctx.font = (bold ? "bold " : "") + px + "px " + LABEL_FONT;
      w = ctx.measureText(text).width;
      widthCache.set(key, w);
    }
    return w;
  }
  var drawnLabels = [];
  function spotBox(p, r, w, h, s) {
    if (s === 0) { return [p.x - w / 2, p.y + r + 2, w, h]; }
    if (s === 1) { return [p.x - w / 2, p.y - r - 2 - h, w, h]; }
    return [p.x + r + 3, p.y - h / 2, w, h];
  }
  function inside(b, W, H) { return b[0] >= 0 && b[1] >= 0 && b[0] + b[2] <= W && b[1] + b[3] <= H; }
  function drawLabels(ctx) {
    var t0 = performance.now();
    var canvas = ctx.canvas, ratio = canvas.width / Math.max(1, canvas.clientWidth);
    var W = canvas.clientWidth, H = canvas.clientHeight, scale = network.getScale();
    var grid = new Map(), placed = [], bodies = network.body.nodes;
    function fits(b) {
      for (var gx = Math.floor(b[0] / CELL); gx <= Math.floor((b[0] + b[2]) / CELL); gx++) {
        for (var gy = Math.floor(b[1] / CELL); gy <= Math.floor((b[1] + b[3]) / CELL); gy++) {
          var cell = grid.get(gx * 4096 + gy);
          if (!cell) { continue; }
          for (var j = 0; j < cell.length; j++) {
            var o = cell[j];
            if (b[0] < o[0] + o[2] && o[0] < b[0] + b[2] && b[1] < o[1] + o[3] && o[1] < b[1] + b[3]) { return false; }
          }
        }
      }
      return true;
    }
    function add(b) {
      for (var gx = Math.floor(b[0] / CELL); gx <= Math.floor((b[0] + b[2]) / CELL); gx++) {
        for (var gy = Math.floor(b[1] / CELL); gy <= Math.floor((b[1] + b[3]) / CELL); gy++) {
          var key = gx * 4096 + gy;
          if (!grid.has(key)) { grid.set(key, []); }
          grid.get(key).push(b);
        }
      }
    }
    function spotFits(p, r, w, h, s, W, H) {
      var b = spotBox(p, r, w, h, s);
      return inside(b, W, H) && fits(b);
    }
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    var scan = Math.min(labelCandidates.length, LABEL_SCAN);
    for (var c = 0; c < scan && placed.length < LABEL_MAX; c++) {
      var cand = labelCandidates[c], body = bodies[cand[0]];
      if (!body) { continue; }
      var p = network.canvasToDOM({ x: body.x, y: body.y }), r = (body.options.size || 10) * scale;
      if (p.x < -200 || p.y < -50 || p.x > W + 200 || p.y > H + 50) { continue; }
      var px = cand[2], h = Math.ceil(px * 1.3);
      /* below the node, else above it, else to its right; a box narrower than any text of this length is tried
         first (it lies inside the real box: if it collides, so would the text), then the measured one */
      var low = 0.25 * px * cand[1].length + 4, lowOk = false;
      for (var s = 0; s < 3 && !lowOk; s++) { lowOk = spotFits(p, r, low, h, s, W, H); }
      if (!lowOk) { continue; }
      var w = textWidth(ctx, cand[1], px, cand[3]) + 4;
      for (s = 0; s < 3; s++) {
        var b = spotBox(p, r, w, h, s);
        if (!inside(b, W, H) || !fits(b)) { continue; }
        add(b);
        placed.push({ id: cand[0], text: cand[1], px: px, bold: cand[3], x: b[0], y: b[1], w: w, h: h });
        break;
      }
    }
    placed.forEach(function (l) {
      ctx.font = (l.bold ? "bold " : "") + l.px + "px " + LABEL_FONT;
      if (l.bold) {
        ctx.fillStyle = "rgba(255, 243, 205, 0.92)";
        ctx.fillRect(l.x, l.y, l.w, l.h);
      }
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(255, 255, 255, 0.9)";
      ctx.strokeText(l.text, l.x + 2, l.y + l.h / 2);
      ctx.fillStyle = l.bold ? "#7a1712" : "#1d1d1b";
      ctx.fillText(l.text, l.x + 2, l.y + l.h / 2);
    });
    ctx.restore();
    drawnLabels = placed;
    api.labelMs = performance.now() - t0;
  }

  /* ---------- status line and view buttons ---------- */
  function updateStatus(v) {
    var box = $("eco-status"), txt = $("eco-status-text");
    var btns = $("eco-status-buttons");
    btns.textContent = "";
    var msg;
    if (v.mode === "agrégée") {
      var total = 0;
      v.groups.forEach(function (g) { total += v.count[g]; });
      msg = "Vue agrégée par " + M.aggregateLabel + " : " + fmt(v.groups.length) + " groupes, " + fmt(total) +
        " nœuds. Cliquez sur un groupe pour afficher ses nœuds." + (v.links.length < v.totalLinks ?
        " Les " + fmt(v.links.length) + " liaisons entre groupes les plus fortes sont tracées (sur " +
        fmt(v.totalLinks) + ")." : "");
      btns.appendChild(button("Afficher tous les nœuds", function () { state.aggregate = false; render(true); }));
    } else if (v.mode === "voisinage") {
      msg = "Voisinage de « " + ND.label[state.focus] + " » (rayon " + state.radius + ") : " + fmt(v.nodes.length) +
        " nœuds.";
      btns.appendChild(button("Tout afficher", clearFocus));
    } else if (v.mode === "groupe") {
      msg = "Groupe « " + D.groups[state.drill].label + " » : " + fmt(v.nodes.length) +
        " nœuds (ses membres et, estompés, leurs voisins directs).";
      btns.appendChild(button("Retour à la vue agrégée", function () { state.drill = -1; state.aggregate = true; render(true); }));
    } else {
      msg = fmt(v.nodes.length) + " nœuds et " + fmt(v.totalEdges) + " liens affichés sur " + fmt(N) + " nœuds.";
      if (hasGroups) {
        btns.appendChild(button("Vue agrégée par " + M.aggregateLabel, function () {
          state.aggregate = true; state.drill = -1; render(true);
        }));
      }
    }
    if (v.mode !== "agrégée" && v.edges.length < v.totalEdges) {
      msg += " Pour rester lisible et rapide, seuls les " + fmt(v.edges.length) + " liens entre les nœuds les plus " +
        "importants sont tracés (sur " + fmt(v.totalEdges) + ") : filtrez, ouvrez un groupe ou un voisinage pour les voir tous.";
    }
    if (v.plain) {
      msg += " Au-delà de " + fmt(PLAIN_EDGES) + " liens, les types ne se distinguent que par la couleur " +
        "(ni tirets ni flèches).";
    }
    txt.textContent = msg;
    box.hidden = false;
    api.mode = v.mode;
  }
  function button(label, onClick) {
    var b = el("button", { type: "button", "class": "eco-btn" }, label);
    b.addEventListener("click", onClick);
    return b;
  }

  /* ---------- focus ---------- */
  function focusOn(i, radius) {
    state.focus = i;
    if (radius !== undefined) { state.radius = Math.max(0, Math.min(10, radius | 0)); }
    state.drill = -1;
    render(true);
    network.selectNodes([ND.id[i]]);
    showCard(i);
  }
  function clearFocus() {
    state.focus = null;
    render(true);
  }

  /* ---------- selection and card ---------- */
  function ensureVisible(i) {
    var notes = [];
    if (state.focus !== null && !shown.nodeIds.has(ND.id[i])) { state.focus = null; }
    if (!passes(i)) { resetFilters(false); notes.push("filtres réinitialisés pour afficher ce nœud"); }
    if (state.aggregate && hasGroups) { state.drill = ND.group[i]; }
    else if (state.drill >= 0 && ND.group[i] !== state.drill) { state.drill = ND.group[i]; }
    render(false);
    return notes;
  }
  function selectNode(i, moveCamera) {
    if (!shown.nodeIds.has(ND.id[i])) { ensureVisible(i); }
    network.selectNodes([ND.id[i]]);
    if (moveCamera) { network.focus(ND.id[i], { scale: Math.max(network.getScale(), 0.9), animation: false }); }
    showCard(i);
  }

  var card = $("eco-card");
  function showCard(i) {
    $("card-title").textContent = ND.label[i];
    $("card-kind").textContent = D.categories[ND.cat[i]].label;
    var dl = $("card-fields");
    dl.textContent = "";
    D.cards[i].forEach(function (f) { dl.appendChild(el("dt", null, f[0])); dl.appendChild(el("dd", null, f[1])); });
    if (isNew[i]) {
      dl.appendChild(el("dt", null, "Évolution"));
      dl.appendChild(el("dd", { "class": "eco-new" }, "nouveau depuis « " + SINCE.label + " »"));
    }
    var site = $("card-site");
    site.textContent = "";
    if (ND.site[i] && /^https?:\/\//i.test(ND.site[i])) {
      site.appendChild(document.createTextNode("Site : "));
      var a = el("a", { href: ND.site[i], target: "_blank", rel: "noopener noreferrer nofollow" }, ND.site[i]);
      site.appendChild(a);
    }
    var links = $("card-links");
    links.textContent = "";
    var byType = new Map();
    for (var a2 = adjStart[i]; a2 < adjStart[i + 1]; a2++) {
      var ed = adjEdge[a2], t = D.edgeTypes[D.edges.type[ed]];
      var out = D.edges.s[ed] === i;
      var label = (out || !t.arrows) ? t.label : t.inverse;
      if (!byType.has(label)) { byType.set(label, []); }
      byType.get(label).push([other(ed, i), ed]);
    }
    if (byType.size === 0) { links.appendChild(el("p", { "class": "eco-note" }, "Aucun lien.")); }
    byType.forEach(function (list, label) {
      links.appendChild(el("h4", null, label + " (" + list.length + ")"));
      var ul = el("ul");
      list.slice(0, 60).forEach(function (pair) {
        var n = pair[0], amount = edgeAmount(pair[1]), dates = edgeDates(pair[1]);
        var li = el("li"), b = el("button", { type: "button" }, ND.label[n]);
        b.addEventListener("click", function () { selectNode(n, true); });
        li.appendChild(b);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("small", null, D.categories[ND.cat[n]].label));
        if ((amount !== null && amount !== undefined) || dates) {
          li.appendChild(el("br"));
          li.appendChild(el("span", { "class": "eco-amount" },
            [amount !== null && amount !== undefined ? euros(amount) : "", dates || ""].filter(Boolean).join(", ")));
        }
        ul.appendChild(li);
      });
      if (list.length > 60) { ul.appendChild(el("li", null, "… et " + (list.length - 60) + " autres")); }
      links.appendChild(ul);
    });
    $("card-radius").value = String(state.radius);
    card.dataset.node = ND.id[i];
    card.hidden = false;
    api.cardNode = ND.id[i];
    api.cardEdge = null;
  }
  function showEdgeCard(e) {
    var t = D.edgeTypes[DE.type[e]];
    $("card-title").textContent = ND.label[DE.s[e]] + (t.arrows ? " → " : " — ") + ND.label[DE.t[e]];
    $("card-kind").textContent = "Lien : " + t.label;
    var dl = $("card-fields");
    dl.textContent = "";
    edgeFields(e).forEach(function (f) { dl.appendChild(el("dt", null, f[0])); dl.appendChild(el("dd", null, f[1])); });
    $("card-site").textContent = "";
    var links = $("card-links");
    links.textContent = "";
    var ul = el("ul");
    [DE.s[e], DE.t[e]].forEach(function (n) {
      var li = el("li"), b = el("button", { type: "button" }, ND.label[n]);
      b.addEventListener("click", function () { selectNode(n, true); });
      li.appendChild(b);
      ul.appendChild(li);
    });
    links.appendChild(ul);
    card.dataset.node = ND.id[DE.s[e]];
    card.hidden = false;
    api.cardNode = null;
    api.cardEdge = e;
  }
  $("card-close").addEventListener("click", function () { card.hidden = true; api.cardNode = null; });
  $("card-focus").addEventListener("click", function () {
    var i = index.get(card.dataset.node);
    if (i !== undefined) { focusOn(i, parseInt($("card-radius").value, 10) || 2); }
  });

  /* ---------- search ---------- */
  var normLabels = null;
  function search(q) {
    q = norm(q).trim();
    if (!q) { return []; }
    if (normLabels === null) {
      normLabels = ND.label.map(norm);
    }
    var starts = [], inside = [];
    for (var k = 0; k < N; k++) {
      var lab = normLabels[k], p = lab.indexOf(q);
      if (p === 0) { starts.push(k); } else if (p > 0 || norm(ND.id[k]).indexOf(q) >= 0) { inside.push(k); }
      if (starts.length >= 50) { break; }
    }
    var byScore = function (a, b) { return ND.score[b] - ND.score[a]; };
    return starts.sort(byScore).concat(inside.sort(byScore)).slice(0, 30);
  }
  var searchBox = $("eco-search"), results = $("eco-results"), timer = null;
  function showResults() {
    var found = search(searchBox.value);
    results.textContent = "";
    if (searchBox.value.trim() && found.length === 0) {
      results.appendChild(el("li", { "class": "eco-note" }, "Aucun nom ne correspond."));
    }
    found.forEach(function (k) {
      var li = el("li"), b = el("button", { type: "button", "data-id": ND.id[k] });
      b.appendChild(el("span", null, ND.label[k]));
      b.appendChild(el("br"));
      b.appendChild(el("small", null, D.categories[ND.cat[k]].label + " · " + ND.id[k]));
      b.addEventListener("click", function () { selectNode(k, true); });
      li.appendChild(b);
      results.appendChild(li);
    });
    api.lastResults = found.map(function (k) { return ND.id[k]; });
  }
  searchBox.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(showResults, 120); });
  searchBox.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      ev.preventDefault();
      clearTimeout(timer);
      showResults();
      var first = search(searchBox.value)[0];
      if (first !== undefined) { selectNode(first, true); }
    }
  });

  /* ---------- filters ---------- */
  function countBy(values) {
    var c = new Map();
    values.forEach(function (v) { c.set(v, (c.get(v) || 0) + 1); });
    return c;
  }
  function swatchNode(cat) {
    var s = svg("svg", { width: 16, height: 16, viewBox: "0 0 16 16", "class": "eco-swatch", "aria-hidden": "true" });
    var attrs = { fill: cat.color, stroke: cat.border, "stroke-width": 1.5 };
    var shape;
    if (cat.shape === "diamond") { attrs.points = "8,1 15,8 8,15 1,8"; shape = svg("polygon", attrs); }
    else if (cat.shape === "triangle") { attrs.points = "8,2 15,14 1,14"; shape = svg("polygon", attrs); }
    else { attrs.cx = 8; attrs.cy = 8; attrs.r = 6; shape = svg("circle", attrs); }
    s.appendChild(shape);
    return s;
  }
  function swatchEdge(t) {
    var s = svg("svg", { width: 36, height: 12, viewBox: "0 0 36 12", "class": "eco-swatch", "aria-hidden": "true" });
    var line = svg("line", { x1: 1, y1: 6, x2: t.arrows ? 28 : 35, y2: 6, stroke: t.color, "stroke-width": t.width });
    if (t.dashes) { line.setAttribute("stroke-dasharray", t.dashes.join(" ")); }
    s.appendChild(line);
    if (t.arrows) { s.appendChild(svg("polygon", { points: "27,2 35,6 27,10", fill: t.color })); }
    return s;
  }
  function checkboxRow(parent, name, k, label, swatch, count, set) {
    var lab = el("label", { "class": "eco-row" });
    var box = el("input", { type: "checkbox", name: name, value: String(k) });
    box.checked = true;
    box.addEventListener("change", function () {
      if (box.checked) { set.add(k); } else { set.delete(k); }
      render(true);
    });
    lab.appendChild(box);
    if (swatch) { lab.appendChild(swatch); }
    lab.appendChild(el("span", null, label));
    if (count !== null) { lab.appendChild(el("span", { "class": "n" }, fmt(count))); }
    parent.appendChild(lab);
  }
  var catCount = countBy(ND.cat), levelCount = countBy(ND.level);
  var edgeCount = countBy(D.edges.type);
  D.categories.forEach(function (c, k) {
    if (catCount.get(k)) { checkboxRow($("f-cat"), "monde", k, c.label, swatchNode(c), catCount.get(k), state.cats); }
  });
  D.levels.forEach(function (l, k) {
    if (levelCount.get(k)) { checkboxRow($("f-level"), "echelon", k, l.label, null, levelCount.get(k), state.levels); }
  });
  D.edgeTypes.forEach(function (t, k) {
    if (edgeCount.get(k)) { checkboxRow($("f-edge"), "lien", k, t.label, swatchEdge(t), edgeCount.get(k), state.edgeTypes); }
  });
  var terrSel = $("f-terr");
  terrSel.appendChild(new Option("Tous les territoires", "-1"));
  var groupsByLevel = new Map();
  D.territories.forEach(function (t, k) {
    if (!groupsByLevel.has(t.levelLabel)) {
      var og = el("optgroup");
      og.label = t.levelLabel;
      groupsByLevel.set(t.levelLabel, og);
      terrSel.appendChild(og);
    }
    groupsByLevel.get(t.levelLabel).appendChild(new Option(t.level === "pays" ? t.name : t.name + " (" + t.code + ")", String(k)));
  });
  terrSel.addEventListener("change", function () {
    state.terr = parseInt(terrSel.value, 10);
    terrAnc = state.terr >= 0 ? new Set(D.territories[state.terr].anc) : null;
    render(true);
  });
  $("f-cover").addEventListener("change", function (ev) { state.cover = ev.target.checked; render(true); });
  var themeSel = $("f-theme");
  themeSel.appendChild(new Option("Tous les thèmes", "-1"));
  var themeCount = new Map();
  ND.themes.forEach(function (ts) { ts.forEach(function (t) { themeCount.set(t, (themeCount.get(t) || 0) + 1); }); });
  D.themes.forEach(function (t, k) {
    themeSel.appendChild(new Option(t.label + " (" + fmt(themeCount.get(k) || 0) + ")", String(k)));
  });
  themeSel.addEventListener("change", function () { state.theme = parseInt(themeSel.value, 10); render(true); });
  function resetFilters(redraw) {
    /* the sets are refilled in place: the checkboxes' handlers hold them */
    D.categories.forEach(function (_, k) { state.cats.add(k); });
    D.levels.forEach(function (_, k) { state.levels.add(k); });
    D.edgeTypes.forEach(function (_, k) { state.edgeTypes.add(k); });
    state.terr = -1; state.theme = -1; state.cover = false; terrAnc = null;
    document.querySelectorAll(".eco-side input[type=checkbox]").forEach(function (b) { b.checked = b.id !== "f-cover"; });
    terrSel.value = "-1"; themeSel.value = "-1";
    resetPeriod();
    if (redraw !== false) { render(true); }
  }
  $("f-reset").addEventListener("click", function () { resetFilters(true); });

  /* the period inputs (shown only when some relation is dated): two year boxes and a two-thumb slider (début,
     fin) over the years of the relations, kept in step; the slider redraws while it is dragged */
  var periodFrom = $("f-from"), periodTo = $("f-to"), rangeFrom = $("f-from-range"), rangeTo = $("f-to-range");
  var periodTimer = null;
  function showPeriod(boxes) {
    /* the boxes keep what was typed (a year past the data's is allowed); the slider shows it clamped */
    rangeFrom.value = String(state.period[0]); rangeTo.value = String(state.period[1]);
    if (boxes) { periodFrom.value = String(state.period[0]); periodTo.value = String(state.period[1]); }
    $("f-period-value").textContent = state.period[0] === state.period[1] ? "année " + state.period[0] :
      "de " + state.period[0] + " à " + state.period[1];
  }
  function resetPeriod() {
    if (!hasDates) { return; }
    state.period = [yearMin, yearMax];
    showPeriod(true);
  }
  function periodChanged() {
    var a = parseInt(periodFrom.value, 10), b = parseInt(periodTo.value, 10);
    if (isNaN(a)) { a = yearMin; }
    if (isNaN(b)) { b = yearMax; }
    state.period = [Math.min(a, b), Math.max(a, b)];
    showPeriod();
    render(false);
  }
  function sliderMoved(ev) {
    /* the thumb dragged pushes the other one: début never passes fin */
    var a = parseInt(rangeFrom.value, 10), b = parseInt(rangeTo.value, 10);
    if (a > b) { if (ev.target === rangeFrom) { b = a; } else { a = b; } }
    state.period = [a, b];
    showPeriod(true);
    clearTimeout(periodTimer);
    periodTimer = setTimeout(function () { render(false); }, ev.type === "change" ? 0 : 40);
  }
  if (hasDates) {
    $("f-period").hidden = false;
    [periodFrom, periodTo, rangeFrom, rangeTo].forEach(function (box) {
      box.min = String(yearMin); box.max = String(yearMax);
    });
    [periodFrom, periodTo].forEach(function (box) { box.addEventListener("change", periodChanged); });
    [rangeFrom, rangeTo].forEach(function (r) {
      r.addEventListener("input", sliderMoved);
      r.addEventListener("change", sliderMoved);
    });
    resetPeriod();
    $("f-period-note").textContent = "Liens datés de " + yearMin + " à " + yearMax + ". " +
      (undated ? fmt(undated) + (undated > 1 ? " liens sans date restent" : " lien sans date reste") +
       " toujours affiché" + (undated > 1 ? "s." : ".") : "Tous les liens sont datés.");
  }

  /* ---------- legend ---------- */
  var legend = $("eco-legend");
  D.categories.forEach(function (c, k) {
    if (!catCount.get(k)) { return; }
    var row = el("div", { "class": "eco-row" });
    row.appendChild(swatchNode(c));
    row.appendChild(el("span", null, c.label));
    legend.appendChild(row);
  });
  D.edgeTypes.forEach(function (t, k) {
    if (!edgeCount.get(k)) { return; }
    var row = el("div", { "class": "eco-row" });
    row.appendChild(swatchEdge(t));
    row.appendChild(el("span", null, t.label + (t.arrows ? "" : " (sans orientation)")));
    legend.appendChild(row);
  });
  if (SINCE) {
    var newCount = isNew.reduce(function (a, b) { return a + b; }, 0);
    $("eco-since-box").hidden = false;
    $("eco-since-title").textContent = "Changements depuis « " + SINCE.label + " »";
    $("eco-since-note").textContent = fmt(newCount) + (newCount > 1 ? " nouveaux acteurs" : " nouvel acteur") +
      " (anneau vert), " + fmt(SINCE.gone.length) + (SINCE.gone.length > 1 ? " disparus" : " disparu") +
      (SINCE.renamed.length ? ", " + fmt(SINCE.renamed.length) + " renommé(s) (comptés comme le même acteur)" : "") + ".";
    var goneList = $("eco-gone");
    SINCE.gone.forEach(function (g) { goneList.appendChild(el("li", { "data-id": g[0] }, g[1] + " (" + g[0] + ")")); });
    if (!SINCE.gone.length) { goneList.appendChild(el("li", null, "aucun")); }
    var ring = el("div", { "class": "eco-row" });
    var sw = svg("svg", { width: 18, height: 18, "aria-hidden": "true" });
    sw.appendChild(svg("circle", { cx: 9, cy: 9, r: 6, fill: "#ffffff", stroke: NEW_RING, "stroke-width": 3 }));
    ring.appendChild(sw);
    ring.appendChild(el("span", null, "nouveau depuis « " + SINCE.label + " »"));
    legend.appendChild(ring);
  }
  legend.appendChild(el("p", { "class": "eco-note" }, "Taille d'un nœud : son importance, mesurée par " +
    M.importanceLabel + "."));
  if (hasGroups) {
    legend.appendChild(el("p", { "class": "eco-note" }, "Vue agrégée : un disque par " + M.aggregateLabel +
      ", de taille croissante avec le nombre de nœuds, coloré selon le monde le plus représenté ; l'épaisseur " +
      "d'un lien croît avec le nombre de liens entre les deux groupes."));
  }

  /* ---------- who finances whom: the financing links, largest amounts first ---------- */
  (function () {
    var fin = [], total = 0, known = 0;
    for (var f = 0; f < E; f++) {
      if (D.edgeTypes[DE.type[f]].key === "financement") {
        fin.push(f);
        var am = edgeAmount(f);
        if (am !== null && am !== undefined) { total += am; known++; }
      }
    }
    if (fin.length === 0) { return; }
    fin.sort(function (a, b) { return (edgeAmount(b) || 0) - (edgeAmount(a) || 0) || a - b; });
    $("eco-finance-total").textContent = fmt(fin.length) + " financement(s)" +
      (known ? ", " + euros(total) + " au total pour les " + fmt(known) + " dont le montant est connu" : "") +
      (fin.length > 20 ? " ; les 20 plus importants :" : " :");
    var ol = $("eco-finance");
    fin.slice(0, 20).forEach(function (f) {
      var li = el("li"), b = el("button", { type: "button", "data-edge": String(f) },
        ND.label[DE.s[f]] + " → " + ND.label[DE.t[f]]);
      b.addEventListener("click", function () { showEdgeCard(f); });
      li.appendChild(b);
      var am = edgeAmount(f);
      if (am !== null && am !== undefined) { li.appendChild(document.createTextNode(" : " + euros(am))); }
      ol.appendChild(li);
    });
    $("eco-finance-box").hidden = false;
  })();

  /* ---------- header ---------- */
  var c = M.counts;
  $("eco-counts").textContent = fmt(c.acteurs) + " acteurs, " + fmt(c.programmes) + " programmes, " +
    fmt(c.besoins) + " besoins, " + fmt(c.liens) + " liens.";

  /* ---------- export: the current view as a PNG image (title and fictional mention included) ---------- */
  function viewCanvas() {
    /* a band on top for the title (and the fictional mention), then the view as drawn */
    var c = container.querySelector("canvas"), out = document.createElement("canvas");
    var sub = $("eco-subtitle") ? $("eco-subtitle").textContent : "", logo = $("eco-logo");
    if (logo && !(logo.complete && logo.naturalWidth && /^data:image\/(png|jpeg)/.test(logo.src))) { logo = null; }
    var bandCss = Math.max(28 + (sub ? 18 : 0) + (M.fictional ? 18 : 0), logo ? 52 : 0);
    var ratio = c.width / Math.max(1, c.clientWidth), band = Math.round(bandCss * ratio);
    out.width = c.width;
    out.height = c.height + band;
    var x = out.getContext("2d");
    x.fillStyle = "#ffffff";
    x.fillRect(0, 0, out.width, out.height);
    x.drawImage(c, 0, band);
    x.setTransform(ratio, 0, 0, ratio, 0, 0);
    x.textBaseline = "top";
    x.font = "bold 14px " + LABEL_FONT;
    x.fillStyle = "#1d1d1b";
    x.fillText(M.title, 8, 7);
    if (sub) {
      x.font = "13px " + LABEL_FONT;
      x.fillStyle = "#333333";
      x.fillText(sub, 8, 26);
      x.font = "bold 14px " + LABEL_FONT;
    }
    if (M.fictional) {
      x.fillStyle = "#7a5c00";
      x.fillText("DONNÉES FICTIVES", 8, sub ? 44 : 26);
    }
    if (logo) {
      var lh = 44, lw = lh * logo.naturalWidth / logo.naturalHeight;
      x.drawImage(logo, c.clientWidth - lw - 8, 4, lw, lh);
    }
    return out;
  }
  function viewPng(callback) { viewCanvas().toBlob(callback, "image/png"); }
  /* printing: the live canvas does not print reliably; an image of the current view takes its place */
  var printCopy = null;
  window.addEventListener("beforeprint", function () {
    if (printCopy !== null) { printCopy.remove(); }
    printCopy = viewCanvas();
    printCopy.className = "eco-print";
    printCopy.setAttribute("role", "img");
    printCopy.setAttribute("aria-label", "Vue de la carte au moment de l'impression");
    container.parentNode.appendChild(printCopy);
    api.printed = (api.printed || 0) + 1;
  });
  function fileName() {
    return (norm(M.title).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "carte") + ".png";
  }
  $("eco-png").addEventListener("click", function () {
    viewPng(function (blob) {
      api.lastPngBytes = blob.size;
      var a = el("a", { href: URL.createObjectURL(blob), download: fileName() });
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 2000);
    });
  });

  /* ---------- public API (tests, benchmark, console) ---------- */
  api.visibleIds = function () { return nodesDS.getIds(); };
  /* [source id, target id, type key] of each edge drawn */
  api.visibleEdges = function () {
    return edgesDS.getIds().filter(function (e) { return typeof e === "number"; }).map(function (e) {
      return [ND.id[DE.s[e]], ND.id[DE.t[e]], D.edgeTypes[DE.type[e]].key];
    });
  };
  api.period = function () { return state.period; };
  api.newIds = function () { var out = []; for (var k = 0; k < N; k++) { if (isNew[k]) { out.push(ND.id[k]); } } return out; };
  api.search = function (q) { return search(q).map(function (k) { return ND.id[k]; }); };
  api.select = function (id) { if (index.has(id)) { selectNode(index.get(id), true); } };
  api.focus = function (id, r) { if (index.has(id)) { focusOn(index.get(id), r); } };
  api.clearFocus = clearFocus;
  api.showEdge = function (e) { showEdgeCard(e); };
  api.domPosition = function (id) {
    var p = network.getPosition(id), d = network.canvasToDOM(p), r = container.getBoundingClientRect();
    return { x: d.x + r.left, y: d.y + r.top };
  };
  /* the names drawn now, in page coordinates (CSS pixels): what a reader sees */
  api.labels = function () {
    var r = container.getBoundingClientRect();
    return drawnLabels.map(function (l) {
      return { id: l.id, text: l.text, px: l.px, x: l.x + r.left, y: l.y + r.top, w: l.w, h: l.h };
    });
  };
  api.showAll = function () { state.aggregate = false; state.drill = -1; state.focus = null; render(true); };

  /* ---------- first view: URL (#centre=ID&rayon=2&vue=detail) then command-line focus ---------- */
  var params = new URLSearchParams(location.hash.replace(/^#/, ""));
  var vue = params.get("vue");
  if (vue === "detail" || vue === "détail") { state.aggregate = false; }
  if (vue === "agregee" || vue === "agrégée") { state.aggregate = hasGroups; }
  var centre = params.get("centre") || M.centre;
  if (params.get("rayon") !== null) { state.radius = Math.max(0, Math.min(10, parseInt(params.get("rayon"), 10) || 0)); }
  var unknownCentre = centre && !index.has(centre);
  if (centre && index.has(centre)) { state.focus = index.get(centre); }
  timings.indexed = performance.now();
  render(false);
  timings.dataSets = performance.now();
  network = new vis.Network(container, { nodes: nodesDS, edges: edgesDS }, options);
  timings.network = performance.now();
  api.network = network;
  var waitingDraw = !physicsOn;
  network.on("afterDrawing", function (ctx) {
    drawLabels(ctx);
    if (api.firstDrawMs === null) { api.firstDrawMs = performance.now(); }
    if (waitingDraw && !api.ready) {
      waitingDraw = false;
      api.stableMs = performance.now();
      api.ready = true;
      document.body.setAttribute("data-ready", "1");
    }
  });
  function freeze() {
    if (!physicsOn) { return; }
    physicsOn = false;
    var p = network.getPositions();
    for (var id in p) { if (index.has(id)) { var k = index.get(id); X[k] = p[id].x; Y[k] = p[id].y; } }
    network.setOptions({ physics: false });
    waitingDraw = true;
    network.redraw();
  }
  network.on("stabilizationIterationsDone", freeze);
  network.on("stabilized", freeze);
  network.on("dragEnd", function (p) {
    if (state.focus !== null) { return; } /* the neighbourhood's own layout is not the map's */
    (p.nodes || []).forEach(function (id) {
      if (index.has(id)) { var pos = network.getPosition(id); X[index.get(id)] = pos.x; Y[index.get(id)] = pos.y; }
    });
  });

  network.on("click", function (p) {
    if ((!p.nodes || p.nodes.length === 0) && p.edges && p.edges.length === 1 && typeof p.edges[0] === "number") {
      showEdgeCard(p.edges[0]);
      return;
    }
    if (!p.nodes || p.nodes.length === 0) { return; }
    var id = String(p.nodes[0]);
    if (id.indexOf(GROUP_PREFIX) === 0) {
      state.drill = parseInt(id.slice(GROUP_PREFIX.length), 10);
      render(true);
      return;
    }
    if (index.has(id)) { showCard(index.get(id)); }
  });
  network.on("doubleClick", function (p) {
    if (!p.nodes || p.nodes.length === 0) { return; }
    var id = String(p.nodes[0]);
    if (index.has(id)) { focusOn(index.get(id)); }
  });

  if (!physicsOn) { network.fit({ animation: false }); }
  if (state.focus !== null) { network.selectNodes([ND.id[state.focus]]); showCard(state.focus); }
  if (unknownCentre) { $("eco-status-text").textContent = "Identifiant inconnu : « " + centre + " » ; carte entière affichée."; }
  window.addEventListener("hashchange", function () {
    var p = new URLSearchParams(location.hash.replace(/^#/, ""));
    var id = p.get("centre");
    if (id && index.has(id)) { focusOn(index.get(id), p.get("rayon") !== null ? parseInt(p.get("rayon"), 10) : undefined); }
  });
})();
