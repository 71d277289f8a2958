// graphx explorer page. Every metadata string is set with textContent (or drawn on the canvas), never
// innerHTML; links are built only to known hosts from identifiers, so nothing in the data can run or load
// anything.
(function () {
  "use strict";
  var data = unpack(JSON.parse(document.getElementById("graph-data").textContent));
  function unpack(data) {
    // The page's data comes in columns (see graphx/render/page.py, page_data): made back into vis-network's
    // node and link objects and one metadata object per paper.
    var ids = data.ids, n = data.nodes, links = data.links, outlined = {};
    n.outlined.forEach(function (i) { outlined[i] = true; });
    data.nodes = ids.map(function (id, i) {
      var colour = data.colours[n.colour[i]];
      return { id: id, x: n.x[i], y: n.y[i], value: n.value[i], shape: "dot", borderWidth: outlined[i] ? 3 : 1,
               color: { background: colour, border: outlined[i] ? "#111111" : colour } };
    });
    var named = 0;  // the keyword links' terms come in the order of the keyword links, as positions in data.terms
    data.edges = links.source.map(function (a, i) {
      var w = links.weight[i], from = ids[a], to = ids[links.target[i]];
      if (w === null) return { from: from, to: to, arrows: "to", color: "#8a8a8a", width: 1, kind: "cites" };
      return { from: from, to: to, arrows: "", dashes: true, color: "#c9b27c", width: 1 + 3 * w, kind: "keyword", terms: (links.terms || [])[named++] || [] };
    });
    var fields = data.papers.fields, papers = {}, names = data.community_labels;
    data.papers.rows.forEach(function (row, i) {
      var p = {};
      for (var f = 0; f < row.length; f++) if (row[f] !== null) p[fields[f]] = row[f];  // (rows end at their last value)
      if (names[p.community]) p.community_label = names[p.community];
      papers[ids[i]] = p;
    });
    data.papers = papers;
    return data;
  }
  // Abstracts: gzip + base64 in their own block, unpacked when a paper is first read.
  var abstracts = null, abstractsLoading = null;
  function loadAbstracts() {
    if (!abstractsLoading) {
      // in a task of its own, so the panel that asked is drawn first
      abstractsLoading = new Promise(function (resolve) { window.setTimeout(resolve, 0); }).then(function () {
        var text = ((document.getElementById("abstracts") || {}).textContent || "").trim();
        if (!text) return {};
        var binary = atob(text), bytes = new Uint8Array(binary.length);
        for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
        var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
        return new Response(stream).text().then(JSON.parse);
      }).then(function (all) { abstracts = all; return all; });
    }
    return abstractsLoading;
  }
  function abstractOf(id) {
    // The abstract's paragraph, filled in as soon as the abstracts are unpacked (at once after the first time).
    if (abstracts) return abstracts[id] ? el("p", abstracts[id], "abstract") : null;
    var paragraph = el("p", null, "abstract");
    paragraph.hidden = true;
    loadAbstracts().then(function (all) { if (all[id]) { paragraph.textContent = all[id]; paragraph.hidden = false; } });
    return paragraph;
  }
  var papers = data.papers;
  var HAS_CITATIONS = data.ranking.key === "pagerank";  // the graph ranks by PageRank only when a paper cites another
  // Scores that come from the graph's citations: with none they are equal for every paper (PageRank 1/n,
  // authority, hub and betweenness 0), so the page neither offers nor shows them.
  var CITATION_SCORES = { local_citations: true, local_references: true, pagerank: true, hits_authority: true, hits_hub: true, betweenness: true };
  var informing = {};
  function informative(key) {
    // Whether `key` tells papers apart: not a citation score of a graph without citations, and not one value
    // (or none) for every paper. Asked of the size and rank choices.
    if (!(key in informing)) {
      var first, differs = false;
      if (HAS_CITATIONS || !CITATION_SCORES[key]) {
        for (var id in papers) {
          var v = papers[id][key];
          if (first === undefined) first = v;
          else if (v !== first) { differs = true; break; }
        }
      }
      informing[key] = differs;
    }
    return informing[key];
  }
  function whyUninformative(key) {
    if (CITATION_SCORES[key] && !HAS_CITATIONS) return "needs citations";
    for (var id in papers) if (papers[id][key] !== undefined) return "the same for every paper";
    return "unknown here";
  }
  var LINKS = [
    ["doi", "DOI", "https://doi.org/"],
    ["openalex", "OpenAlex", "https://openalex.org/"],
    ["arxiv", "arXiv", "https://arxiv.org/abs/"],
    ["s2", "Semantic Scholar", "https://www.semanticscholar.org/paper/"]
  ];

  // where a paper no source resolved can be looked up by its title
  var SEARCHES = [
    ["OpenAlex", "https://openalex.org/works?search="],
    ["Semantic Scholar", "https://www.semanticscholar.org/search?q="],
    ["arXiv", "https://arxiv.org/search/?searchtype=title&query="],
    ["Google Scholar", "https://scholar.google.com/scholar?q="]
  ];
  function identified(p) { return LINKS.some(function (spec) { return p[spec[0]]; }); }
  function searchLink(base, title, label) { return outLink(base + encodeURIComponent(title), label); }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function link(base, value, label) { return outLink(base + String(value).split("/").map(encodeURIComponent).join("/"), label); }
  // a link out of the page, opened beside it and told nothing of it
  function outLink(href, label) {
    var a = el("a", label);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  function byline(p) {
    return [p.authors, p.year, p.venue].filter(function (x) { return x !== undefined && x !== ""; }).join(" · ");
  }

  // ---- scores: what each means, how it is shown ----
  var SCORE_NAMES = {
    pagerank: "PageRank", local_citations: "cited here", cited_by_count: "citations", keyword_strength: "ties to other papers",
    hits_authority: "authority", hits_hub: "hub", betweenness: "betweenness", similarity: "similarity to your seeds",
    citations_per_year: "citations a year", year: "year"
  };
  function formatScore(key, value) {
    if (value === undefined || value === null) return "–";
    if (key === "local_citations") return value + "×";
    if (key === "cited_by_count") return Number(value).toLocaleString("en");
    if (key === "year") return String(value);
    if (key === "citations_per_year" || key === "keyword_strength") return Number(value).toFixed(2);
    return Number(value).toFixed(4);
  }
  function citationsText(p) {
    var parts = [];
    if (p.cited_by_count !== undefined) parts.push(Number(p.cited_by_count).toLocaleString("en") + (Number(p.cited_by_count) === 1 ? " citation" : " citations"));
    if (p.local_citations) parts.push("cited " + p.local_citations + "× here");
    return parts.join(", ");
  }
  function ranker(key, tie) {
    return function (a, b) {
      var pa = papers[a], pb = papers[b];
      return ((pb[key] || 0) - (pa[key] || 0)) || ((pb[tie] || 0) - (pa[tie] || 0)) || ((pb.local_citations || 0) - (pa.local_citations || 0)) || (a < b ? -1 : a > b ? 1 : 0);
    };
  }
  // The order labels are drawn in and the Central list opens on: the graph's default ranking, ties stated.
  var ORDER = Object.keys(papers).sort(ranker(data.ranking.key, data.ranking.tie));
  // The papers whose labels the map always draws: the seeds where they are few enough to stand out (in their
  // order of importance, at most ten), then the five most central.
  var PRIORITY = (data.seeds_outlined ? ORDER.filter(function (id) { return papers[id].is_seed; }).slice(0, 10) : []).concat(ORDER.slice(0, 5));

  function tooltip(id) {
    var p = papers[id] || {};
    var box = el("div", null, "tip");
    box.appendChild(el("b", p.title || id));
    box.appendChild(el("div", byline(p), "meta"));
    var facts = [citationsText(p), "community " + p.community + (p.community_label ? ": " + p.community_label : "")];
    if (p.is_seed) facts.push("your seed");
    box.appendChild(el("div", facts.filter(Boolean).join(" · ")));
    if (p.similarity_reason) box.appendChild(el("div", "Tied to your seeds: " + p.similarity_reason, "meta"));
    box.appendChild(el("div", "Click to read · Ctrl/⌘-click to add to your basket", "meta"));
    return box;
  }

  function linkTooltip(id) {
    // A link hovered on the map: a citation says which paper cites which; a shared-keyword link names its two
    // papers and the terms they share.
    var e = edges[id], box = el("div", null, "tip");
    box.dataset.link = String(id);
    function named(paper) { var p = papers[paper] || {}, by = [p.first_author, p.year].filter(Boolean).join(", "); return (p.short || p.title || paper) + (by ? " (" + by + ")" : ""); }
    if (e.kind === "cites") {
      box.appendChild(el("b", named(e.from)));
      box.appendChild(el("div", "cites", "meta"));
      box.appendChild(el("b", named(e.to)));
      return box;
    }
    box.appendChild(el("b", "Shared keywords: " + (e.terms.map(function (t) { return data.terms[t]; }).join(", ") || "–")));
    box.appendChild(el("div", named(e.from)));
    box.appendChild(el("div", named(e.to)));
    return box;
  }

  // Sizes past which the canvas would crawl (vis-network redraws every shown link each frame, on one core):
  // keyword links start hidden past LARGE_LINKS, and past TOP_N papers the map shows the TOP_N most central
  // (seeds always), the rest reachable by search; both say so and can be undone.
  var LARGE_LINKS = 4000, TOP_N = 2000;
  var nodes = null;  // every paper as a vis DataSet, made with the network (see startNetwork)
  // Links stay faint so labels read over them: fainter still when there are many (the demo's 999 citations
  // of Turing would otherwise draw a dark fan across the map).
  var faint = data.edges.length > 1500 ? 0.5 : 1;
  // Every link, as a plain array (a vis DataSet of 50,000 links cost a fifth of the first frame, and only
  // the links on the map need one).
  var edges = data.edges;
  var rgba = {};
  edges.forEach(function (e, i) {
    e.id = i;
    var key = e.color + e.kind;
    if (!rgba[key]) {
      var v = parseInt(String(e.color).replace("#", ""), 16);
      rgba[key] = "rgba(" + [v >> 16, (v >> 8) & 255, v & 255].join(",") + "," + ((e.kind === "cites" ? 0.35 : 0.5) * faint) + ")";
    }
    e.color = rgba[key];
  });
  var options = data.options || {};
  options.physics = Object.assign({}, options.physics || {}, { enabled: false, stabilization: false });
  options.interaction = Object.assign({}, options.interaction || {}, {
    // autoFocus off: vis-network focuses the map when the pointer merely passes over it, and a map partly
    // below the window's edge (the panel under it, in a narrow window) then scrolls the page under the
    // pointer between its press and release, so the first click on a paper missed it
    hover: true, tooltipDelay: 150, multiselect: true, selectConnectedEdges: false, keyboard: { enabled: true, bindToWindow: false, autoFocus: false },
    // past a few thousand links, dragging and zooming draw the dots alone, the links when the view rests
    hideEdgesOnDrag: data.edges.length > LARGE_LINKS / 2, hideEdgesOnZoom: data.edges.length > LARGE_LINKS / 2
  });
  options.nodes = Object.assign({}, options.nodes || {}, {
    scaling: { min: 5, max: 24, label: { enabled: false } },
    font: { size: 0 }
  });
  options.edges = Object.assign({}, options.edges || {}, { smooth: false, arrows: { to: { scaleFactor: 0.4 } } });
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
  function edgeShown(e) { return shown[e.kind] !== false && paperShown(e.from) && paperShown(e.to); }
  // Made in startNetwork, after the first frame: the vis data sets and views of the map, and the network.
  // Until then `network` is the page's own drawing of the same map (see previewMap).
  var mapNodes = null, mapEdges = null, nodeView = null, edgeView = null, network = null;
  window.graphx = { network: null, nodes: null, edges: edges, papers: papers, drawn: false, firstFrame: false, labels: [], yearTicks: [], order: ORDER };
  function updateNodes(items) {
    // Changes go to every paper, and to the map for the papers on it.
    if (!nodes) return whenNetwork(function () { updateNodes(items); });
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

  // ---- communities: colours, names, sizes ----
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
  var communityKeys = Object.keys(communities).sort(function (a, b) { return Number(a) - Number(b); });
  function communityName(key) {
    var c = communities[key];
    return c.label || (c.size === 1 ? "a paper on its own" : "unnamed");
  }

  // ---- years: a quantile scale over the years actually present ----
  var dated = Object.keys(papers).filter(function (id) { return typeof papers[id].year === "number"; });
  var mapX = {};
  data.nodes.forEach(function (n) { mapX[n.id] = n.x; });
  dated.sort(function (a, b) { return (papers[a].year - papers[b].year) || (mapX[a] || 0) - (mapX[b] || 0); });
  var undated = Object.keys(papers).filter(function (id) { return typeof papers[id].year !== "number"; });
  var yearShare = {};  // year → its mid-rank share of the dated papers, in [0, 1]
  (function () {
    var i = 0;
    while (i < dated.length) {
      var year = papers[dated[i]].year, j = i;
      while (j < dated.length && papers[dated[j]].year === year) j += 1;
      yearShare[year] = dated.length > 1 ? ((i + j - 1) / 2) / (dated.length - 1) : 0.5;
      i = j;
    }
  })();
  var years = Object.keys(yearShare).map(Number).sort(function (a, b) { return a - b; });
  var firstYear = years.length ? years[0] : null, lastYear = years.length ? years[years.length - 1] : null;
  var YEAR_STOPS = [[37, 52, 148], [44, 127, 184], [65, 182, 196], [253, 141, 60], [227, 26, 28], [128, 0, 38]];
  function yearColour(year) {
    if (typeof year !== "number" || !(year in yearShare)) return "#c8c8c8";
    var t = yearShare[year] * (YEAR_STOPS.length - 1), k = Math.min(YEAR_STOPS.length - 2, Math.floor(t)), f = t - k;
    return "rgb(" + [0, 1, 2].map(function (c) { return Math.round(YEAR_STOPS[k][c] + f * (YEAR_STOPS[k + 1][c] - YEAR_STOPS[k][c])); }).join(",") + ")";
  }
  function yearTicks(minGap) {
    // Distinct years placed at their share of the papers, skipping any that would crowd the previous tick.
    var ticks = [], last = -1;
    years.forEach(function (year, i) {
      var at = yearShare[year];
      if (i === 0 || i === years.length - 1 || at - last >= minGap) {
        if (i === years.length - 1 && ticks.length && at - ticks[ticks.length - 1].at < minGap) ticks.pop();
        ticks.push({ year: year, at: at });
        last = at;
      }
    });
    return ticks;
  }

  // ---- labels, community names, highlights: drawn over the map by the page, not by vis-network ----
  // Most important papers first, each placed below (else above) its dot only where it overlaps no label
  // already drawn; zooming in spreads the dots, so more labels fit. Community names are placed first.
  var MAX_LABELS = 90, MAX_TRIES = 4000;
  var DOT_KEPT_CLEAR = 3;  // px: labels are not drawn over dots this big on screen (smaller ones show through the halo)
  var overlay = { hover: null, link: null, path: [], layout: "map" };
  var measured = {};
  var FONT_TITLE = "12px system-ui, -apple-system, 'Segoe UI', sans-serif";
  var FONT_SEED = "600 12px system-ui, -apple-system, 'Segoe UI', sans-serif";
  var FONT_BYLINE = "11px system-ui, -apple-system, 'Segoe UI', sans-serif";
  var FONT_COMMUNITY = "700 15px system-ui, -apple-system, 'Segoe UI', sans-serif";
  function labelLines(id) {
    var p = papers[id] || {};
    var second = [p.first_author, p.year].filter(function (x) { return x !== undefined && x !== ""; }).join(" · ");
    return [p.short || p.title || id, second];
  }
  // A label's box from its length (an upper bound of system-ui's glyph widths): measuring the text of every
  // candidate in the first frame cost more than drawing the map.
  var CHAR_WIDTH = { title: 6.9, seed: 7.4, byline: 6.3 };
  function measure(ctx, id) {
    if (!measured[id]) {
      var lines = labelLines(id);
      var first = lines[0].length * (papers[id] && papers[id].is_seed && data.seeds_outlined ? CHAR_WIDTH.seed : CHAR_WIDTH.title);
      measured[id] = { w: Math.ceil(Math.max(first, lines[1].length * CHAR_WIDTH.byline)) + 4, h: lines[1] ? 28 : 15, lines: lines };
    }
    return measured[id];
  }
  function overlaps(box, boxes) {
    for (var i = 0; i < boxes.length; i++) {
      var b = boxes[i];
      if (box.x < b.x + b.w && b.x < box.x + box.w && box.y < b.y + b.h && b.y < box.y + box.h) return true;
    }
    return false;
  }
  function haloText(ctx, text, x, y, colour) {
    ctx.lineWidth = 3;
    ctx.strokeStyle = "rgba(255,255,255,0.92)";
    ctx.strokeText(text, x, y);
    ctx.fillStyle = colour;
    ctx.fillText(text, x, y);
  }
  var colourMode = "community";
  var found = { text: "", hits: [], at: -1 };  // the search's matches, and which one is focused
  var current = null;  // the paper shown in the panel
  var basket = [];  // papers picked for export or a new graph
  function drawOverlay(ctx) {
    var canvas = ctx.canvas, W = canvas.clientWidth, H = canvas.clientHeight;
    var ratio = canvas.width / Math.max(1, W);
    var scale = network.getScale(), view = network.getViewPosition();
    var body = network.body.nodes, ids = network.body.nodeIndices;
    function sx(x) { return (x - view.x) * scale + W / 2; }
    function sy(y) { return (y - view.y) * scale + H / 2; }
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textBaseline = "top";
    ctx.textAlign = "left";
    var boxes = [], drawn = [];
    if (overlay.layout === "time") boxes.push({ x: 0, y: H - 28, w: W, h: 28 });  // the timeline's year axis
    var help = document.getElementById("help");  // labels keep clear of the help line over the map
    if (help && !help.hidden) {
      var hr = help.getBoundingClientRect(), cr = canvas.getBoundingClientRect();
      boxes.push({ x: hr.left - cr.left, y: hr.top - cr.top, w: hr.width, h: hr.height });
    }
    // the path between two papers, over the links
    if (overlay.path.length) {
      ctx.strokeStyle = "rgba(230, 85, 13, 0.85)";
      ctx.lineWidth = 4;
      overlay.path.forEach(function (pair) {
        var a = body[pair[0]], b = body[pair[1]];
        if (!a || !b) return;
        ctx.beginPath();
        ctx.moveTo(sx(a.x), sy(a.y));
        ctx.lineTo(sx(b.x), sy(b.y));
        ctx.stroke();
      });
    }
    function ring(id, colour, width, gap) {
      var h = body[id];
      if (!h) return;
      ctx.strokeStyle = colour;
      ctx.lineWidth = width;
      ctx.beginPath();
      ctx.arc(sx(h.x), sy(h.y), (h.options.size || 8) * scale + gap, 0, 2 * Math.PI);
      ctx.stroke();
    }
    found.hits.slice(0, 500).forEach(function (id) { ring(id, "rgba(230, 85, 13, 0.7)", 2, 3); });  // search hits
    basket.forEach(function (id) { ring(id, "#1a5fb4", 2, 3); });
    if (current) ring(current, "#e6550d", 3, 6);
    if (overlay.hover) ring(overlay.hover, "#e6550d", 3, 6);
    if (overlay.link && body[overlay.link[0]] && body[overlay.link[1]]) {  // the link hovered, and its two papers
      var from = body[overlay.link[0]], to = body[overlay.link[1]];
      ctx.strokeStyle = "rgba(230, 85, 13, 0.85)";
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(sx(from.x), sy(from.y));
      ctx.lineTo(sx(to.x), sy(to.y));
      ctx.stroke();
      overlay.link.forEach(function (id) { ring(id, "#e6550d", 2, 3); });
    }
    // The dots on screen in a grid of cells, so a label can keep off every dot big enough to be hidden by it.
    var CELL = 32, grid = {};
    for (var d = 0; d < ids.length; d++) {
      var dot = body[ids[d]], dx = sx(dot.x), dy = sy(dot.y), dr = (dot.options.size || 6) * scale;
      if (dr < DOT_KEPT_CLEAR || dx < -dr || dy < -dr || dx > W + dr || dy > H + dr) continue;
      var cell = Math.floor(dx / CELL) + ":" + Math.floor(dy / CELL);
      (grid[cell] || (grid[cell] = [])).push({ id: ids[d], x: dx, y: dy, r: dr });
    }
    function coversDot(box, own) {
      for (var cx = Math.floor((box.x - 30) / CELL); cx <= Math.floor((box.x + box.w + 30) / CELL); cx++) {
        for (var cy = Math.floor((box.y - 30) / CELL); cy <= Math.floor((box.y + box.h + 30) / CELL); cy++) {
          var dots = grid[cx + ":" + cy] || [];
          for (var k = 0; k < dots.length; k++) {
            var o = dots[k];
            if (o.id === own) continue;
            var nx = Math.max(box.x, Math.min(o.x, box.x + box.w)), ny = Math.max(box.y, Math.min(o.y, box.y + box.h));
            if ((nx - o.x) * (nx - o.x) + (ny - o.y) * (ny - o.y) < o.r * o.r) return true;
          }
        }
      }
      return false;
    }
    function placeLabel(id, surely) {
      // `surely`: a paper that must keep its label (seeds, the most central): when every spot would cover
      // another dot, the label is drawn over the dots (its halo keeps it legible) rather than left out
      var n = body[id], px = sx(n.x), py = sy(n.y);
      var m = measure(ctx, id), r = (n.options.size || 6) * scale;
      if (px < 0 || py < 0 || px > W || py > H) return false;
      var left = Math.max(0, Math.min(W - m.w, px - m.w / 2));  // kept inside the canvas, near its dot
      // below the dot, else above, else to its right, else to its left
      var spots = [{ x: left, y: py + r + 2 }, { x: left, y: py - r - 2 - m.h }, { x: px + r + 3, y: py - m.h / 2 }, { x: px - r - 3 - m.w, y: py - m.h / 2 }];
      var box = null;
      for (var pass = 0; pass < (surely ? 2 : 1) && !box; pass++) {
        for (var k = 0; k < spots.length && !box; k++) {
          var b = { x: spots[k].x, y: spots[k].y, w: m.w, h: m.h };
          if (b.x >= 0 && b.y >= 0 && b.x + b.w <= W && b.y + b.h <= H && !overlaps(b, boxes) && (pass === 1 || !coversDot(b, id))) box = b;
        }
      }
      if (!box) return false;
      boxes.push(box);
      drawn.push({ id: id, x: box.x, y: box.y, w: box.w, h: box.h });
      var seed = papers[id].is_seed && data.seeds_outlined;
      ctx.font = seed ? FONT_SEED : FONT_TITLE;
      haloText(ctx, m.lines[0], box.x + 2, box.y, seed ? "#000" : "#1d1d1d");
      if (m.lines[1]) {
        ctx.font = FONT_BYLINE;
        haloText(ctx, m.lines[1], box.x + 2, box.y + 14, "#5a5a5a");
      }
      return true;
    }
    // the paper hovered in a list, the paper being read, the seeds (where they stand out) and the five most
    // important papers are labelled before the community names and all other papers, at every zoom
    var first = [overlay.hover, current].concat(PRIORITY);
    first.forEach(function (id, i) { if (id && body[id] && first.indexOf(id) === i) placeLabel(id, true); });
    // community names, largest first, just above the bulk of their shown papers (else over their middle),
    // so the name sits beside the dots it names instead of hiding them
    if (overlay.layout === "map") {
      var groups = {};
      for (var i = 0; i < ids.length; i++) {
        var key = String((papers[ids[i]] || {}).community);
        (groups[key] || (groups[key] = [])).push(body[ids[i]]);
      }
      var least = Math.max(3, 0.015 * ids.length);
      ctx.font = FONT_COMMUNITY;
      var legendKeys = {};  // the communities the legend names in a colour of their own: the map names no other
      legendModelOfCommunities().items.forEach(function (item) { legendKeys[item.key] = true; });
      Object.keys(groups).filter(function (k) { return legendKeys[k] && groups[k].length >= least && communities[k] && communities[k].label; })
        .sort(function (a, b) { return groups[b].length - groups[a].length; }).slice(0, 16).forEach(function (k) {
          var members = groups[k], text = communities[k].label, mx = 0, my = 0;
          members.forEach(function (m) { mx += m.x; my += m.y; });
          mx /= members.length; my /= members.length;
          var ys = members.map(function (m) { return m.y; }).sort(function (a, b) { return a - b; });
          var top = sy(ys[Math.floor(0.1 * (ys.length - 1))]);
          var w = ctx.measureText(text).width + 6, x = Math.max(0, Math.min(W - w, sx(mx) - w / 2));
          var box = null;
          [top - 22, sy(my) - 9].some(function (y) {
            var b = { x: x, y: y, w: w, h: 18 };
            if (y >= 0 && y + 18 <= H && !overlaps(b, boxes)) { box = b; return true; }
            return false;
          });
          if (!box || sx(mx) < 0 || sx(mx) > W) return;
          boxes.push(box);
          drawn.push({ community: k, text: text, x: box.x, y: box.y, w: box.w, h: box.h });
          ctx.lineWidth = 5;
          ctx.strokeStyle = "rgba(255,255,255,0.95)";
          ctx.strokeText(text, box.x + 3, box.y + 1);
          ctx.fillStyle = colourMode === "community" ? darker(communities[k].colour || "#555") : "#333";
          ctx.fillText(text, box.x + 3, box.y + 1);
        });
    }
    // paper labels, most important first (the paper hovered in a list before all)
    var placed = 0, tried = 0;
    for (var o = 0; o < ORDER.length && placed < MAX_LABELS && tried < MAX_TRIES; o++) {
      var id = ORDER[o];
      if (!body[id] || first.indexOf(id) >= 0) continue;
      tried += 1;
      if (placeLabel(id)) placed += 1;
    }
    window.graphx.labels = drawn;
    // the timeline's year axis
    window.graphx.yearTicks = [];
    if (overlay.layout === "time") drawYearAxis(ctx, sx, W, H);
    ctx.restore();
  }
  function darker(hex) {
    var v = parseInt(String(hex).replace("#", ""), 16);
    if (isNaN(v)) return "#333";
    return "rgb(" + [v >> 16, (v >> 8) & 255, v & 255].map(function (c) { return Math.round(c * 0.6); }).join(",") + ")";
  }
  // ---- the first frame: the page draws the map itself (links, dots, labels, community names) from the
  // positions it carries, before vis-network is even parsed; vis-network then takes over with the same view
  // (same centre and zoom), so the picture does not move, and the page's drawing is removed at its first frame.
  function countsText(papersShown, papersAll, linksShown, linksAll) {
    return papersShown + " of " + papersAll + " papers · " + linksShown + " of " + linksAll + " links";
  }
  function previewMap() {
    var canvas = document.createElement("canvas");
    canvas.id = "first-frame";
    canvas.setAttribute("aria-hidden", "true");
    container.appendChild(canvas);
    var W, H, ratio = window.devicePixelRatio || 1, scale = null;
    // vis-network's node size: the value scaled linearly between the smallest and largest on the map
    var drawnNodes = data.nodes.filter(function (n) { return onMap(n.id) && paperShown(n.id); });
    var values = drawnNodes.map(function (n) { return n.value; });
    var low = Math.min.apply(null, values), high = Math.max.apply(null, values);
    var body = {}, indices = [];
    drawnNodes.forEach(function (n) {
      var share = high === low ? 0.5 : Math.max(0, (n.value - low) / (high - low));
      body[n.id] = { x: n.x, y: n.y, options: { size: options.nodes.scaling.min + share * (options.nodes.scaling.max - options.nodes.scaling.min) }, node: n };
      indices.push(n.id);
    });
    // the view: every dot in sight, as vis-network's fit frames it (10% margin, never zoomed past 1)
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    indices.forEach(function (id) {
      var b = body[id], r = b.options.size;
      minX = Math.min(minX, b.x - r); maxX = Math.max(maxX, b.x + r); minY = Math.min(minY, b.y - r); maxY = Math.max(maxY, b.y + r);
    });
    if (!indices.length) { minX = maxX = minY = maxY = 0; }
    var centre = { x: (minX + maxX) / 2, y: (minY + maxY) / 2 };
    var links = data.edges.filter(function (e) { return body[e.from] && body[e.to] && edgeShown(e); });
    // the header counts what this frame draws, as updateCounts will once vis-network is drawing: the header
    // keeps its size (and so the map its view) when vis-network takes over
    document.getElementById("counts").textContent = countsText(indices.length, data.nodes.length, links.length, data.edges.length);
    function draw() {
      // sized when drawn (the legend above the map is filled in after this is made); the view is fixed by
      // the first drawing, so later drawings (lists hovered, words searched) do not move the map
      W = container.clientWidth;
      H = container.clientHeight;
      canvas.width = Math.round(W * ratio);
      canvas.height = Math.round(H * ratio);
      canvas.style.width = W + "px";
      canvas.style.height = H + "px";
      if (scale === null) scale = Math.min(1, W / Math.max(1e-9, 1.1 * (maxX - minX)), H / Math.max(1e-9, 1.1 * (maxY - minY)));
      var ctx = canvas.getContext("2d");
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      ctx.setTransform(ratio * scale, 0, 0, ratio * scale, ratio * (W / 2 - centre.x * scale), ratio * (H / 2 - centre.y * scale));
      // links grouped by their look, one path each, as vis-network draws them (straight, dashed keyword ties)
      var groups = {};
      links.forEach(function (e) {
        var key = e.color + "|" + (e.dashes ? 1 : 0) + "|" + e.width;
        (groups[key] || (groups[key] = [])).push(e);
      });
      Object.keys(groups).forEach(function (key) {
        var group = groups[key], first = group[0];
        ctx.strokeStyle = first.color;
        ctx.lineWidth = Math.max(first.width || 1, 0.3 / scale);
        ctx.setLineDash(first.dashes ? [5, 5] : []);
        ctx.beginPath();
        group.forEach(function (e) { ctx.moveTo(body[e.from].x, body[e.from].y); ctx.lineTo(body[e.to].x, body[e.to].y); });
        ctx.stroke();
      });
      ctx.setLineDash([]);
      indices.forEach(function (id) {
        var b = body[id], colour = b.node.color || {}, border = (b.node.borderWidth || 1) / scale;
        ctx.beginPath();
        ctx.arc(b.x, b.y, b.options.size, 0, 2 * Math.PI);
        ctx.fillStyle = colour.background;
        ctx.fill();
        ctx.lineWidth = Math.min(b.options.size, border);
        ctx.strokeStyle = colour.border;
        ctx.stroke();
      });
      drawOverlay(ctx);
    }
    return {
      preview: true, canvas: canvas, body: { nodes: body, nodeIndices: indices, edges: {}, edgeIndices: [] },
      getScale: function () { return scale; }, getViewPosition: function () { return { x: centre.x, y: centre.y }; },
      redraw: draw, fit: function () {}, focus: function () {}, setSelection: function () {}
    };
  }
  network = previewMap();  // drawn by showTab below, with the lists beside it
  var waiting = [];  // what was asked of the network before it was ready, done once it is
  function whenNetwork(action) { if (network.preview) waiting.push(action); else action(); }

  // vis-network (kept as inert text in the file so that parsing it does not delay the first frame) is run,
  // the network built on the same view, and the page's drawing removed once vis-network has drawn.
  var pendingClicks = [];  // clicks on the map before vis-network took over, answered once it has
  function queueClick(e) { if (network && network.preview) pendingClicks.push(e); }
  container.addEventListener("click", queueClick);
  function startNetwork() {
    var preview = network;
    var source = document.getElementById("vis-network-js");
    if (!source && typeof vis === "undefined") {  // the parser has not reached it yet
      document.addEventListener("DOMContentLoaded", startNetwork);
      return;
    }
    if (typeof vis === "undefined") {
      var script = document.createElement("script");
      script.textContent = source.textContent;
      document.head.appendChild(script);
    }
    nodes = new vis.DataSet(data.nodes);
    mapNodes = new vis.DataSet(data.nodes.filter(function (n) { return onMap(n.id); }));
    // (Filters run over the plain arrays: DataSet.get with a filter copies every item first, 100,000 copies.)
    mapEdges = new vis.DataSet(data.edges.filter(function (e) { return onMap(e.from) && onMap(e.to); }));
    nodeView = new vis.DataView(mapNodes, { filter: function (n) { return paperShown(n.id); } });
    edgeView = new vis.DataView(mapEdges, { filter: edgeShown });
    network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);
    network.moveTo({ position: preview.getViewPosition(), scale: preview.getScale(), animation: false });
    Object.assign(window.graphx, { network: network, nodes: nodes, nodeView: nodeView, mapNodes: mapNodes });
    network.on("afterDrawing", drawOverlay);
    network.once("afterDrawing", function () {
      preview.canvas.remove();
      container.removeEventListener("click", queueClick);
      window.graphx.drawn = true;
      window.graphx.drawnAt = performance.now();
      document.body.dataset.drawn = "true";
      pendingClicks.splice(0).forEach(function (e) {
        var frame = container.getBoundingClientRect();
        onMapClick({ pointer: { DOM: { x: e.clientX - frame.left, y: e.clientY - frame.top } }, event: { srcEvent: e } });
      });
    });
    network.on("hoverNode", function (params) {
      hideTip();
      showTip(tooltip(params.node), params.pointer.DOM);
    });
    network.on("blurNode", hideTip);
    network.on("hoverEdge", function (params) {
      if (tip) return;  // a paper's tooltip is showing
      showTip(linkTooltip(params.edge), params.pointer.DOM);
      overlay.link = [edges[params.edge].from, edges[params.edge].to];
      network.redraw();
    });
    network.on("blurEdge", function () {
      if (tip && tip.dataset.link) hideTip();
      if (overlay.link) { overlay.link = null; network.redraw(); }
    });
    network.on("dragStart", hideTip);
    network.on("zoom", hideTip);
    network.on("click", onMapClick);
    updateCounts();
    syncSelection();
    waiting.splice(0).forEach(function (action) { action(); });
    if (search.value.trim()) runSearch();  // words typed before the network was ready
  }

  // One tooltip element, filled on hover: building one per paper up front cost more than drawing the map.
  var graphBox = document.getElementById("graph");
  var tip = null;
  function hideTip() { if (tip) { tip.remove(); tip = null; } }
  function showTip(box, at) {
    // Beside the pointer (`at`, in the map's pixels), below and to the right, else on whichever side has the
    // room: always inside the part of the map that is on screen, so it never runs off the window.
    hideTip();
    tip = box;
    tip.classList.add("floating");
    tip.style.left = "0px";
    tip.style.top = "0px";
    graphBox.appendChild(tip);
    var frame = graphBox.getBoundingClientRect(), w = tip.offsetWidth, h = tip.offsetHeight, gap = 12, edge = 4;
    var left = Math.max(0, -frame.left) + edge, top = Math.max(0, -frame.top) + edge;
    var right = Math.min(frame.width, window.innerWidth - frame.left) - edge;
    var bottom = Math.min(frame.height, window.innerHeight - frame.top) - edge;
    var x = at.x + gap + w <= right ? at.x + gap : at.x - gap - w;
    var y = at.y + gap + h <= bottom ? at.y + gap : at.y - gap - h;
    tip.style.left = Math.round(Math.max(left, Math.min(x, right - w))) + "px";
    tip.style.top = Math.round(Math.max(top, Math.min(y, bottom - h))) + "px";
  }

  // ---- the side panel: tabs of ranked lists, a paper's page, the path finder, the basket ----
  var panel = document.getElementById("panel");
  var tabsBox = document.getElementById("tabs");
  var TABS = [
    ["central", "Central"], ["prior", "Prior works"], ["derivative", "Derivative works"], ["reviews", "Reviews"],
    ["missing", "Missing from your list"], ["path", "Path"], ["basket", "Basket"]
  ];
  var activeTab = "central";
  var panelViews = {};  // lists shown in the panel that have no tab of their own (what is new: "Today", "Changes")
  var CITATION_TABS = { prior: true, derivative: true, reviews: true, path: true };  // lists that follow citations alone
  TABS.forEach(function (spec) {
    var b = el("button", spec[1]);
    b.type = "button";
    b.id = "tab-" + spec[0];
    b.setAttribute("role", "tab");
    if (!HAS_CITATIONS && CITATION_TABS[spec[0]]) {
      b.disabled = true;
      b.title = "Follows citations: this graph has none";
    }
    b.addEventListener("click", function () { current = null; syncSelection(); showTab(spec[0]); revealPanel(); });
    tabsBox.appendChild(b);
  });
  if (!HAS_CITATIONS) {
    var why = el("p", "The greyed lists follow citations: no paper here cites another.", "tabs-note");
    why.id = "no-citations-tabs";
    tabsBox.parentNode.insertBefore(why, panel);
  }
  // In a narrow window the panel sits below the map: what a click opens there is brought into view.
  var aside = panel.parentNode;
  function revealPanel() {
    var box = aside.getBoundingClientRect();
    if (box.top < graphBox.getBoundingClientRect().bottom - 1) return;  // beside the map, in view already
    if (box.top >= 0 && (box.top <= window.innerHeight - 200 || box.bottom <= window.innerHeight)) return;  // on screen, with room to read
    var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    aside.scrollIntoView({ behavior: still ? "auto" : "smooth", block: "start" });
  }
  // The WAI-ARIA tabs pattern: one tab in the Tab order (the active one), arrow keys, Home and End move
  // between the tabs that can be opened and open them.
  tabsBox.addEventListener("keydown", function (e) {
    var open = Array.prototype.filter.call(tabsBox.querySelectorAll("button[role=tab]"), function (b) { return !b.disabled; });
    var at = open.indexOf(document.activeElement);
    if (at < 0) return;
    var to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: open.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    var tab = open[(to + open.length) % open.length];
    tab.focus();
    tab.click();
  });
  function updateTabs() {
    TABS.forEach(function (spec) {
      var b = document.getElementById("tab-" + spec[0]);
      b.setAttribute("aria-selected", String(spec[0] === activeTab && current === null));
      b.tabIndex = spec[0] === activeTab || (!TABS.some(function (t) { return t[0] === activeTab; }) && spec[0] === "central") ? 0 : -1;
      if (spec[0] === "basket") b.textContent = "Basket (" + basket.length + ")";
    });
    Object.keys(panelViews).forEach(function (name) {
      panelViews[name].button.setAttribute("aria-pressed", String(name === activeTab && current === null));
    });
  }
  function setPanel() {
    panel.replaceChildren();
    panel.scrollTop = 0;
    Array.prototype.forEach.call(arguments, function (child) { if (child) panel.appendChild(child); });
  }
  function hoverable(node, id) {
    node.addEventListener("mouseenter", function () { overlay.hover = id; network.redraw(); });
    node.addEventListener("mouseleave", function () { if (overlay.hover === id) { overlay.hover = null; network.redraw(); } });
  }
  function paperButton(id) {
    var b = el("button", (papers[id] && papers[id].title) || id, "link");
    b.type = "button";
    b.addEventListener("click", function () { focus(id); revealPanel(); openedFrom = id; });
    return b;
  }
  // One list entry: the paper, then the number it is ranked by, its year and its citations.
  function entry(id, valueText, extra) {
    var li = el("li");
    li.dataset.id = id;
    li.appendChild(paperButton(id));
    var p = papers[id] || {};
    var value = el("div", null, "value");
    if (valueText) { value.appendChild(el("b", valueText)); }
    var rest = [p.year === undefined ? "no year" : p.year, citationsText(p)].filter(Boolean).join(" · ");
    value.appendChild(document.createTextNode((valueText ? " · " : "") + rest));
    li.appendChild(value);
    if (extra) li.appendChild(el("div", extra, "value"));
    hoverable(li, id);
    return li;
  }
  var STEP = 50;  // entries a list shows at first, and adds at each "Show more"
  function listOf(ids, heading, valueOf, limit, grew) {
    // The first `limit` (default 50) of `ids`, then a "Show 50 more" button while more are left; `grew(shown)`
    // hears how many are listed after each press (the Central list keeps that number across filters).
    limit = limit || STEP;
    var frag = document.createDocumentFragment();
    var title = el("h3");
    var ol = el("ol");
    var more = el("button", null, "more");
    more.type = "button";
    var listed = 0;
    function grow(to) {
      var first = null;
      ids.slice(listed, to).forEach(function (id) {
        var li = entry(id, valueOf ? valueOf(id) : null);
        ol.appendChild(li);
        first = first || li;
      });
      listed = Math.min(to, ids.length);
      title.textContent = heading + (ids.length > listed ? " (first " + listed + " of " + ids.length + ")" : " (" + ids.length + ")");
      var left = ids.length - listed;
      more.hidden = left <= 0;
      more.textContent = "Show " + Math.min(STEP, left) + " more (" + left + " not listed)";
      return first;
    }
    grow(limit);
    more.addEventListener("click", function () {
      var first = grow(listed + STEP);
      if (grew) grew(listed);
      if (first) first.querySelector("button").focus();  // the keyboard carries on from the first paper added
    });
    frag.appendChild(title);
    frag.appendChild(ol);
    frag.appendChild(more);
    return frag;
  }

  var RANKINGS = [
    ["pagerank", "PageRank (importance in this graph's citations)"], ["local_citations", "Cited by papers here"],
    ["cited_by_count", "Citations in all the literature"], ["keyword_strength", "Ties to the other papers (shared keywords)"],
    ["hits_authority", "Authority (foundational)"], ["hits_hub", "Hub (surveys)"], ["betweenness", "Betweenness (bridges)"],
    ["similarity", "Similarity to your seeds"], ["citations_per_year", "Citations per year"], ["year", "Newest first"]
  ];
  var rankingBy = data.ranking.key;
  function tieOf(key) { return key === data.ranking.tie ? "pagerank" : data.ranking.tie; }

  var centralListed = STEP;  // how many papers the Central list shows (grown by "Show more", kept across filters)
  function showCentral() {
    var label = el("label", "Rank by ");
    var select = el("select");
    select.id = "rank-by";
    RANKINGS.forEach(function (spec) {
      var option = el("option", spec[1]);
      option.value = spec[0];
      option.selected = spec[0] === rankingBy;
      if (spec[0] !== rankingBy && !informative(spec[0])) {  // the same for every paper here: nothing to rank by
        option.disabled = true;
        option.textContent += " (" + whyUninformative(spec[0]) + ")";
      }
      select.appendChild(option);
    });
    select.addEventListener("change", function () { rankingBy = select.value; centralListed = STEP; showTab("central"); document.getElementById("rank-by").focus(); });
    label.appendChild(select);
    var tie = tieOf(rankingBy);
    // what the order is by, in words: with no citations the graph's own order is by shared-keyword ties
    // (rank.central_order), and a tie-break that is the same for every paper is not worth a sentence
    var said = [];
    if (!HAS_CITATIONS && rankingBy === data.ranking.key) {
      said.push("This graph has no citations, so its papers are ranked by their ties to the others: how strongly their keywords are shared.");
    }
    if (informative(tie)) said.push("Ties broken by " + (SCORE_NAMES[tie] === "citations" ? "citations in all the literature" : SCORE_NAMES[tie]) + ".");
    said.push("Papers hidden by the filters are left out. Hover a paper to find it on the map; click to read it.");
    var note = el("p", said.join(" "), "meta");
    // the default ranking is the page's ORDER, sorted once
    var ranked = rankingBy === data.ranking.key ? ORDER.filter(paperShown) : Object.keys(papers).filter(paperShown).sort(ranker(rankingBy, tie));
    var spec = RANKINGS.filter(function (r) { return r[0] === rankingBy; })[0];
    var ids = Object.keys(papers), unfound = ids.filter(function (id) { return !identified(papers[id]); }).length;
    var alone = unfound ? el("p", (unfound === ids.length ? "None of the " + ids.length + " papers was found in a source"
      : unfound + " of the " + ids.length + " papers were found in no source") + " (an offline build, or titles no source holds): "
      + (unfound === ids.length ? "they are" : "those are") + " linked by the words of their titles and abstracts alone, with no citations or counts. resolution.csv says why for each.", "meta unfound") : null;
    setPanel(el("h2", "Most central papers"), label, alone, note, ranked.length ? null : nothingShown(),
      listOf(ranked, "By " + spec[1], function (id) { return SCORE_NAMES[rankingBy] + " " + formatScore(rankingBy, papers[id][rankingBy]); },
        centralListed, function (listed) { centralListed = listed; }));
  }

  // the score beside a suggestion, where its reason does not already say it ("cites 1 of your 1 seed: …")
  var LIST_VALUES = {
    missing: function (s) { return "similarity " + Number(s.score).toFixed(3); }
  };
  var LIST_EMPTY = {
    prior: "No paper outside your seeds is cited by two or more papers of this graph.",
    derivative: "No paper here cites your seeds.",
    reviews: "No paper here cites three or more papers of this graph.",
    missing: "No paper outside your seeds shares references, citers or keywords with them."
  };
  function showSuggestions(name) {
    var items = (data.suggestions[name] || []).filter(function (s) { return papers[s.id]; });
    var ol = el("ol");
    items.forEach(function (s) { ol.appendChild(entry(s.id, LIST_VALUES[name] ? LIST_VALUES[name](s) : null, s.reason)); });
    // ties as the build breaks them (PageRank, then citations in all), said only where they tell papers apart
    var ties = [informative("pagerank") ? "PageRank" : "", informative("cited_by_count") ? "citations in all the literature" : ""].filter(Boolean);
    setPanel(el("h2", data.list_names[name]), el("p", "Best first" + (ties.length ? "; ties broken by " + ties.join(", then ") : "")
      + ". The build's suggestions.csv holds the same list.", "meta"),
      items.length ? ol : el("p", LIST_EMPTY[name], "meta"));  // (with no citations at all, the lists but Missing are turned off)
  }

  function showTab(name) {
    activeTab = name;
    current = null;
    if (name !== "path") { overlay.path = []; }
    if (name === "central") showCentral();
    else if (name === "path") showPath();
    else if (name === "basket") showBasket();
    else if (panelViews[name]) panelViews[name].show();
    else showSuggestions(name);
    updateTabs();
    network.redraw();
  }

  function showPaper(id) {
    var p = papers[id];
    if (!p) return showTab(activeTab);
    current = id;
    var links = el("p");
    LINKS.forEach(function (spec) {
      if (p[spec[0]]) { links.appendChild(link(spec[2], p[spec[0]], spec[1])); links.appendChild(document.createTextNode(" ")); }
    });
    if (!identified(p)) {  // no source knew it (an offline build, or a title no source holds): a search is the way to the paper
      links.appendChild(document.createTextNode("Found in no source (resolution.csv says why); search for it: "));
      SEARCHES.forEach(function (spec) { links.appendChild(searchLink(spec[1], p.title || id, spec[0])); links.appendChild(document.createTextNode(" ")); });
    }
    var back = el("button", "← Back to the list", "link");
    back.type = "button";
    back.addEventListener("click", function () { current = null; syncSelection(); showTab(activeTab); returnFocus(); });
    var inBasket = basket.indexOf(id) >= 0;
    var add = el("button", inBasket ? "Remove from basket" : "Add to basket");
    add.type = "button";
    add.id = "basket-toggle";
    add.addEventListener("click", function () { toggleBasket(id); showPaper(id); });
    var cites = [], citedBy = [];
    edges.forEach(function (e) {
      if (e.kind !== "cites") return;
      if (e.from === id) cites.push(e.to);
      if (e.to === id) citedBy.push(e.from);
    });
    var byImportance = ranker(data.ranking.key, data.ranking.tie);
    cites.sort(byImportance);
    citedBy.sort(byImportance);
    setPanel(back, el("h2", p.title || id), el("div", byline(p), "meta"), links, add,
      el("p", citationFacts(p), "meta"),
      el("p", "Community " + p.community + ": " + communityName(String(p.community)), "meta"),
      scoreTable(p),
      p.similarity_reason ? el("p", "Tied to your seeds: " + p.similarity_reason, "reason") : null,
      p.keywords ? el("p", "Keywords: " + p.keywords, "meta") : null,
      p.sources ? el("p", "Found in: " + p.sources
        + (p.reference_count ? " · references known " + (p.references_known || 0) + " of " + p.reference_count : "")
        + (p.versions ? " · also as " + p.versions : ""), "meta provenance") : null,
      abstractOf(id),
      listOf(cites, "Cites in this graph"), listOf(citedBy, "Cited by in this graph"));
    updateTabs();
  }

  function citationFacts(p) {
    // "Cited by 999 here, 10,059 in all (135 a year) · cites 8 here · your seed": counts here only when the
    // graph has citations, the count in all the literature only when a source gave one
    var yearly = p.citations_per_year === undefined ? ""
      : " (" + Number(p.citations_per_year.toFixed(p.citations_per_year < 10 ? 1 : 0)).toLocaleString("en") + " a year)";
    var all = p.cited_by_count === undefined ? "" : Number(p.cited_by_count).toLocaleString("en");
    var facts = [];
    if (HAS_CITATIONS) facts.push("Cited by " + (p.local_citations || 0) + " here" + (all ? ", " + all + " in all" + yearly : ""), "cites " + (p.local_references || 0) + " here");
    else if (all) facts.push("Cited by " + all + " in all the literature" + yearly);
    if (p.is_seed) facts.push(facts.length ? "your seed" : "Your seed");
    return facts.join(" · ");
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
      if (p[spec[0]] === undefined || (!HAS_CITATIONS && CITATION_SCORES[spec[0]])) return;  // the same for every paper
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

  // vis-network's selection mirrors the basket and the paper being read.
  function syncSelection() {
    if (network.preview) return;  // startNetwork syncs it
    var chosen = (current ? [current] : []).concat(basket.filter(function (id) { return id !== current && mapNodes.get(id) !== null; }));
    network.setSelection({ nodes: chosen.filter(function (id) { return nodeView.get(id) !== null; }), edges: [] }, { unselectAll: true, highlightEdges: false });
  }

  var openedFrom = null;  // the paper whose list entry opened the details shown (Escape or Back returns to it)
  function returnFocus() {
    // After the details close: the focus back on the list entry that opened them, else on the open tab.
    var id = openedFrom;
    openedFrom = null;
    if (id === null) return;
    var entry = Array.prototype.filter.call(panel.querySelectorAll("li[data-id]"), function (li) { return li.dataset.id === id; })[0];
    var target = entry ? entry.querySelector("button.link") : tabsBox.querySelector("button[aria-selected=true]");
    if (target) target.focus();
  }
  function focus(id) {
    // The panel first: it answers at once, while the canvas (slow to redraw at thousands of links) follows
    // in the next frame.
    showPaper(id);
    window.requestAnimationFrame(function () { whenNetwork(function () {
      reveal(id);
      syncSelection();
      network.focus(id, { scale: Math.max(0.8, network.getScale()), animation: data.nodes.length > 2000 ? false : { duration: 300 } });
    }); });
  }

  // ---- the basket: papers picked by ctrl/cmd-click or shift-drag, for export or a new graph ----
  function toggleBasket(id) {
    var at = basket.indexOf(id);
    if (at >= 0) basket.splice(at, 1); else basket.push(id);
    basketChanged();
  }
  function addToBasket(ids) {
    ids.forEach(function (id) { if (basket.indexOf(id) < 0) basket.push(id); });
    basketChanged();
  }
  function basketChanged() {
    syncSelection();
    updateTabs();
    if (activeTab === "basket" && current === null) showBasket();
  }
  function commandArgument(id) {
    // The identifier `graphx build` resolves best: DOI, then arXiv, OpenAlex, Semantic Scholar, else the title.
    var p = papers[id] || {};
    var value = p.doi || (p.arxiv ? "arXiv:" + p.arxiv : "") || p.openalex || p.s2 || p.title || id;
    return /^[\w.:\/-]+$/.test(value) ? value : "'" + String(value).replace(/'/g, "'\\''") + "'";
  }
  function showBasket() {
    var header = el("h2", basket.length ? "Your basket: " + basket.length + " paper" + (basket.length === 1 ? "" : "s") : "Your basket is empty");
    var how = el("p", "Ctrl/⌘-click papers on the map, or hold Shift and drag a box around them, to add them here. "
      + "BibTeX, RIS and CSL-JSON then export the basket; with an empty basket they export every paper shown.", "meta");
    if (!basket.length) { setPanel(header, how); updateTabs(); return; }
    var ol = el("ol");
    basket.forEach(function (id) {
      var li = entry(id, null);
      var remove = el("button", "✕", "remove");
      remove.type = "button";
      remove.title = "Remove from basket";
      remove.setAttribute("aria-label", "Remove " + (papers[id].title || id) + " from basket");
      remove.addEventListener("click", function () { toggleBasket(id); });
      li.insertBefore(remove, li.firstChild);
      ol.appendChild(li);
    });
    var clear = el("button", "Clear basket");
    clear.type = "button";
    clear.id = "basket-clear";
    clear.addEventListener("click", function () { basket = []; basketChanged(); });
    var command = el("textarea", null, "command");
    command.id = "basket-command";
    command.readOnly = true;
    command.rows = 3;
    command.value = "graphx build " + basket.map(commandArgument).join(" ");
    var copy = el("button", "Copy");
    copy.type = "button";
    copy.addEventListener("click", function () { command.select(); if (navigator.clipboard) navigator.clipboard.writeText(command.value).catch(function () {}); });
    setPanel(header, how, clear, ol, el("h3", "A new graph from these papers"),
      el("p", "This command builds a graph with the basket's papers as its seeds:", "meta"), command, copy);
    updateTabs();
  }

  // ---- the path between two papers, as `graphx path` finds it, drawn on the map ----
  var citeNeighbours = null;
  function citationNeighbours() {
    if (!citeNeighbours) {
      citeNeighbours = {};
      data.edges.forEach(function (e) {
        if (e.kind !== "cites" || e.from === e.to) return;
        (citeNeighbours[e.from] = citeNeighbours[e.from] || {})[e.to] = "cites";
        (citeNeighbours[e.to] = citeNeighbours[e.to] || {})[e.from] = citeNeighbours[e.to][e.from] || "cited by";
      });
    }
    return citeNeighbours;
  }
  function shortestPaths(source, target, limit) {
    // Breadth-first over citations taken either way, keeping every predecessor on a shortest route.
    var next = citationNeighbours(), depth = {}, parents = {}, frontier = [source];
    depth[source] = 0;
    while (frontier.length && depth[target] === undefined) {
      var following = [];
      frontier.forEach(function (u) {
        Object.keys(next[u] || {}).sort().forEach(function (v) {
          if (depth[v] === undefined) { depth[v] = depth[u] + 1; parents[v] = [u]; following.push(v); }
          else if (depth[v] === depth[u] + 1) parents[v].push(u);
        });
      });
      frontier = following;
    }
    if (depth[target] === undefined) return [];
    var paths = [];
    (function walk(node, tail) {
      if (paths.length >= limit) return;
      if (node === source) { paths.push([source].concat(tail)); return; }
      parents[node].slice().sort().forEach(function (u) { walk(u, [node].concat(tail)); });
    })(target, []);
    return paths;
  }
  var pathEnds = [null, null];
  function showPath() {
    if (basket.length === 2 && !pathEnds[0] && !pathEnds[1]) pathEnds = basket.slice();
    var form = el("div", null, "path-form");
    var inputs = ["From", "To"].map(function (name, i) {
      var label = el("label", name + " ");
      var input = el("input");
      input.type = "search";
      input.id = "path-" + name.toLowerCase();
      input.setAttribute("list", "search-options");
      input.placeholder = "words of a title, an author, a DOI …";
      input.value = pathEnds[i] ? papers[pathEnds[i]].title || pathEnds[i] : "";
      label.appendChild(input);
      form.appendChild(label);
      return input;
    });
    var go = el("button", "Find citation paths");
    go.type = "button";
    go.id = "path-go";
    form.appendChild(go);
    var result = el("div");
    result.id = "path-result";
    function run() {
      pathEnds = inputs.map(function (input) { var hits = findAll(input.value); return hits.length ? hits[0] : null; });
      result.replaceChildren();
      overlay.path = [];
      if (!pathEnds[0] || !pathEnds[1]) {
        result.appendChild(el("p", "No paper matches " + (!pathEnds[0] ? "“" + inputs[0].value + "”" : "“" + inputs[1].value + "”") + ".", "meta"));
        network.redraw();
        return;
      }
      var paths = shortestPaths(pathEnds[0], pathEnds[1], 5);
      if (!paths.length) {
        result.appendChild(el("p", "No citation path links these two papers in this graph.", "meta"));
        network.redraw();
        return;
      }
      var steps = paths[0].length - 1;
      result.appendChild(el("h3", paths.length + " shortest path" + (paths.length === 1 ? "" : "s") + " of " + steps + " step" + (steps === 1 ? "" : "s")));
      var onPath = {};
      paths.forEach(function (path, number) {
        var ol = el("ol");
        ol.className = "path";
        path.forEach(function (id, i) {
          onPath[id] = true;
          var how = i + 1 < path.length ? (citationNeighbours()[id][path[i + 1]] === "cites" ? "↓ cites" : "↓ is cited by") : null;
          ol.appendChild(entry(id, null, how));
          if (i + 1 < path.length) overlay.path.push([id, path[i + 1]]);
        });
        result.appendChild(el("p", "Path " + (number + 1), "meta"));
        result.appendChild(ol);
      });
      addToMapIfHidden(Object.keys(onPath));
      network.fit({ nodes: Object.keys(onPath).filter(function (id) { return nodeView.get(id) !== null; }), animation: false });
      network.redraw();
    }
    go.addEventListener("click", run);
    inputs.forEach(function (input) { input.addEventListener("keydown", function (e) { if (e.key === "Enter") run(); }); });
    setPanel(el("h2", "Path between two papers"),
      el("p", "The shortest chains of citations (either way) linking two papers, as `graphx path` prints them, drawn on the map in orange. "
        + "With two papers in your basket, they are filled in.", "meta"), form, result);
    if (pathEnds[0] && pathEnds[1]) run();
  }
  function addToMapIfHidden(ids) {
    if (shown.top) { addToMap(ids); updateCounts(); }
  }

  function onMapClick(params) {
    var event = params.event && params.event.srcEvent ? params.event.srcEvent : {};
    var id = network.getNodeAt(params.pointer.DOM);
    if (id !== undefined && (event.ctrlKey || event.metaKey)) {
      toggleBasket(id);
    } else if (id !== undefined) {
      openedFrom = null;
      showPaper(id);
      syncSelection();
      revealPanel();
    } else {
      current = null;
      syncSelection();
      showTab(activeTab);
    }
  }

  // Shift-drag: a box whose papers join the basket (vis-network has no box selection of its own).
  var lasso = null;
  container.addEventListener("pointerdown", function (e) {
    if (!e.shiftKey || e.button !== 0) return;
    e.stopPropagation();
    e.preventDefault();
    var frame = container.getBoundingClientRect();
    var start = { x: e.clientX - frame.left, y: e.clientY - frame.top };
    lasso = el("div");
    lasso.id = "lasso";
    graphBox.appendChild(lasso);
    function move(ev) {
      var x = ev.clientX - frame.left, y = ev.clientY - frame.top;
      lasso.style.left = Math.min(start.x, x) + "px"; lasso.style.top = Math.min(start.y, y) + "px";
      lasso.style.width = Math.abs(x - start.x) + "px"; lasso.style.height = Math.abs(y - start.y) + "px";
    }
    function up(ev) {
      window.removeEventListener("pointermove", move, true);
      window.removeEventListener("pointerup", up, true);
      var x = ev.clientX - frame.left, y = ev.clientY - frame.top;
      var box = { left: Math.min(start.x, x), right: Math.max(start.x, x), top: Math.min(start.y, y), bottom: Math.max(start.y, y) };
      lasso.remove();
      lasso = null;
      var inside = network.body.nodeIndices.filter(function (id) {
        var n = network.body.nodes[id], p = network.canvasToDOM({ x: n.x, y: n.y });
        return p.x >= box.left && p.x <= box.right && p.y >= box.top && p.y <= box.bottom;
      });
      inside.sort(ranker(data.ranking.key, data.ranking.tie));
      addToBasket(inside);
      setStatus(inside.length + " paper" + (inside.length === 1 ? "" : "s") + " added to your basket");
    }
    window.addEventListener("pointermove", move, true);
    window.addEventListener("pointerup", up, true);
    move(e);
  }, true);
  container.addEventListener("mousedown", function (e) { if (e.shiftKey) { e.stopPropagation(); } }, true);

  // ---- search: every word must match, in any order, in any field ----
  var search = document.getElementById("search");
  var searchStatus = document.getElementById("search-status");
  var optionsList = document.getElementById("search-options");
  var ids = Object.keys(papers);
  function fillSuggestions() {
    // the titles the search boxes suggest, made when a search box is first used (not before the first frame)
    if (optionsList.childNodes.length) return;
    ORDER.slice(0, 5000).forEach(function (id) { var o = el("option"); o.value = papers[id].title || id; optionsList.appendChild(o); });
  }
  document.addEventListener("focusin", function (e) { if (e.target && e.target.getAttribute && e.target.getAttribute("list") === "search-options") fillSuggestions(); });
  var haystacks = null, titles = null;  // every paper's searched text and title, folded (made at the first search)
  function fold(text) {
    // Lower case without accents (NFD, combining marks dropped), so "Godel" finds "Gödel" and "Gödel" finds "Godel".
    return String(text).normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  }
  function bareIdentifier(word) {
    // An identifier as a link or with its prefix (doi.org and dx.doi.org links, "doi:", arxiv.org/abs and /pdf
    // links, "arXiv:", openalex.org links; `word` is folded to lower case) made the bare identifier that
    // papers carry, so that a DOI or arXiv link pasted from a browser finds its paper.
    return word.replace(/^(https?:\/\/)?(dx\.)?doi\.org\//, "").replace(/^doi:/, "")
      .replace(/^(https?:\/\/)?(www\.|export\.)?arxiv\.org\/(abs|pdf)\/(.+?)(v\d+)?(\.pdf)?$/, "$4").replace(/^arxiv:(.+?)(v\d+)?$/, "$1")
      .replace(/^(https?:\/\/)?(api\.)?openalex\.org\/(works\/)?/, "");
  }
  function findAll(text) {
    var words = fold(text).split(/\s+/).map(bareIdentifier).filter(Boolean);
    if (!words.length) return [];
    if (!haystacks) {
      haystacks = {};
      titles = {};
      ids.forEach(function (id) {
        var p = papers[id];
        titles[id] = fold(p.title || "");
        haystacks[id] = fold([p.title, p.authors, p.doi, p.venue, p.year, p.arxiv, p.openalex, id].filter(function (v) { return v !== undefined; }).join(" \u0001 "));
      });
    }
    var whole = fold(text.trim());
    var hits = ids.filter(function (id) { var h = haystacks[id]; return words.every(function (w) { return h.indexOf(w) >= 0; }); });
    var byRank = ranker(data.ranking.key, data.ranking.tie);
    hits.sort(function (a, b) {
      var ea = titles[a] === whole, eb = titles[b] === whole;
      return (eb - ea) || byRank(a, b);
    });
    return hits;
  }
  function runSearch() {
    var text = search.value;
    if (text.trim() === found.text) return;
    found = { text: text.trim(), hits: findAll(text), at: -1 };
    searchStatus.className = "";
    network.redraw();
    if (!found.text) { searchStatus.textContent = ""; showTab(activeTab); return; }
    if (!found.hits.length) {
      searchStatus.textContent = "No paper matches";
      searchStatus.className = "none";
      setPanel(el("h2", "No paper matches “" + found.text + "”"),
        el("p", "Every word must appear in the title, authors, DOI, venue or year. Try fewer words. Escape returns to the lists.", "meta"));
      return;
    }
    searchStatus.textContent = found.hits.length + " match" + (found.hits.length === 1 ? "" : "es");
    showHits();
  }
  function showHits() {
    var ol = el("ol");
    found.hits.slice(0, 500).forEach(function (id, i) {
      var li = entry(id, null);
      if (i === found.at) li.className = "hit";
      ol.appendChild(li);
    });
    setPanel(el("h2", found.hits.length + (found.hits.length === 1 ? " paper matches “" : " papers match “") + found.text + "”"),
      el("p", "Most central first" + (found.hits.length > 500 ? "; the first 500 are listed" : "") + ". Enter or ▶ steps to the next, ◀ back; Escape returns to the overview.", "meta"), ol);
  }
  function step(delta) {
    runSearch();
    if (!found.hits.length) return;
    found.at = (found.at + delta + found.hits.length) % found.hits.length;
    searchStatus.textContent = (found.at + 1) + " of " + found.hits.length;
    var id = found.hits[found.at];
    focus(id);
  }
  var typing = null;
  search.addEventListener("input", function () { window.clearTimeout(typing); typing = window.setTimeout(runSearch, 150); });
  search.addEventListener("keydown", function (e) {
    if (e.key === "Enter") { e.preventDefault(); window.clearTimeout(typing); step(e.shiftKey ? -1 : 1); }
    if (e.key === "Escape") { e.preventDefault(); resetView(); }
  });
  document.getElementById("search-next").addEventListener("click", function () { step(1); });
  document.getElementById("search-prev").addEventListener("click", function () { step(-1); });
  function resetView() {
    window.clearTimeout(typing);
    search.value = "";
    found = { text: "", hits: [], at: -1 };
    searchStatus.textContent = "";
    searchStatus.className = "";
    current = null;
    overlay.hover = null;
    syncSelection();
    if (shown.community !== "all") {  // back to the whole map: the community picked from the legend is let go
      shown.community = "all";
      communitySelect.value = "all";
      if (nodeView) { nodeView.refresh(); edgeView.refresh(); updateCounts(); }
      showLegend();
    }
    showTab(activeTab === "path" ? "central" : activeTab);
    returnFocus();
    network.fit({ animation: false });
  }
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    var tag = document.activeElement && document.activeElement.tagName;
    if (document.activeElement === search || tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") { if (document.activeElement !== search) document.activeElement.blur(); }
    resetView();
  });

  // The layout opens still (the positions are computed in Python); the button lets the dots move under
  // vis-network's forces, and frames the whole map again once they settle.
  var physics = document.getElementById("physics");
  physics.addEventListener("click", function () { whenNetwork(function () {
    var on = physics.getAttribute("aria-pressed") !== "true";
    network.setOptions({ physics: { enabled: on } });
    physics.setAttribute("aria-pressed", String(on));
    physics.textContent = "Layout: " + (on ? "moving" : "still");
    if (on) network.once("stabilized", function () { network.fit({ animation: false }); });
  }); });
  document.getElementById("fit").addEventListener("click", resetView);

  // ---- filters, colouring and legend ----
  var counts = document.getElementById("counts");
  function updateCounts() {
    if (!nodeView) return;  // the page's header holds the counts until the network is ready
    counts.textContent = countsText(nodeView.length, nodes.length, edgeView.length, edges.length);
  }
  function applyFilters(fit) {
    // `fit`: a filter that picks papers (years, community, cited here, scope) frames the papers it leaves, so
    // a community picked from the legend fills the map instead of sitting small in a corner of it.
    if (!nodeView) return whenNetwork(function () { applyFilters(fit); });
    nodeView.refresh();
    edgeView.refresh();
    updateCounts();
    if (fit === true) network.fit({ animation: false });
    showEmpty();
    if (current === null && !found.text) showTab(activeTab);
  }
  // ---- filters that leave no paper: said over the map and in the list, with one way back ----
  var emptyBox = document.getElementById("empty");
  function resetFilters() {
    // Every filter of papers back to its start: years, community, who is shown, cited here, new since.
    shown.yearFrom = shown.yearTo = null;
    shown.scope = "all";
    shown.minCitations = 0;
    shown.community = "all";
    yearFrom.value = "";
    yearTo.value = "";
    document.getElementById("scope").value = "all";
    document.getElementById("min-citations").value = "0";
    communitySelect.value = "all";
    var since = document.getElementById("new-since");
    if (since && since.value) { since.value = ""; since.dispatchEvent(new Event("change")); }
    setStatus("Filters reset: every paper is shown");
    applyFilters(true);
    showLegend();
  }
  function filtersOn() {
    // the filters of papers that are on, in words: "Years 2030–any · cited here ≥ 5000"
    var on = [];
    if (shown.yearFrom !== null || shown.yearTo !== null) on.push("years " + (shown.yearFrom === null ? "any" : shown.yearFrom) + "–" + (shown.yearTo === null ? "any" : shown.yearTo));
    if (shown.community !== "all") on.push("community " + shown.community);
    if (shown.scope !== "all") on.push(shown.scope === "seeds" ? "seeds only" : "seeds + neighbours");
    if (shown.minCitations) on.push("cited here ≥ " + shown.minCitations);
    var since = document.getElementById("new-since");
    if (since && since.value) on.push("new since " + since.value);
    var text = on.join(" · ");
    return text ? text.charAt(0).toUpperCase() + text.slice(1) + "." : "";
  }
  function resetButton() {
    var b = el("button", "Reset all filters", "reset-filters");
    b.type = "button";
    b.addEventListener("click", resetFilters);
    return b;
  }
  function nothingShown() {
    var box = el("p", "No paper matches these filters. ", "unfound");
    box.appendChild(resetButton());
    return box;
  }
  function showEmpty() {
    var none = nodeView !== null && nodeView.length === 0 && nodes.length > 0;
    if (none === !emptyBox.hidden) return;
    emptyBox.replaceChildren();
    if (none) {
      emptyBox.appendChild(el("strong", "No paper matches these filters"));
      emptyBox.appendChild(el("span", filtersOn() + " "));
      emptyBox.appendChild(resetButton());
    }
    emptyBox.hidden = !none;
  }
  function showCommunity(key) {
    // One community on the map (or every one, "all"), framed; the legend, the selector and the list of
    // communities all pick through here.
    shown.community = key;
    communitySelect.value = key;
    applyFilters(true);
    showLegend();
  }
  function numberOrNull(value) { return value === "" ? null : Number(value); }
  var yearFrom = document.getElementById("year-from"), yearTo = document.getElementById("year-to");
  function readYears() {
    // A "from" year later than the "to" year is read the other way round, and the boxes say so.
    var from = numberOrNull(yearFrom.value), to = numberOrNull(yearTo.value);
    if (from !== null && to !== null && from > to) {
      yearFrom.value = String(to);
      yearTo.value = String(from);
      setStatus("Years " + from + "–" + to + " read as " + to + "–" + from);
      var later = from;
      from = to;
      to = later;
    }
    shown.yearFrom = from;
    shown.yearTo = to;
    applyFilters(true);
  }
  yearFrom.addEventListener("change", readYears);
  yearTo.addEventListener("change", readYears);
  document.getElementById("min-citations").addEventListener("change", function (e) { shown.minCitations = Number(e.target.value) || 0; applyFilters(true); });
  document.getElementById("scope").addEventListener("change", function (e) { shown.scope = e.target.value; applyFilters(true); });
  document.getElementById("community").addEventListener("change", function (e) { showCommunity(e.target.value); });
  document.getElementById("show-cites").addEventListener("change", function (e) { shown.cites = e.target.checked; applyFilters(); });
  document.getElementById("show-keyword").addEventListener("change", function (e) { shown.keyword = e.target.checked; applyFilters(); });
  if (!HAS_CITATIONS) {  // nothing to filter by: said once, beside the controls it turns off
    ["show-cites", "min-citations"].forEach(function (name) {
      var input = document.getElementById(name);
      input.disabled = true;
      input.parentNode.classList.add("off");
      input.parentNode.title = "This graph has no citations";
    });
    var noCitations = el("span", "No paper here cites another: citation links, counts and scores are off.", "note off");
    noCitations.id = "no-citations";
    document.getElementById("min-citations").parentNode.after(noCitations);
  }
  document.getElementById("year-from").placeholder = firstYear === null ? "" : String(firstYear);
  document.getElementById("year-to").placeholder = lastYear === null ? "" : String(lastYear);

  var communitySelect = document.getElementById("community");
  communityKeys.forEach(function (key) {
    var option = el("option", key + ": " + communityName(key) + " (" + communities[key].size + ")");
    option.value = key;
    communitySelect.appendChild(option);
  });

  // "… and N smaller communities": a list of every community in the panel, each one click from the map.
  var moreCommunities = el("button", null, "link note");
  moreCommunities.type = "button";
  moreCommunities.id = "more-communities";
  moreCommunities.title = "List every community";
  moreCommunities.addEventListener("click", function () { current = null; syncSelection(); showTab("communities"); });
  function showCommunitiesList() {
    var list = el("ul", null, "communities");
    list.id = "communities-list";
    var named = communityKeys.filter(function (k) { return communities[k].size > 1; });
    named.forEach(function (key) {
      var li = el("li");
      li.dataset.community = key;
      var dot = el("i");
      dot.style.background = communities[key].colour || "#999";
      var pick = el("button", key + ": " + communityName(key) + " (" + communities[key].size + ")", "link");
      pick.type = "button";
      pick.addEventListener("click", function () { showCommunity(key); });
      li.appendChild(dot);
      li.appendChild(pick);
      if (shown.community === key) li.className = "hit";
      list.appendChild(li);
    });
    var singles = communityKeys.length - named.length;
    setPanel(el("h2", "Communities (" + named.length + ")"),
      el("p", "Largest first; the legend names the first " + data.legend_communities + ", in colours of their own, and the smaller ones share a grey. "
        + "Click one to show only its papers; the selector above or Esc shows all again.", "meta"), list,
      singles ? el("p", singles + " paper" + (singles === 1 ? " is" : "s are") + " tied to no other.", "meta") : null);
  }
  panelViews.communities = { show: showCommunitiesList, button: moreCommunities };

  var communityColours = {};
  data.nodes.forEach(function (n) { communityColours[n.id] = n.color; });
  var legend = document.getElementById("legend");
  function legendModel() {
    // What the legend shows, as data: drawn in the page and again into the PNG.
    if (colourMode === "year") {
      return { kind: "year", ticks: yearTicks(0.1), undated: undated.length };
    }
    return legendModelOfCommunities();
  }
  function legendModelOfCommunities() {
    var named = communityKeys.filter(function (k) { return communities[k].size > 1; }), count = data.legend_communities;
    return { kind: "community", items: named.slice(0, count).map(function (k) {
      return { key: k, colour: communities[k].colour || "#999", text: communityName(k) + " (" + communities[k].size + ")" };
    }), more: Math.max(0, named.length - count), singles: communityKeys.length - named.length };
  }
  function gradientCss() {
    return "linear-gradient(to right, " + YEAR_STOPS.map(function (c) { return "rgb(" + c.join(",") + ")"; }).join(", ") + ")";
  }
  function showLegend() {
    legend.replaceChildren();
    var model = legendModel();
    if (model.kind === "year") {
      legend.appendChild(el("span", "Year (the scale spreads the papers evenly: each colour holds as many papers)", "note"));
      var scale = el("span", null, "scale");
      var bar = el("span", null, "gradient");
      bar.style.background = gradientCss();
      scale.appendChild(bar);
      model.ticks.forEach(function (t) {
        var tick = el("span", String(t.year), "tick");
        tick.style.left = (t.at * 100).toFixed(1) + "%";
        scale.appendChild(tick);
      });
      legend.appendChild(scale);
      if (model.undated) {
        var none = el("span", null, "item");
        var dot = el("i");
        dot.style.background = "#c8c8c8";
        none.appendChild(dot);
        none.appendChild(document.createTextNode("no year (" + model.undated + ")"));
        legend.appendChild(none);
      }
    } else {
      model.items.forEach(function (item) {
        var span = el("span", null, "item");
        var dot = el("i");
        dot.style.background = item.colour;
        span.appendChild(dot);
        span.appendChild(document.createTextNode(item.key + ": " + item.text));
        span.dataset.community = item.key;
        span.title = "Show only this community (click again, the selector or Esc: all)";
        if (shown.community === item.key) span.classList.add("on");
        span.addEventListener("click", function () { showCommunity(shown.community === item.key ? "all" : item.key); });
        legend.appendChild(span);
      });
      if (model.more) {
        moreCommunities.textContent = "… and " + model.more + " smaller communities";
        legend.appendChild(moreCommunities);
      }
      if (model.singles) legend.appendChild(el("span", model.singles + " paper" + (model.singles === 1 ? "" : "s") + " tied to no other", "note"));
    }
    var sizeNote = "size: " + (SIZE_NOTES[sizeBy] || sizeBy) + (data.seeds_outlined ? " · dark outline: your seeds" : "");
    legend.appendChild(el("span", sizeNote, "note"));
  }
  var SIZE_NOTES = {
    local_citations: "citations in this graph", cited_by_count: "citations in all the literature", pagerank: "PageRank",
    keyword_strength: "ties to the other papers", hits_authority: "authority", betweenness: "betweenness", similarity: "similarity to your seeds"
  };
  function applyColours() {
    updateNodes(data.nodes.map(function (n) {
      if (colourMode === "year") {
        var c = yearColour(papers[n.id] && papers[n.id].year);
        return { id: n.id, color: { background: c, border: n.borderWidth > 1 ? "#111111" : c } };
      }
      return { id: n.id, color: communityColours[n.id] };
    }));
    showLegend();
  }
  document.getElementById("colour-by").addEventListener("change", function (e) { colourMode = e.target.value; applyColours(); });
  // ---- size by a chosen score (log scale: one paper cited 999 times leaves the others visible) ----
  var sizeBy = data.size_by;
  var sizeSelect = document.getElementById("size-by");
  Array.prototype.forEach.call(sizeSelect.options, function (option) {
    if (option.value === sizeBy || informative(option.value)) return;
    option.disabled = true;  // the same for every paper (or, in a graph without citations, a citation score)
    option.textContent += " (" + whyUninformative(option.value) + ")";
  });
  sizeSelect.value = sizeBy;
  sizeSelect.addEventListener("change", function (e) {
    sizeBy = e.target.value;
    var values = {};
    Object.keys(papers).forEach(function (id) { values[id] = Math.log(1 + Math.max(0, papers[id][sizeBy] || 0) * (sizeBy === "local_citations" || sizeBy === "cited_by_count" ? 1 : 1000)); });
    var all = Object.keys(values).map(function (id) { return values[id]; });
    var low = Math.min.apply(null, all), high = Math.max.apply(null, all);
    updateNodes(data.nodes.map(function (n) {
      return { id: n.id, value: high > low ? (values[n.id] - low) / (high - low) : 0.5 };
    }));
    showLegend();
  });

  // ---- layout: the similarity map, or a timeline (each year as wide as its share of the papers) ----
  var mapPositions = {};
  data.nodes.forEach(function (n) { mapPositions[n.id] = { x: n.x, y: n.y }; });
  var timeWidth = 60 * Math.sqrt(data.nodes.length) + 400;
  var timeX = {};
  dated.forEach(function (id, i) { timeX[id] = -timeWidth / 2 + (dated.length > 1 ? i / (dated.length - 1) : 0.5) * timeWidth; });
  // papers with no year: a lane of their own, well left of the axis and parted from it by a dashed line
  var laneGap = Math.max(240, 0.2 * timeWidth), laneX = -timeWidth / 2 - laneGap;
  function drawYearAxis(ctx, sx, W, H) {
    var ticks = [], y = H - 22;
    ctx.strokeStyle = "#888";
    ctx.fillStyle = "#333";
    ctx.lineWidth = 1;
    ctx.font = "12px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.beginPath();
    ctx.moveTo(Math.max(0, sx(-timeWidth / 2)), y);
    ctx.lineTo(Math.min(W, sx(timeWidth / 2)), y);
    ctx.stroke();
    // each year labelled at the middle of its span; where labels would collide, the year with more papers wins
    var spans = years.map(function (year) {
      var ofYear = dated.filter(function (id) { return papers[id].year === year; });
      return { year: year, count: ofYear.length, x: sx((timeX[ofYear[0]] + timeX[ofYear[ofYear.length - 1]]) / 2), start: sx(timeX[ofYear[0]]) };
    });
    var taken = [];
    if (undated.length) {  // the lane of papers with no year: its line and its name, placed before any year
      var lx = sx(laneX), part = sx(-timeWidth / 2 - laneGap / 2), name = "no year (" + undated.length + ")";
      if (part > 0 && part < W) {
        ctx.save();
        ctx.setLineDash([4, 4]);
        ctx.strokeStyle = "#bbb";
        ctx.beginPath();
        ctx.moveTo(part, 0);
        ctx.lineTo(part, y + 16);
        ctx.stroke();
        ctx.restore();
      }
      var nameWidth = ctx.measureText(name).width + 8;
      if (lx > 0 && lx < W) {
        haloText(ctx, name, lx, y + 4, "#666");
        taken.push({ x: lx - nameWidth / 2, y: y, w: nameWidth, h: 14 });
        ticks.push({ year: null, x: Math.round(lx), w: nameWidth });
      }
    }
    spans.slice().sort(function (a, b) { return (b.count - a.count) || (a.year - b.year); }).forEach(function (span) {
      var label = String(span.year), w = ctx.measureText(label).width + 8;
      var box = { x: span.x - w / 2, y: y, w: w, h: 14 };
      if (span.x < 0 || span.x > W || overlaps(box, taken)) return;
      taken.push(box);
      ticks.push({ year: span.year, x: Math.round(span.x), w: w });
    });
    ticks.sort(function (a, b) { return a.x - b.x; });
    spans.forEach(function (span) {
      if (span.start < 0 || span.start > W) return;
      ctx.beginPath();
      ctx.moveTo(span.start, y - 4);
      ctx.lineTo(span.start, y + 3);
      ctx.stroke();
    });
    ticks.forEach(function (t) { if (t.year !== null) haloText(ctx, String(t.year), t.x, y + 4, "#333"); });
    ctx.textAlign = "left";
    window.graphx.yearTicks = ticks;
  }
  document.getElementById("layout").addEventListener("change", function (e) {
    overlay.layout = e.target.value;
    updateNodes(data.nodes.map(function (n) {
      if (overlay.layout !== "time") return { id: n.id, x: mapPositions[n.id].x, y: mapPositions[n.id].y };
      return { id: n.id, x: n.id in timeX ? timeX[n.id] : laneX, y: mapPositions[n.id].y };
    }));
    network.fit({ animation: false });
  });

  // ---- downloads: the view as PNG (2×, opaque, titled) or SVG; the basket (or what is shown) as references ----
  function download(name, url) {
    var a = el("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  var statusBox = document.getElementById("status");
  function setStatus(text) { statusBox.textContent = text; }
  function chosenPapers() {
    if (basket.length) return { ids: basket.slice(), said: "the " + basket.length + " paper" + (basket.length === 1 ? "" : "s") + " in your basket" };
    var shownIds = nodeView.getIds().sort(ranker(data.ranking.key, data.ranking.tie));
    return { ids: shownIds, said: "all " + shownIds.length + " papers shown (your basket is empty)" };
  }
  function downloadText(name, text, type) {
    download(name, URL.createObjectURL(new Blob([text], { type: type })));
  }
  function exportReferences(format) {
    // with each paper's abstract, as the page shows it (unpacked first, if no paper was read yet)
    var chosen = chosenPapers();
    var make = window.graphxReferences;  // references.js: the rules of graphx.bibliography
    var picked = chosen.ids.filter(function (id) { return papers[id]; });
    loadAbstracts().then(function (all) {
      var full = picked.map(function (id) { return all[id] ? Object.assign({}, papers[id], { abstract: all[id] }) : papers[id]; });
      var text, name, type;
      if (format === "bibtex") { name = "papers.bib"; type = "application/x-bibtex"; text = full.map(function (p, i) { return make.bibtex(p, picked[i]); }).join("\n"); }
      if (format === "ris") { name = "papers.ris"; type = "application/x-research-info-systems"; text = full.map(function (p, i) { return make.ris(p, picked[i]); }).join(""); }
      if (format === "csl") { name = "papers.json"; type = "application/vnd.citationstyles.csl+json"; text = JSON.stringify(full.map(function (p, i) { return make.csl(p, picked[i]); }), null, 1); }
      downloadText(name, text, type);
      setStatus(name + ": " + chosen.said);
    });
  }
  document.getElementById("bibtex").addEventListener("click", function () { exportReferences("bibtex"); });
  document.getElementById("ris").addEventListener("click", function () { exportReferences("ris"); });
  document.getElementById("csl").addEventListener("click", function () { exportReferences("csl"); });

  function withPixelRatio(ratio, draw) {
    // vis-network sizes its canvas by window.devicePixelRatio: raised for one frame, the map is drawn at
    // `ratio` times the screen's resolution (crisp, not scaled up), then put back.
    var own = Object.getOwnPropertyDescriptor(window, "devicePixelRatio");
    Object.defineProperty(window, "devicePixelRatio", { configurable: true, get: function () { return ratio; } });
    try {
      network.setSize();
      network.redraw();
      return draw(container.querySelector("canvas"));
    } finally {
      if (own) Object.defineProperty(window, "devicePixelRatio", own); else delete window.devicePixelRatio;
      network.setSize();
      network.redraw();
    }
  }
  function stamp() { return new Date().toISOString().slice(0, 10); }
  function pictureNote() {
    // the line under a picture's title (PNG and SVG): what is shown, how it is coloured and sized, and when
    return counts.textContent + " · colour: " + colourMode + " · size: " + (SIZE_NOTES[sizeBy] || sizeBy) + " · made with graphx on " + stamp();
  }
  var LEGEND_FONT = "12px system-ui, sans-serif";
  function pictureLegend(width) {
    // The community legend of a picture `width` px wide, the same in the PNG and the SVG: up to three columns
    // (420 px or more each) of colour dots and names, each name measured in the font it is drawn in and cut
    // with an ellipsis where it would run into the next column; then the smaller communities (grey) and the
    // papers tied to no other, then what the dark outline means. Positions in px from the legend's top left;
    // rows of 22 px.
    var model = legendModelOfCommunities(), ctx = document.createElement("canvas").getContext("2d");
    ctx.font = LEGEND_FONT;
    function fit(text, room) {
      if (ctx.measureText(text).width <= room) return text;
      var low = 0, high = text.length;  // the longest start of `text` that fits with its ellipsis
      while (low < high) {
        var mid = Math.ceil((low + high) / 2);
        if (ctx.measureText(text.slice(0, mid).trimEnd() + "…").width <= room) low = mid; else high = mid - 1;
      }
      return text.slice(0, low).trimEnd() + "…";
    }
    var columns = Math.max(1, Math.min(3, Math.floor(width / 420))), columnWidth = (width - 32) / columns;
    var entries = model.items.map(function (item, i) {
      var text = fit(item.key + ": " + item.text, columnWidth - 14 - 12);  // after the dot, 12 px short of the next column
      return { x: 16 + (i % columns) * columnWidth, y: Math.floor(i / columns) * 22, colour: item.colour, text: text, width: ctx.measureText(text).width };
    });
    var rows = Math.ceil(model.items.length / columns), notes = [];
    var rest = [model.more ? "… and " + model.more + " smaller communities (grey)" : "", model.singles ? model.singles + " papers tied to no other" : ""]
      .filter(Boolean).join(" · ");
    if (rest) notes.push({ x: 16, y: 22 * rows++, text: fit(rest, width - 32) });
    if (data.seeds_outlined) notes.push({ x: 16, y: 22 * rows++, text: "dark outline: your seeds" });
    return { columns: columns, columnWidth: columnWidth, entries: entries, notes: notes, rows: rows };
  }
  function pngCanvas() {
    var ratio = 2;
    return withPixelRatio(ratio, function (map) {
      var width = map.width, top = 64 * ratio, model = legendModel();
      var layout = model.kind === "year" ? null : pictureLegend(width / ratio);
      var legendRows = model.kind === "year" ? 1 : layout.rows;
      var bottom = (legendRows * 22 + 30) * ratio;
      var out = document.createElement("canvas");
      out.width = width;
      out.height = map.height + top + bottom;
      var ctx = out.getContext("2d");
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, out.width, out.height);
      ctx.drawImage(map, 0, top);
      ctx.scale(ratio, ratio);
      ctx.textBaseline = "top";
      ctx.fillStyle = "#111";
      ctx.font = "600 20px system-ui, sans-serif";
      ctx.fillText(data.title, 16, 12);
      ctx.font = "13px system-ui, sans-serif";
      ctx.fillStyle = "#555";
      ctx.fillText(pictureNote(), 16, 40);
      var y = (top + map.height) / ratio + 12;
      ctx.font = "12px system-ui, sans-serif";
      if (model.kind === "year") {
        var gradient = ctx.createLinearGradient(16, 0, 316, 0);
        YEAR_STOPS.forEach(function (c, i) { gradient.addColorStop(i / (YEAR_STOPS.length - 1), "rgb(" + c.join(",") + ")"); });
        ctx.fillStyle = gradient;
        ctx.fillRect(16, y, 300, 10);
        ctx.fillStyle = "#333";
        ctx.textAlign = "center";
        model.ticks.forEach(function (t) { ctx.fillText(String(t.year), 16 + 300 * t.at, y + 13); });
        ctx.textAlign = "left";
        if (model.undated) { ctx.fillStyle = "#c8c8c8"; ctx.fillRect(340, y, 10, 10); ctx.fillStyle = "#333"; ctx.fillText("no year (" + model.undated + ")", 356, y - 1); }
      } else {
        ctx.font = LEGEND_FONT;
        layout.entries.forEach(function (entry) {
          ctx.fillStyle = entry.colour;
          ctx.beginPath(); ctx.arc(entry.x + 5, y + entry.y + 7, 5, 0, 2 * Math.PI); ctx.fill();
          ctx.fillStyle = "#333";
          ctx.fillText(entry.text, entry.x + 14, y + entry.y);
        });
        ctx.fillStyle = "#666";
        layout.notes.forEach(function (note) { ctx.fillText(note.text, note.x, y + note.y); });
      }
      out.legend = layout;
      return out;
    });
  }
  document.getElementById("png").addEventListener("click", function () { whenNetwork(function () {
    download("graph.png", pngCanvas().toDataURL("image/png"));
    setStatus("graph.png: the map at 2× with its title, legend and date");
  }); });
  function svgText() {
    // The shown papers and links as vector shapes in map coordinates, with the labels the map draws now, as
    // the PNG frames them: the title and what the picture shows above, the legend below. The picture spans
    // every dot and every label (label boxes as the page placed them, on screen, turned into map units), and
    // opens at the size the map has on screen (one unit of `u` is one screen pixel).
    var esc = function (t) { return String(t).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;"); };
    var f = function (v) { return v.toFixed(1); };
    var body = network.body.nodes, idsShown = network.body.nodeIndices, parts = [];
    var scale = network.getScale(), u = 1 / scale, model = legendModel();
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    function include(x0, y0, x1, y1) { minX = Math.min(minX, x0); minY = Math.min(minY, y0); maxX = Math.max(maxX, x1); maxY = Math.max(maxY, y1); }
    idsShown.forEach(function (id) { var n = body[id], r = n.options.size || 6; include(n.x - r, n.y - r, n.x + r, n.y + r); });
    var labels = window.graphx.labels.map(function (label) {
      var at = network.DOMtoCanvas({ x: label.x, y: label.y });
      include(at.x, at.y, at.x + label.w * u, at.y + label.h * u);
      return { label: label, x: at.x + 2 * u, y: at.y };
    });
    if (minX === Infinity) { minX = minY = 0; maxX = maxY = 100; }
    var pad = 12 * u;
    minX -= pad; minY -= pad; maxX += pad; maxY += pad;
    var mapWidth = maxX - minX, widthPx = mapWidth * scale;
    // the header (title, then what the picture shows) and the legend, in screen pixels as the PNG has them
    var layout = model.kind === "year" ? null : pictureLegend(widthPx);
    var legendRows = model.kind === "year" ? 2 : layout.rows;
    var top = 64 * u, bottom = (legendRows * 22 + 20) * u;
    var x0 = minX, y0 = minY - top, height = maxY - minY + top + bottom;
    parts.push('<svg xmlns="http://www.w3.org/2000/svg" viewBox="' + [x0, y0, mapWidth, height].map(f).join(" ") + '" width="' + Math.ceil(widthPx) + '" height="' + Math.ceil(height * scale) + '">');
    parts.push('<rect x="' + f(x0) + '" y="' + f(y0) + '" width="' + f(mapWidth) + '" height="' + f(height) + '" fill="#fff"/>');
    parts.push('<title>' + esc(data.title) + '</title>');
    parts.push('<g font-family="system-ui, sans-serif" class="heading"><text x="' + f(x0 + 16 * u) + '" y="' + f(y0 + 30 * u) + '" font-size="' + f(20 * u) + '" font-weight="600" fill="#111">' + esc(data.title) + "</text>");
    parts.push('<text x="' + f(x0 + 16 * u) + '" y="' + f(y0 + 52 * u) + '" font-size="' + f(13 * u) + '" fill="#555">' + esc(pictureNote()) + "</text></g>");
    parts.push('<g stroke="#999" stroke-opacity="0.35">');
    network.body.edgeIndices.forEach(function (eid) {
      var e = network.body.edges[eid];
      if (e && body[e.fromId] && body[e.toId]) parts.push('<line x1="' + f(body[e.fromId].x) + '" y1="' + f(body[e.fromId].y) + '" x2="' + f(body[e.toId].x) + '" y2="' + f(body[e.toId].y) + '"/>');
    });
    parts.push("</g><g>");
    idsShown.forEach(function (id) {
      var n = body[id], c = n.options.color || {};
      parts.push('<circle cx="' + f(n.x) + '" cy="' + f(n.y) + '" r="' + f(n.options.size || 6) + '" fill="' + esc(c.background || "#999") + '" stroke="' + esc(c.border || "#999") + '" stroke-width="' + (n.options.borderWidth || 1) + '"><title>' + esc(papers[id].title || id) + "</title></circle>");
    });
    parts.push('</g><g font-family="system-ui, sans-serif" fill="#222" paint-order="stroke" stroke="#fff" stroke-width="' + f(3 * u) + '" class="labels">');
    labels.forEach(function (placed) {
      var label = placed.label, x = f(placed.x);
      if (label.community) {
        var colour = colourMode === "community" ? darker(communities[label.community].colour || "#555") : "#333";
        parts.push('<text x="' + x + '" y="' + f(placed.y + 15 * u) + '" font-size="' + f(15 * u) + '" font-weight="700" fill="' + colour + '" stroke-width="' + f(5 * u) + '">' + esc(label.text) + "</text>");
        return;
      }
      var lines = labelLines(label.id), seed = papers[label.id].is_seed && data.seeds_outlined;
      parts.push('<text x="' + x + '" y="' + f(placed.y + 11 * u) + '" font-size="' + f(12 * u) + '"' + (seed ? ' font-weight="600" fill="#000"' : "") + ">" + esc(lines[0]) + "</text>");
      if (lines[1]) parts.push('<text x="' + x + '" y="' + f(placed.y + 25 * u) + '" font-size="' + f(11 * u) + '" fill="#5a5a5a">' + esc(lines[1]) + "</text>");
    });
    parts.push('</g><g font-family="system-ui, sans-serif" font-size="' + f(12 * u) + '" fill="#333" class="legend">');
    var y = maxY + 10 * u;
    if (model.kind === "year") {
      parts.push('<defs><linearGradient id="years">' + YEAR_STOPS.map(function (c, i) {
        return '<stop offset="' + (i / (YEAR_STOPS.length - 1)).toFixed(3) + '" stop-color="rgb(' + c.join(",") + ')"/>';
      }).join("") + "</linearGradient></defs>");
      parts.push('<rect x="' + f(x0 + 16 * u) + '" y="' + f(y) + '" width="' + f(300 * u) + '" height="' + f(10 * u) + '" fill="url(#years)"/>');
      model.ticks.forEach(function (t) { parts.push('<text x="' + f(x0 + (16 + 300 * t.at) * u) + '" y="' + f(y + 25 * u) + '" text-anchor="middle">' + t.year + "</text>"); });
      if (model.undated) parts.push('<rect x="' + f(x0 + 340 * u) + '" y="' + f(y) + '" width="' + f(10 * u) + '" height="' + f(10 * u) + '" fill="#c8c8c8"/><text x="' + f(x0 + 356 * u) + '" y="' + f(y + 10 * u) + '">no year (' + model.undated + ")</text>");
    } else {
      layout.entries.forEach(function (entry) {
        var x = x0 + entry.x * u, row = y + entry.y * u;
        parts.push('<rect x="' + f(x) + '" y="' + f(row + 2 * u) + '" width="' + f(10 * u) + '" height="' + f(10 * u) + '" rx="' + f(5 * u) + '" fill="' + esc(entry.colour) + '"/>');
        parts.push('<text x="' + f(x + 14 * u) + '" y="' + f(row + 11 * u) + '">' + esc(entry.text) + "</text>");
      });
      layout.notes.forEach(function (note) {
        parts.push('<text x="' + f(x0 + note.x * u) + '" y="' + f(y + (note.y + 11) * u) + '" fill="#666">' + esc(note.text) + "</text>");
      });
    }
    parts.push("</g></svg>");
    return parts.join("\n");
  }
  document.getElementById("svg").addEventListener("click", function () { whenNetwork(function () {
    downloadText("graph.svg", svgText(), "image/svg+xml");
    setStatus("graph.svg: the papers shown, with the labels drawn now, the title and the legend");
  }); });

  // ---- what the page left out to stay fast, and the way back ----
  var notice = document.getElementById("notice");
  document.getElementById("show-keyword").checked = shown.keyword;
  function showNotice() {
    notice.replaceChildren();
    if (shown.top) {
      notice.appendChild(document.createTextNode("The map shows the " + TOP_N.toLocaleString("en") + " most central of "
        + data.nodes.length.toLocaleString("en") + " papers (by PageRank; seeds always), so that it stays fast to draw. Search finds every paper. "));
      var all = el("button", "Show all " + data.nodes.length.toLocaleString("en") + " (slow)");
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

  // ---- what is new (graphx update, graphx triage): a "new since" filter, new papers marked, the Changes list ----
  // Kept in one block: it wraps paperShown rather than editing it, and adds one panel of its own.
  (function () {
    var box = document.getElementById("whats-new");
    var ids = Object.keys(papers);
    var days = {};
    ids.forEach(function (id) { if (papers[id].first_seen) days[papers[id].first_seen] = true; });
    days = Object.keys(days).sort();
    var triaged = ids.filter(function (id) { return papers[id].triage_rank; });
    var changed = ids.filter(function (id) { var p = papers[id]; return p.new_since || p.citations_rose || p.retracted || p.withdrawn; });
    if (!box || (days.length < 2 && !triaged.length && !changed.length)) return;
    box.hidden = false;
    var since = null;
    var shownBefore = paperShown;
    paperShown = function (id) { return shownBefore(id) && (since === null || (papers[id].first_seen || "") > since); };
    function isNew(id) { var p = papers[id]; return p.triage_rank ? p.triage_tied !== false : !!p.new_since; }
    var fresh = ids.filter(isNew);
    whenNetwork(function () {  // the rings go on vis-network's nodes, made after the page's own first frame
      addToMapIfHidden(fresh);
      updateNodes(fresh.map(function (id) {
        var colour = nodes.get(id).color || {};
        return { id: id, borderWidth: 5, color: { background: colour.background || colour, border: "#e8590c" } };
      }));
    });
    if (days.length > 1) {
      var label = el("label", "New since ");
      var select = el("select");
      select.id = "new-since";
      var any = el("option", "any time");
      any.value = "";
      select.appendChild(any);
      days.slice(0, -1).forEach(function (day) { var o = el("option", day); o.value = day; select.appendChild(o); });
      select.addEventListener("change", function () { since = select.value || null; applyFilters(); });
      label.appendChild(select);
      box.appendChild(label);
    }
    var SORTS = triaged.length ? [["triage_rank", "rank (ties to your map)"], ["title", "title"]]
      : [["first_seen", "newest first"], ["citations_rose", "citations gained"], ["title", "title"]];
    var sortBy = SORTS[0][0];
    var listed = triaged.length ? triaged : changed;
    function valueOf(id) {
      var p = papers[id];
      if (p.triage_rank) return "#" + p.triage_rank + " · score " + Number(p.triage_score || 0).toFixed(2);
      var parts = [];
      if (p.new_since) parts.push("new since " + p.new_since);
      if (p.citations_rose) parts.push("+" + p.citations_rose + (p.citations_rose === 1 ? " citation" : " citations"));
      if (p.retracted) parts.push("retracted");
      if (p.withdrawn) parts.push("withdrawn");
      return parts.join(" · ");
    }
    function sorted() {
      return listed.filter(paperShown).sort(function (a, b) {
        var p = papers[a], q = papers[b];
        if (sortBy === "title") return String(p.title || a).localeCompare(String(q.title || b));
        if (sortBy === "triage_rank") return p.triage_rank - q.triage_rank;
        if (sortBy === "first_seen") return String(q.first_seen || "").localeCompare(String(p.first_seen || "")) || (q.citations_rose || 0) - (p.citations_rose || 0);
        return (q.citations_rose || 0) - (p.citations_rose || 0) || String(p.title || a).localeCompare(String(q.title || b));
      });
    }
    function showChanges() {
      current = null;
      syncSelection();
      var label = el("label", "Sort by ");
      var select = el("select");
      select.id = "changes-sort";
      SORTS.forEach(function (spec) { var o = el("option", spec[1]); o.value = spec[0]; o.selected = spec[0] === sortBy; select.appendChild(o); });
      select.addEventListener("change", function () { sortBy = select.value; showChanges(); });
      label.appendChild(select);
      var ol = el("ol");
      ol.id = "changes-list";
      var untied = el("ul");
      sorted().forEach(function (id) {
        var p = papers[id];
        var item = entry(id, valueOf(id), p.triage_reason || "");
        if (p.triage_rank && p.triage_tied === false) untied.appendChild(item); else ol.appendChild(item);
      });
      setPanel(el("h2", triaged.length ? "Today: new papers by their ties to your map" : "Changes"),
        el("p", triaged.length ? "The same ranking as triage.csv; new papers are ringed in orange on the map."
          : "Papers added by the last update (ringed in orange), citation counts that rose, retracted and withdrawn works.", "meta"),
        label, ol, untied.childNodes.length ? el("h3", "Tied to nothing in your map (" + untied.childNodes.length + ")") : null,
        untied.childNodes.length ? untied : null);
    }
    var open = el("button", (triaged.length ? "Today (" + triaged.length + ")" : "Changes (" + changed.length + ")"));
    open.type = "button";
    open.id = "show-changes";
    open.addEventListener("click", function () { syncSelection(); showTab("changes"); });
    box.appendChild(open);
    panelViews.changes = { show: showChanges, button: open };  // shown like a tab: no tab is marked while it is open
    window.graphx.showChanges = function () { showTab("changes"); };
    if (triaged.length || changed.length) window.setTimeout(window.graphx.showChanges, 0);  // after the page opens its first tab
  })();

  Object.assign(window.graphx, {
    applyFilters: applyFilters, shown: shown, pictureLegend: pictureLegend, basket: function () { return basket.slice(); }, pngCanvas: pngCanvas, svgText: svgText,
    findAll: findAll, shortestPaths: shortestPaths, showTab: showTab
  });
  showLegend();
  showNotice();
  showTab("central");
  // The first frame is on screen once the frame after it begins; vis-network is started right after.
  window.requestAnimationFrame(function () {
    window.setTimeout(function () {
      window.graphx.firstFrame = true;
      window.graphx.firstFrameAt = performance.now();
      window.graphx.firstFrameView = { scale: network.getScale(), position: network.getViewPosition(), labels: window.graphx.labels.slice() };
      document.body.dataset.firstFrame = "true";
      window.setTimeout(startNetwork, 0);
    }, 0);
  });
})();
