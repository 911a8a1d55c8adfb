/* ecosysteme: the map's current view as an SVG image (vector, editable, sharp at any size).
   vis-network draws on a canvas; the SVG is rebuilt from what the page knows of the view: the nodes and edges
   shown with their positions and styles, and the names the page placed (window.ecoMap.labels()). Header: title,
   subtitle, fictional mention and logo, as on the page. Every string becomes an SVG text node (textContent);
   nothing is parsed as markup. Loaded after _map.js. */
(function () {
  "use strict";
  var api = window.ecoMap;
  var button = document.getElementById("eco-svg");
  if (!api || !button) { return; }
  var SVGNS = "http://www.w3.org/2000/svg", XLINK = "http://www.w3.org/1999/xlink";
  var FONT = "system-ui, -apple-system, \"Segoe UI\", Roboto, Arial, sans-serif";

  function node(tag, attrs, text) {
    var e = document.createElementNS(SVGNS, tag);
    for (var k in attrs) {
      if (Object.prototype.hasOwnProperty.call(attrs, k) && attrs[k] !== null && attrs[k] !== undefined) {
        e.setAttribute(k, String(attrs[k]));
      }
    }
    if (text !== undefined) { e.textContent = String(text); }
    return e;
  }
  function r1(v) { return Math.round(v * 10) / 10; }
  function colourOf(c, fallback) {
    if (!c) { return fallback; }
    if (typeof c === "string") { return c; }
    return c.background || c.color || fallback;
  }
  function dashArray(d) {
    if (!d) { return null; }
    return Array.isArray(d) ? d.join(" ") : "6 4";
  }
  function shape(kind, x, y, r, attrs) {
    var pts = null;
    if (kind === "square") {
      attrs.x = r1(x - r); attrs.y = r1(y - r); attrs.width = r1(2 * r); attrs.height = r1(2 * r);
      return node("rect", attrs);
    }
    if (kind === "diamond") { pts = [[x, y - r], [x + r, y], [x, y + r], [x - r, y]]; }
    if (kind === "triangle") { pts = [[x, y - r], [x + r * 0.87, y + r / 2], [x - r * 0.87, y + r / 2]]; }
    if (kind === "triangleDown") { pts = [[x, y + r], [x + r * 0.87, y - r / 2], [x - r * 0.87, y - r / 2]]; }
    if (pts) {
      attrs.points = pts.map(function (p) { return r1(p[0]) + "," + r1(p[1]); }).join(" ");
      return node("polygon", attrs);
    }
    attrs.cx = r1(x); attrs.cy = r1(y); attrs.r = r1(Math.max(r, 1));
    return node("circle", attrs);
  }

  /* the SVG document of the view as drawn now */
  function svgView() {
    var network = api.network, container = document.getElementById("eco-network");
    var W = container.clientWidth, H = container.clientHeight, rect = container.getBoundingClientRect();
    var scale = network.getScale(), body = network.body;
    var title = document.getElementById("eco-title").textContent;
    var subEl = document.getElementById("eco-subtitle"), sub = subEl ? subEl.textContent : "";
    var logo = document.getElementById("eco-logo"), fictional = document.getElementById("eco-fictif") !== null;
    var band = Math.max(28 + (sub ? 18 : 0) + (fictional ? 18 : 0), logo ? 52 : 0);

    var root = node("svg", { width: W, height: H + band,
                             viewBox: "0 0 " + W + " " + (H + band), "font-family": FONT });
    root.appendChild(node("title", {}, title));
    root.appendChild(node("rect", { x: 0, y: 0, width: W, height: H + band, fill: "#ffffff" }));
    root.appendChild(node("text", { x: 8, y: 21, "font-size": 14, "font-weight": "bold", fill: "#1d1d1b",
                                    "class": "eco-svg-title" }, title));
    var y = 21;
    if (sub) { y += 18; root.appendChild(node("text", { x: 8, y: y, "font-size": 13, fill: "#333333", "class": "eco-svg-subtitle" }, sub)); }
    if (fictional) {
      y += 18;
      root.appendChild(node("text", { x: 8, y: y, "font-size": 14, "font-weight": "bold", fill: "#7a5c00" },
                            "DONNÉES FICTIVES"));
    }
    if (logo) {
      var lh = 44, lw = logo.naturalHeight ? lh * logo.naturalWidth / logo.naturalHeight : lh;
      var img = node("image", { x: r1(W - lw - 8), y: 4, width: r1(lw), height: lh, "class": "eco-svg-logo" });
      img.setAttribute("href", logo.src);
      img.setAttributeNS(XLINK, "xlink:href", logo.src);
      root.appendChild(img);
    }
    var defs = node("defs", {});
    var clip = node("clipPath", { id: "eco-vue" });
    clip.appendChild(node("rect", { x: 0, y: 0, width: W, height: H }));
    defs.appendChild(clip);
    root.appendChild(defs);
    var view = node("g", { transform: "translate(0," + band + ")", "clip-path": "url(#eco-vue)" });
    root.appendChild(view);

    function at(b) { return network.canvasToDOM({ x: b.x, y: b.y }); }
    var edges = node("g", { "class": "eco-svg-edges", fill: "none" });
    body.edgeIndices.forEach(function (id) {
      var e = body.edges[id];
      if (!e || !e.from || !e.to) { return; }
      var o = e.options, a = at(e.from), b = at(e.to), c = colourOf(o.color, "#888888");
      var w = Math.max(0.5, (o.width || 1) * Math.min(1, Math.max(scale, 0.3)));
      edges.appendChild(node("line", { x1: r1(a.x), y1: r1(a.y), x2: r1(b.x), y2: r1(b.y), stroke: c,
                                       "stroke-width": r1(w), "stroke-opacity": o.color && o.color.opacity,
                                       "stroke-dasharray": dashArray(o.dashes) }));
      if (o.arrows && o.arrows.to && o.arrows.to.enabled) {
        var dx = b.x - a.x, dy = b.y - a.y, len = Math.sqrt(dx * dx + dy * dy) || 1, ux = dx / len, uy = dy / len;
        var r = (e.to.options.size || 10) * scale, s = 4 + 2 * w, tx = b.x - ux * r, ty = b.y - uy * r;
        var pts = [[tx, ty], [tx - ux * s * 1.6 - uy * s * 0.7, ty - uy * s * 1.6 + ux * s * 0.7],
                   [tx - ux * s * 1.6 + uy * s * 0.7, ty - uy * s * 1.6 - ux * s * 0.7]];
        edges.appendChild(node("polygon", { points: pts.map(function (p) { return r1(p[0]) + "," + r1(p[1]); }).join(" "),
                                            fill: c, stroke: "none" }));
      }
    });
    view.appendChild(edges);

    var nodes = node("g", { "class": "eco-svg-nodes" });
    body.nodeIndices.forEach(function (id) {
      var n = body.nodes[id];
      if (!n) { return; }
      var o = n.options, p = at(n), r = (o.size || 10) * scale;
      if (p.x < -r || p.y < -r || p.x > W + r || p.y > H + r) { return; }
      var attrs = { fill: colourOf(o.color, "#cccccc"), stroke: (o.color && o.color.border) || "#555555",
                    "stroke-width": o.borderWidth || 1, "fill-opacity": o.opacity, "data-id": id };
      if (o.shape === "custom") { attrs.fill = "#d9d9d9"; }
      var drawn = shape(o.shape, p.x, p.y, r, attrs);
      drawn.appendChild(node("title", {}, id));
      nodes.appendChild(drawn);
    });
    view.appendChild(nodes);

    var labels = node("g", { "class": "eco-svg-labels", "paint-order": "stroke", stroke: "#ffffff",
                             "stroke-width": 3, "stroke-linejoin": "round" });
    api.labels().forEach(function (l) {
      labels.appendChild(node("text", { x: r1(l.x - rect.left + 2), y: r1(l.y - rect.top + l.h / 2),
                                        "dominant-baseline": "central", "font-size": l.px, fill: "#1d1d1b",
                                        "data-id": l.id }, l.text));
    });
    view.appendChild(labels);
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(root);
  }

  function fileName() {
    var t = document.getElementById("eco-title").textContent.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    return (t.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "carte") + ".svg";
  }
  api.svgView = svgView;
  button.addEventListener("click", function () {
    var text = svgView(), blob = new Blob([text], { type: "image/svg+xml" });
    api.lastSvgBytes = blob.size;
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = fileName();
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 2000);
  });
})();
