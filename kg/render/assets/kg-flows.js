/* alliance-kg flows page: draws the loops in <script id="kg-data" type="application/json">
 * with vis-network, arrows from payer to payee. Every text goes through textContent; only
 * http(s) links become href. Globals for tests: network, nodes, edges, kgReady. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("kg-data").textContent);

  var el = window.kgDom.el, linkOrText = window.kgDom.linkOrText;

  function arrowTip(e) {
    var box = el("div", null, "kg-tip");
    box.appendChild(el("div", e.kind.replace("_", " ") + ": " + e.from + " → " + e.to, "kg-tip-kind"));
    box.appendChild(el("div", "Status: " + e.status + (e.date ? " (" + e.date + ")" : "")));
    if (e.amount) box.appendChild(el("div", "Amount: " + e.amount + (e.usdText ? " (" + e.usdText + ")" : "")));
    if (e.conversion) box.appendChild(el("div", e.conversion, "muted"));
    if (e.evidence) box.appendChild(el("blockquote", e.evidence, "kg-evidence"));
    if (e.source) {
      var src = el("div", "Source: ");
      src.appendChild(linkOrText(e.sourceUrl, e.source));
      box.appendChild(src);
    }
    return box;
  }

  window.nodes = new vis.DataSet(data.nodes.map(function (n) {
    return { id: n.id, label: n.label, x: n.x, y: n.y, url: n.url, shape: "dot", size: 14 };
  }));
  window.edges = new vis.DataSet(data.edges.map(function (e) {
    var look = window.kgDom.edgeLook(data.phaseLooks, e.phase, e.color);
    return {
      id: e.id, from: e.from, to: e.to, title: arrowTip(e), label: e.usdText || e.amount || "",
      arrows: { to: { enabled: true, scaleFactor: 0.8 } },
      color: look.color,
      dashes: look.dashes,
      smooth: { enabled: true, type: "curvedCW", roundness: 0.15 },
      width: 2, raw: e
    };
  }));

  var container = document.getElementById("network");
  window.network = new vis.Network(container, { nodes: window.nodes, edges: window.edges }, {
    physics: { enabled: false },
    interaction: { hover: true, tooltipDelay: 120 },
    nodes: { font: { size: 14, face: "sans-serif" } },
    edges: { font: { size: 12, align: "middle" } },
    layout: { improvedLayout: false }
  });
  window.kgReady = false;
  window.network.once("afterDrawing", function () {
    window.kgReady = true;
    document.body.setAttribute("data-ready", "true");
  });
  window.network.redraw();
  window.network.on("click", function (params) {
    if (params.nodes.length) {
      var n = window.nodes.get(params.nodes[0]);
      if (n && n.url) window.location.href = n.url;
    }
  });
})();
