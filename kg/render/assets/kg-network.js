/* alliance-kg network pages: draws the payload in <script id="kg-data" type="application/json">
 * with vis-network. No HTML is ever built from data: every text goes through textContent,
 * and only http(s) links become href. Globals kept for tests and users: network, nodes,
 * edges (full DataSets), nodesView, edgesView (what is drawn), kgFilters, kgReady. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var container = document.getElementById("network");
  var isIndex = document.body.getAttribute("data-page") === "index";

  var el = window.kgDom.el, linkOrText = window.kgDom.linkOrText;

  function money(value, currency) {
    if (value === null || value === undefined) return null;
    var n = Number(value);
    var s = n >= 1e9 ? (n / 1e9).toFixed(n % 1e9 ? 1 : 0) + " billion" : n >= 1e6 ? (n / 1e6).toFixed(n % 1e6 ? 1 : 0) + " million" : String(n);
    return s + " " + (currency || "");
  }

  /* The edge's tooltip and panel; with ``state`` (a timeline entry [date, status, phase]) and
   * ``day``, the status it had that day instead of today's. */
  function edgeDetails(e, state, day) {
    var box = el("div", null, "kg-tip");
    box.appendChild(el("div", e.kind.replace("_", " "), "kg-tip-kind"));
    if (state) {
      box.appendChild(el("div", "Status on " + day + ": " + state[1] + " (since " + state[0] + ")"));
      box.appendChild(el("div", "Status today: " + e.status));
    } else {
      box.appendChild(el("div", "Status: " + e.status + (e.statusDate ? " (" + e.statusDate + ")" : "")));
    }
    var parties = e.parties.map(function (p) { return p[1] ? p[0] + " (" + p[1] + ")" : p[0]; });
    box.appendChild(el("div", "Parties: " + parties.join(", ")));
    var amount = money(e.amount, e.currency);
    if (amount) box.appendChild(el("div", "Amount: " + amount));
    box.appendChild(el("div", "Sources: " + e.nSources));
    if (e.evidence) {
      var q = el("blockquote", e.evidence, "kg-evidence");
      box.appendChild(q);
      var src = el("div", "Source: ");
      src.appendChild(linkOrText(e.evidenceUrl, e.evidenceSource || "article"));
      box.appendChild(src);
    }
    return box;
  }

  function nodeTip(n) {
    var box = el("div", null, "kg-tip");
    box.appendChild(el("div", n.label, "kg-tip-kind"));
    box.appendChild(el("div", "Sector: " + n.sector + (n.country ? " · " + n.country : "")));
    box.appendChild(el("div", "Partners: " + n.degree + " · community " + n.community));
    return box;
  }

  var colourBy = "community";
  function nodeColour(n) {
    var table = colourBy === "sector" ? data.sectorColors : data.communityColors;
    var key = colourBy === "sector" ? n.sector : String(n.community);
    return table[key] || data.otherColor;
  }

  function nodeItem(n) {
    var item = {
      id: n.id, label: n.label, title: nodeTip(n), value: n.pagerank, color: nodeColour(n),
      url: n.url, sector: n.sector, community: n.community, degree: n.degree, x: n.x, y: n.y
    };
    if (data.focus === n.id) { item.borderWidth = 4; item.font = { size: 18, bold: true }; }
    return item;
  }

  function edgeLook(phase, colour) {
    return window.kgDom.edgeLook(data.phaseLooks, phase, colour);
  }

  var pairCount = {};
  function edgeItem(e) {
    var pair = e.from < e.to ? e.from + "\u0000" + e.to : e.to + "\u0000" + e.from;
    var nth = pairCount[pair] = (pairCount[pair] || 0) + 1;
    var smooth = nth === 1 ? false : { enabled: true, type: nth % 2 ? "curvedCW" : "curvedCCW", roundness: 0.18 * Math.floor(nth / 2) };
    return {
      smooth: smooth,
      id: e.id, from: e.from, to: e.to, title: edgeDetails(e),
      color: edgeLook(e.phase, e.color).color,
      dashes: edgeLook(e.phase, e.color).dashes,
      width: 1 + Math.min(e.nSources, 5) * 0.6,
      kind: e.kind, status: e.status, phase: e.phase, nSources: e.nSources,
      firstYear: e.firstYear, lastYear: e.lastYear, raw: e
    };
  }

  var filters = {
    kinds: new Set(Object.keys(data.kindColors)),
    statuses: new Set(data.statuses),
    from: data.years ? data.years[0] : null,
    to: data.years ? data.years[1] : null,
    undated: true,
    asOf: null,
    minSources: 1,
    hideIsolated: isIndex
  };
  var visibleDegree = {};

  function stateAt(e, day) {
    var state = null;
    (e.raw.timeline || []).forEach(function (t) { if (t[0] <= day) state = t; });
    return state;
  }

  function edgeVisible(e) {
    if (filters.asOf) {
      var state = stateAt(e, filters.asOf);
      if (!state || !filters.kinds.has(e.kind) || !filters.statuses.has(state[1])) return false;
      return e.nSources >= filters.minSources;
    }
    if (!filters.kinds.has(e.kind) || !filters.statuses.has(e.status)) return false;
    if (e.nSources < filters.minSources) return false;
    if (e.firstYear === null || e.firstYear === undefined) return filters.undated;
    if (filters.from !== null && e.lastYear < filters.from) return false;
    if (filters.to !== null && e.firstYear > filters.to) return false;
    return true;
  }

  function nodeVisible(n) {
    return !filters.hideIsolated || (visibleDegree[n.id] || 0) > 0 || n.id === data.focus;
  }

  window.nodes = new vis.DataSet(data.nodes.map(nodeItem));
  window.edges = new vis.DataSet(data.edges.map(edgeItem));

  function countDegrees() {
    visibleDegree = {};
    window.edges.forEach(function (e) {
      if (edgeVisible(e)) {
        visibleDegree[e.from] = (visibleDegree[e.from] || 0) + 1;
        visibleDegree[e.to] = (visibleDegree[e.to] || 0) + 1;
      }
    });
  }
  countDegrees();
  window.nodesView = new vis.DataView(window.nodes, { filter: nodeVisible });
  window.edgesView = new vis.DataView(window.edges, { filter: edgeVisible });

  var options = {
    autoResize: true,
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: data.nodes.length > 1500 },
    nodes: { shape: "dot", scaling: { min: 8, max: 42 }, font: { size: 14, face: "sans-serif" } },
    edges: { smooth: false, selectionWidth: 2 },
    physics: { enabled: false },  /* positions come precomputed (kg/render/layout.py) */
    layout: { improvedLayout: false }
  };

  window.network = new vis.Network(container, { nodes: window.nodesView, edges: window.edgesView }, options);
  window.kgReady = false;

  window.network.once("afterDrawing", function () {
    window.kgReady = true;
    window.kgReadyAt = performance.now();
    document.body.setAttribute("data-ready", "true");
  });
  window.network.redraw();
  if (data.focus) {
    window.network.once("afterDrawing", function () {
      window.network.selectNodes([data.focus]);
    });
  }

  var details = document.getElementById("details");
  function showDetails(node) {
    if (!details) return;
    while (details.firstChild) details.removeChild(details.firstChild);
    if (node) details.appendChild(node);
  }

  window.network.on("click", function (params) {
    if (params.nodes.length) {
      var n = window.nodes.get(params.nodes[0]);
      if (n && n.url && n.id !== data.focus) window.location.href = n.url;
      return;
    }
    if (params.edges.length) {
      var e = window.edges.get(params.edges[0]);
      if (e) {
        var box = filters.asOf ? edgeDetails(e.raw, stateAt(e, filters.asOf), filters.asOf) : edgeDetails(e.raw);
        var all = el("div", "All sources:", "kg-sources");
        var list = el("ul");
        e.raw.sources.forEach(function (s) {
          var li = el("li");
          li.appendChild(linkOrText(s.url, s.text));
          list.appendChild(li);
        });
        all.appendChild(list);
        box.appendChild(all);
        showDetails(box);
      }
    }
  });

  var counter = document.getElementById("shown");
  function refresh() {
    countDegrees();
    window.edgesView.refresh();
    window.nodesView.refresh();
    if (counter) counter.textContent = window.nodesView.length + " companies, " + window.edgesView.length + " agreement edges shown";
  }
  window.kgFilters = filters;
  window.kgRefresh = refresh;

  function bindSet(selector, set) {
    document.querySelectorAll(selector).forEach(function (box) {
      box.addEventListener("change", function () {
        if (box.checked) set.add(box.value); else set.delete(box.value);
        refresh();
      });
    });
  }
  bindSet("input.kg-kind", filters.kinds);
  bindSet("input.kg-status", filters.statuses);

  var from = document.getElementById("year-from");
  var to = document.getElementById("year-to");
  var yearLabel = document.getElementById("year-label");
  function onYears() {
    var a = Number(from.value), b = Number(to.value);
    filters.from = Math.min(a, b);
    filters.to = Math.max(a, b);
    if (yearLabel) yearLabel.textContent = filters.from + " – " + filters.to;
    refresh();
  }
  if (from && to) { from.addEventListener("input", onYears); to.addEventListener("input", onYears); }
  var undated = document.getElementById("undated");
  if (undated) undated.addEventListener("change", function () { filters.undated = undated.checked; refresh(); });
  var minSources = document.getElementById("min-sources");
  var minLabel = document.getElementById("min-sources-label");
  if (minSources) minSources.addEventListener("input", function () {
    filters.minSources = Number(minSources.value);
    if (minLabel) minLabel.textContent = String(filters.minSources);
    refresh();
  });

  /* Replay: the network as of a day. Each edge appears with its first dated claim, is
   * dashed while its status that day is rumored/negotiating, solid once agreed, faded once
   * terminated or blocked. kgReplay(null) returns to the current statuses. */
  function dayOf(offset) {
    var start = Date.parse(data.days[0] + "T00:00:00Z");
    return new Date(start + offset * 86400000).toISOString().slice(0, 10);
  }
  var replay = document.getElementById("replay");
  var replayLabel = document.getElementById("replay-label");
  function offsetOf(day) {
    return Math.round((Date.parse(day + "T00:00:00Z") - Date.parse(data.days[0] + "T00:00:00Z")) / 86400000);
  }
  function replayTo(day) {
    filters.asOf = day;
    if (replay && data.days) replay.value = String(day ? Math.max(0, Math.min(offsetOf(day), Number(replay.max) - 1)) : replay.max);
    var updates = [];
    window.edges.forEach(function (e) {
      var state = day ? stateAt(e, day) : null;
      var phase = state ? state[2] : e.raw.phase;
      var look = edgeLook(phase, e.raw.color);
      updates.push({
        id: e.id, color: look.color, dashes: look.dashes, phaseShown: phase,
        statusShown: state ? state[1] : e.raw.status, title: state ? edgeDetails(e.raw, state, day) : edgeDetails(e.raw)
      });
    });
    window.edges.update(updates);
    if (replayLabel) replayLabel.textContent = day || "today (current statuses)";
    refresh();
  }
  window.kgReplay = replayTo;
  var playing = null;
  var play = document.getElementById("replay-play");
  function stopPlay() {
    if (playing !== null) { window.clearInterval(playing); playing = null; }
    if (play) play.textContent = "Play";
  }
  if (replay && data.days) {
    replay.addEventListener("input", function () {
      var offset = Number(replay.value);
      replayTo(offset >= Number(replay.max) ? null : dayOf(offset));
    });
    if (play) play.addEventListener("click", function () {
      if (playing !== null) { stopPlay(); return; }
      if (Number(replay.value) >= Number(replay.max)) replay.value = "0";
      play.textContent = "Pause";
      var step = Math.max(1, Math.round(Number(replay.max) / 80));
      playing = window.setInterval(function () {
        var next = Math.min(Number(replay.max), Number(replay.value) + step);
        replay.value = String(next);
        replay.dispatchEvent(new Event("input"));
        if (next >= Number(replay.max)) stopPlay();
      }, 120);
    });
  }

  var colour = document.getElementById("colour-by");
  if (colour) colour.addEventListener("change", function () {
    colourBy = colour.value;
    window.nodes.update(data.nodes.map(function (n) { return { id: n.id, color: nodeColour(n) }; }));
  });

  function findNode(query) {
    var q = query.trim().toLowerCase();
    if (!q) return null;
    var exact = null, partial = null;
    data.nodes.forEach(function (n) {
      var l = n.label.toLowerCase();
      if (l === q && !exact) exact = n;
      else if (l.indexOf(q) >= 0 && !partial) partial = n;
    });
    return exact || partial;
  }
  function focusCompany(query) {
    var n = findNode(query);
    var status = document.getElementById("search-status");
    if (!n) { if (status) status.textContent = "No company matches."; return null; }
    if (!window.nodesView.get(n.id)) { filters.hideIsolated = false; refresh(); }
    window.network.selectNodes([n.id]);
    window.network.focus(n.id, { scale: 1.4, animation: false });
    if (status) status.textContent = "";
    showDetails(nodeTip(n));
    return n.id;
  }
  window.kgFocusCompany = focusCompany;
  var search = document.getElementById("search");
  var form = document.getElementById("search-form");
  if (form && search) form.addEventListener("submit", function (ev) { ev.preventDefault(); focusCompany(search.value); });
  if (search) search.addEventListener("change", function () { focusCompany(search.value); });

  refresh();
})();
