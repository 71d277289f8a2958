// graphx explorer page. Every metadata string is set with textContent, never innerHTML; links are built
// only to known hosts from identifiers, so nothing in the data can run or load anything.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var papers = data.papers;
  var LINKS = [
    ["doi", "DOI", "https://doi.org/"],
    ["openalex", "OpenAlex", "https://openalex.org/"],
    ["arxiv", "arXiv", "https://arxiv.org/abs/"],
    ["s2", "Semantic Scholar", "https://www.semanticscholar.org/paper/"]
  ];

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function link(base, value, label) {
    var a = el("a", label);
    a.href = base + String(value).split("/").map(encodeURIComponent).join("/");
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  function byline(p) {
    return [p.authors, p.year, p.venue].filter(function (x) { return x !== undefined && x !== ""; }).join(" · ");
  }

  function tooltip(id) {
    var p = papers[id] || {};
    var box = el("div", null, "tip");
    box.appendChild(el("b", p.title || id));
    box.appendChild(el("div", byline(p), "meta"));
    if (p.doi) { var line = el("div", "DOI: "); line.appendChild(link("https://doi.org/", p.doi, p.doi)); box.appendChild(line); }
    box.appendChild(el("div", "PageRank " + (p.pagerank || 0).toFixed(4) + " · cited here " + (p.local_citations || 0) + "×" + (p.is_seed ? " · seed" : "")));
    if (p.similarity_reason) box.appendChild(el("div", "Tied to your seeds: " + p.similarity_reason, "meta"));
    return box;
  }

  // Sizes past which the canvas would crawl (vis-network redraws every shown link each frame, on one core):
  // keyword links start hidden past LARGE_LINKS, and past TOP_N papers the map shows the TOP_N most central
  // (seeds always), the rest reachable by search; both say so and can be undone.
  var LARGE_LINKS = 4000, TOP_N = 2000;
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges.map(function (e, i) { e.id = i; return e; }));
  var options = data.options || {};
  options.physics = Object.assign({}, options.physics || {}, { enabled: false, stabilization: false });
  options.interaction = Object.assign({}, options.interaction || {}, { hover: true, tooltipDelay: 150, keyboard: { enabled: true, bindToWindow: false } });
  options.nodes = Object.assign({}, options.nodes || {}, {
    scaling: { min: 6, max: 42, label: { enabled: true, min: 9, max: 26, drawThreshold: 7, maxVisible: 26 } },
    font: { face: "system-ui, sans-serif" }
  });
  options.edges = Object.assign({}, options.edges || {}, { smooth: false });
  options.layout = { improvedLayout: false };
  var container = document.getElementById("network");
  // Filters act on views of the data sets, so hiding and showing never rebuilds the network.
  var shown = { yearFrom: null, yearTo: null, community: "all", scope: "all", cites: true, keyword: true, minCitations: 0, top: null };
  var revealed = {};
  var keywordCount = data.edges.filter(function (e) { return e.kind === "keyword"; }).length;
  if (data.edges.length > LARGE_LINKS && keywordCount) shown.keyword = false;
  if (data.nodes.length > TOP_N) {
    shown.top = {};
    Object.keys(papers).sort(function (a, b) { return (papers[b].pagerank || 0) - (papers[a].pagerank || 0); })
      .slice(0, TOP_N).forEach(function (id) { shown.top[id] = true; });
    Object.keys(papers).forEach(function (id) { if (papers[id].is_seed) shown.top[id] = true; });
  }
  var seedIds = Object.keys(papers).filter(function (id) { return papers[id].is_seed; });
  var neighbours = {};
  seedIds.forEach(function (id) { neighbours[id] = true; });
  data.edges.forEach(function (e) {
    if (e.kind !== "cites") return;
    if (papers[e.from] && papers[e.from].is_seed) neighbours[e.to] = true;
    if (papers[e.to] && papers[e.to].is_seed) neighbours[e.from] = true;
  });
  function paperShown(id) {
    var p = papers[id] || {};
    if (shown.yearFrom !== null && (p.year === undefined || p.year < shown.yearFrom)) return false;
    if (shown.yearTo !== null && (p.year === undefined || p.year > shown.yearTo)) return false;
    if (shown.community !== "all" && String(p.community) !== shown.community) return false;
    if (shown.scope === "seeds" && !p.is_seed) return false;
    if (shown.scope === "neighbours" && !neighbours[id]) return false;
    return (p.local_citations || 0) >= shown.minCitations;
  }
  // The map draws `mapNodes` / `mapEdges`: every paper, or on large graphs the top-N and whatever search
  // brought into view. Revealing a paper adds a few items to them instead of re-filtering every link.
  function onMap(id) { return !shown.top || shown.top[id] || revealed[id]; }
  var mapNodes = new vis.DataSet(data.nodes.filter(function (n) { return onMap(n.id); }));
  // (Filters run over the plain arrays: DataSet.get with a filter copies every item first, 100,000 copies.)
  var mapEdges = new vis.DataSet(data.edges.filter(function (e) { return onMap(e.from) && onMap(e.to); }));
  var nodeView = new vis.DataView(mapNodes, { filter: function (n) { return paperShown(n.id); } });
  var edgeView = new vis.DataView(mapEdges, { filter: function (e) {
    return shown[e.kind] !== false && paperShown(e.from) && paperShown(e.to);
  } });
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);
  window.graphx = { network: network, nodes: nodes, edges: edges, papers: papers, drawn: false, nodeView: nodeView, mapNodes: mapNodes };
  function updateNodes(items) {
    // Changes go to every paper, and to the map for the papers on it.
    nodes.update(items);
    mapNodes.update(items.filter(function (item) { return mapNodes.get(item.id) !== null; }));
  }
  function addToMap(ids) {
    var fresh = ids.filter(function (id) { return mapNodes.get(id) === null; });
    fresh.forEach(function (id) { revealed[id] = true; });
    mapNodes.add(nodes.get(fresh));
    var wanted = {};
    fresh.forEach(function (id) { wanted[id] = true; });
    mapEdges.add(data.edges.filter(function (e) {
      return (wanted[e.from] || wanted[e.to]) && onMap(e.from) && onMap(e.to) && mapEdges.get(e.id) === null;
    }));
  }
  network.once("afterDrawing", function () { window.graphx.drawn = true; window.graphx.drawnAt = performance.now(); document.body.dataset.drawn = "true"; });

  // One tooltip element, filled on hover: building one per paper up front cost more than drawing the map.
  var graphBox = document.getElementById("graph");
  var tip = null;
  function hideTip() { if (tip) { tip.remove(); tip = null; } }
  network.on("hoverNode", function (params) {
    hideTip();
    tip = tooltip(params.node);
    tip.classList.add("floating");
    tip.style.left = Math.round(params.pointer.DOM.x + 12) + "px";
    tip.style.top = Math.round(params.pointer.DOM.y + 12) + "px";
    graphBox.appendChild(tip);
  });
  network.on("blurNode", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);

  var panel = document.getElementById("panel");
  function paperButton(id) {
    var b = el("button", (papers[id] && papers[id].title) || id, "link");
    b.type = "button";
    b.addEventListener("click", function () { focus(id); });
    return b;
  }

  function listOf(ids, heading) {
    var frag = document.createDocumentFragment();
    frag.appendChild(el("h3", heading + (ids.length > 50 ? " (first 50 of " + ids.length + ")" : " (" + ids.length + ")")));
    var ol = el("ol");
    ids.slice(0, 50).forEach(function (id) { var li = el("li"); li.appendChild(paperButton(id)); ol.appendChild(li); });
    frag.appendChild(ol);
    return frag;
  }

  var RANKINGS = [
    ["pagerank", "PageRank (importance in this graph)"], ["local_citations", "Cited by papers here"],
    ["hits_authority", "Authority (foundational)"], ["hits_hub", "Hub (surveys)"], ["betweenness", "Betweenness (bridges)"],
    ["similarity", "Similarity to your seeds"], ["cited_by_count", "Citations in all the literature"],
    ["citations_per_year", "Citations per year"], ["year", "Newest first"]
  ];
  var rankingBy = "pagerank";

  function showOverview() {
    panel.replaceChildren();
    panel.appendChild(el("h2", "Most central papers"));
    var label = el("label", "Rank by ");
    var select = el("select");
    select.id = "rank-by";
    RANKINGS.forEach(function (spec) {
      var option = el("option", spec[1]);
      option.value = spec[0];
      option.selected = spec[0] === rankingBy;
      select.appendChild(option);
    });
    select.addEventListener("change", function () { rankingBy = select.value; showOverview(); document.getElementById("rank-by").focus(); });
    label.appendChild(select);
    panel.appendChild(label);
    panel.appendChild(el("p", "Papers hidden by the filters are left out. Click one to see it.", "meta"));
    var ranked = Object.keys(papers).filter(paperShown).sort(function (a, b) {
      return ((papers[b][rankingBy] || 0) - (papers[a][rankingBy] || 0)) || ((papers[b].pagerank || 0) - (papers[a].pagerank || 0));
    });
    var spec = RANKINGS.filter(function (r) { return r[0] === rankingBy; })[0];
    panel.appendChild(listOf(ranked.slice(0, 30), "By " + spec[1]));
  }

  function showPaper(id) {
    var p = papers[id];
    if (!p) return showOverview();
    panel.replaceChildren();
    panel.appendChild(el("h2", p.title || id));
    panel.appendChild(el("div", byline(p), "meta"));
    var links = el("p");
    LINKS.forEach(function (spec) {
      if (p[spec[0]]) { links.appendChild(link(spec[2], p[spec[0]], spec[1])); links.appendChild(document.createTextNode(" ")); }
    });
    panel.appendChild(links);
    panel.appendChild(el("p", "Cited by " + (p.local_citations || 0) + " here, "
      + (p.cited_by_count === undefined ? "?" : p.cited_by_count) + " in all"
      + (p.citations_per_year === undefined ? "" : " (" + p.citations_per_year.toFixed(1) + " a year)")
      + " · cites " + (p.local_references || 0) + " here" + (p.is_seed ? " · seed" : ""), "meta"));
    panel.appendChild(el("p", "Community " + p.community + (p.community_label ? ": " + p.community_label : ""), "meta"));
    panel.appendChild(scoreTable(p));
    if (p.similarity_reason) panel.appendChild(el("p", "Tied to your seeds: " + p.similarity_reason, "reason"));
    if (p.keywords) panel.appendChild(el("p", "Keywords: " + p.keywords, "meta"));
    if (p.sources) panel.appendChild(el("p", "Found in: " + p.sources
      + (p.reference_count ? " · references known " + (p.references_known || 0) + " of " + p.reference_count : "")
      + (p.versions ? " · also as " + p.versions : ""), "meta provenance"));
    if (p.abstract) panel.appendChild(el("p", p.abstract, "abstract"));
    var cites = [], citedBy = [];
    edges.forEach(function (e) {
      if (e.kind !== "cites") return;
      if (e.from === id) cites.push(e.to);
      if (e.to === id) citedBy.push(e.from);
    });
    panel.appendChild(listOf(cites, "Cites in this graph"));
    panel.appendChild(listOf(citedBy, "Cited by in this graph"));
    var back = el("button", "← Central papers", "link");
    back.type = "button";
    back.addEventListener("click", showOverview);
    panel.appendChild(back);
  }

  var SCORES = [
    ["pagerank", "PageRank", "importance in this graph's citation network", 5],
    ["hits_authority", "Authority", "cited by the papers that cite the key works", 4],
    ["hits_hub", "Hub", "cites the most cited works (surveys)", 4],
    ["betweenness", "Betweenness", "a bridge between lines of work", 4],
    ["similarity", "Similarity", "tie to your seeds", 3]
  ];

  function scoreTable(p) {
    var table = el("table", null, "scores");
    SCORES.forEach(function (spec) {
      if (p[spec[0]] === undefined) return;
      var row = el("tr");
      var name = el("th", spec[1]);
      name.title = spec[2];
      row.appendChild(name);
      row.appendChild(el("td", Number(p[spec[0]]).toFixed(spec[3])));
      table.appendChild(row);
    });
    return table;
  }

  function reveal(id) {
    // A paper outside the top-N view joins the map with the papers it cites and is cited by, so that
    // search reaches every paper of the graph.
    if (!shown.top || onMap(id)) return;
    var ids = [id];
    data.edges.forEach(function (e) {
      if (e.kind !== "cites") return;
      if (e.from === id) ids.push(e.to);
      if (e.to === id) ids.push(e.from);
    });
    addToMap(ids);
    updateCounts();
  }

  function focus(id) {
    // The panel first: it answers at once, while the canvas (slow to redraw at thousands of links) follows
    // in the next frame.
    showPaper(id);
    window.requestAnimationFrame(function () {
      reveal(id);
      network.selectNodes([id]);
      network.focus(id, { scale: 0.8, animation: data.nodes.length > 2000 ? false : { duration: 300 } });
    });
  }

  network.on("click", function (params) { if (params.nodes.length) showPaper(params.nodes[0]); });

  var search = document.getElementById("search");
  var options_list = document.getElementById("search-options");
  var ids = Object.keys(papers);
  ids.slice(0, 5000).forEach(function (id) { var o = el("option"); o.value = papers[id].title || id; options_list.appendChild(o); });
  function find(text) {
    var q = text.trim().toLowerCase();
    if (!q) return null;
    var exact = ids.filter(function (id) { return (papers[id].title || "").toLowerCase() === q; });
    if (exact.length) return exact[0];
    var hits = ids.filter(function (id) {
      var p = papers[id];
      return [p.title, p.authors, p.doi].some(function (v) { return v && String(v).toLowerCase().indexOf(q) >= 0; });
    });
    hits.sort(function (a, b) { return (papers[b].pagerank || 0) - (papers[a].pagerank || 0); });
    return hits.length ? hits[0] : null;
  }
  search.addEventListener("change", function () { var id = find(search.value); if (id) focus(id); });
  search.addEventListener("keydown", function (e) { if (e.key === "Enter") { var id = find(search.value); if (id) focus(id); } });

  var physics = document.getElementById("physics");
  physics.addEventListener("click", function () {
    var on = physics.getAttribute("aria-pressed") !== "true";
    network.setOptions({ physics: { enabled: on } });
    physics.setAttribute("aria-pressed", String(on));
    physics.textContent = "Physics: " + (on ? "on" : "off");
  });
  document.getElementById("fit").addEventListener("click", function () { network.fit({ animation: false }); });
  // ---- filters, colouring and legend ----
  var counts = document.getElementById("counts");
  function updateCounts() {
    counts.textContent = nodeView.length + " of " + nodes.length + " papers · " + edgeView.length + " of " + edges.length + " links";
  }
  function applyFilters() {
    nodeView.refresh();
    edgeView.refresh();
    updateCounts();
    if (!network.getSelectedNodes().length) showOverview();
  }
  function numberOrNull(value) { return value === "" ? null : Number(value); }
  document.getElementById("year-from").addEventListener("change", function (e) { shown.yearFrom = numberOrNull(e.target.value); applyFilters(); });
  document.getElementById("year-to").addEventListener("change", function (e) { shown.yearTo = numberOrNull(e.target.value); applyFilters(); });
  document.getElementById("min-citations").addEventListener("change", function (e) { shown.minCitations = Number(e.target.value) || 0; applyFilters(); });
  document.getElementById("scope").addEventListener("change", function (e) { shown.scope = e.target.value; applyFilters(); });
  document.getElementById("community").addEventListener("change", function (e) { shown.community = e.target.value; applyFilters(); });
  document.getElementById("show-cites").addEventListener("change", function (e) { shown.cites = e.target.checked; applyFilters(); });
  document.getElementById("show-keyword").addEventListener("change", function (e) { shown.keyword = e.target.checked; applyFilters(); });

  var years = Object.keys(papers).map(function (id) { return papers[id].year; }).filter(function (y) { return typeof y === "number"; });
  var firstYear = years.length ? Math.min.apply(null, years) : null;
  var lastYear = years.length ? Math.max.apply(null, years) : null;
  document.getElementById("year-from").placeholder = firstYear === null ? "" : String(firstYear);
  document.getElementById("year-to").placeholder = lastYear === null ? "" : String(lastYear);

  var communities = {};
  Object.keys(papers).forEach(function (id) {
    var p = papers[id];
    var key = String(p.community);
    if (!communities[key]) communities[key] = { label: p.community_label || "", size: 0, colour: null };
    communities[key].size += 1;
  });
  data.nodes.forEach(function (n) {
    var key = String(papers[n.id] ? papers[n.id].community : "");
    if (communities[key] && !communities[key].colour) communities[key].colour = n.color.background;
  });
  var communitySelect = document.getElementById("community");
  Object.keys(communities).sort(function (a, b) { return Number(a) - Number(b); }).forEach(function (key) {
    var option = el("option", key + ": " + (communities[key].label || "community") + " (" + communities[key].size + ")");
    option.value = key;
    communitySelect.appendChild(option);
  });

  var communityColours = {};
  data.nodes.forEach(function (n) { communityColours[n.id] = n.color; });
  function yearColour(year) {
    if (typeof year !== "number" || firstYear === null || lastYear === firstYear) return "#bbbbbb";
    var t = (year - firstYear) / (lastYear - firstYear);
    var from = [44, 123, 182], to = [215, 25, 28];  // blue (old) to red (new)
    return "rgb(" + from.map(function (c, i) { return Math.round(c + t * (to[i] - c)); }).join(",") + ")";
  }
  var legend = document.getElementById("legend");
  function showLegend(mode) {
    legend.replaceChildren();
    if (mode === "year") {
      var bar = el("div", null, "gradient");
      legend.appendChild(el("span", String(firstYear === null ? "?" : firstYear)));
      legend.appendChild(bar);
      legend.appendChild(el("span", String(lastYear === null ? "?" : lastYear)));
      return;
    }
    Object.keys(communities).sort(function (a, b) { return Number(a) - Number(b); }).slice(0, 12).forEach(function (key) {
      var item = el("span", null, "item");
      var dot = el("i");
      dot.style.background = communities[key].colour || "#999";
      item.appendChild(dot);
      item.appendChild(document.createTextNode(key + ": " + (communities[key].label || "community") + " (" + communities[key].size + ")"));
      item.dataset.community = key;
      legend.appendChild(item);
    });
  }
  document.getElementById("colour-by").addEventListener("change", function (e) {
    var mode = e.target.value;
    updateNodes(data.nodes.map(function (n) {
      if (mode === "year") {
        var c = yearColour(papers[n.id] && papers[n.id].year);
        return { id: n.id, color: { background: c, border: papers[n.id] && papers[n.id].is_seed ? "#111111" : c } };
      }
      return { id: n.id, color: communityColours[n.id] };
    }));
    showLegend(mode);
  });
  // ---- size by a chosen score ----
  document.getElementById("size-by").addEventListener("change", function (e) {
    var score = e.target.value;
    var values = Object.keys(papers).map(function (id) { return papers[id][score] || 0; });
    var low = Math.min.apply(null, values), high = Math.max.apply(null, values);
    updateNodes(data.nodes.map(function (n) {
      var v = (papers[n.id] && papers[n.id][score]) || 0;
      return { id: n.id, value: high > low ? Math.sqrt((v - low) / (high - low)) : 0.5 };
    }));
  });

  // ---- layout: the precomputed map, or a time axis (older papers left, newer right) ----
  var mapPositions = {};
  data.nodes.forEach(function (n) { mapPositions[n.id] = { x: n.x, y: n.y }; });
  document.getElementById("layout").addEventListener("change", function (e) {
    var span = Math.max(1, (lastYear || 0) - (firstYear || 0));
    var width = 60 * Math.sqrt(data.nodes.length) + 400;
    updateNodes(data.nodes.map(function (n) {
      var year = papers[n.id] && papers[n.id].year;
      if (e.target.value === "time" && typeof year === "number") {
        return { id: n.id, x: (year - firstYear) / span * width - width / 2, y: mapPositions[n.id].y };
      }
      return { id: n.id, x: mapPositions[n.id].x, y: mapPositions[n.id].y };
    }));
    network.fit({ animation: false });
  });

  // ---- downloads: the view as PNG, the selected (or shown) papers as BibTeX or RIS ----
  function download(name, url) {
    var a = el("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  function chosenPapers() {
    var selected = network.getSelectedNodes();
    return selected.length ? selected : nodeView.getIds();
  }
  function downloadText(name, text, type) {
    download(name, URL.createObjectURL(new Blob([text], { type: type })));
  }
  document.getElementById("png").addEventListener("click", function () {
    download("graph.png", container.querySelector("canvas").toDataURL("image/png"));
  });
  document.getElementById("bibtex").addEventListener("click", function () {
    downloadText("papers.bib", chosenPapers().map(function (id) { return data.bibtex[id] || ""; }).join("\n"), "application/x-bibtex");
  });
  document.getElementById("ris").addEventListener("click", function () {
    downloadText("papers.ris", chosenPapers().map(function (id) { return data.ris[id] || ""; }).join(""), "application/x-research-info-systems");
  });

  // ---- what the page left out to stay fast, and the way back ----
  var notice = document.getElementById("notice");
  document.getElementById("show-keyword").checked = shown.keyword;
  function showNotice() {
    notice.replaceChildren();
    if (shown.top) {
      notice.appendChild(document.createTextNode("The map shows the " + TOP_N.toLocaleString("en") + " most central of "
        + nodes.length.toLocaleString("en") + " papers (by PageRank; seeds always), so that it stays fast to draw. Search finds every paper. "));
      var all = el("button", "Show all " + nodes.length.toLocaleString("en") + " (slow)");
      all.type = "button";
      all.id = "show-all";
      all.addEventListener("click", function () {
        addToMap(data.nodes.map(function (n) { return n.id; }).filter(function (id) { return !onMap(id); }));
        shown.top = null;
        applyFilters();
        showNotice();
      });
      notice.appendChild(all);
    }
    if (!shown.keyword && keywordCount && data.edges.length > LARGE_LINKS) {
      notice.appendChild(document.createTextNode((shown.top ? " " : "") + keywordCount.toLocaleString("en")
        + " shared-keyword links are hidden to keep the map fast: tick \u201cshared keywords\u201d to draw them."));
    }
    notice.hidden = !notice.childNodes.length;
  }
  document.getElementById("show-keyword").addEventListener("change", showNotice);

  window.graphx.applyFilters = applyFilters;
  window.graphx.shown = shown;
  showLegend("community");
  updateCounts();
  showNotice();
  showOverview();
})();
