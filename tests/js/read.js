#!/usr/bin/env node
// Reads one graphx export with the client's own reader and prints what it read as JSON on stdout:
//   node read.js graphml|gexf|cytoscape|bibtex|ris|csljson FILE
// graphology-graphml / graphology-gexf are what Sigma.js and Gephi Lite load files with; cytoscape.js is
// Cytoscape's web twin; citation-js reads BibTeX, RIS and CSL-JSON as reference managers do.
'use strict';
const fs = require('fs');

const [format, file] = process.argv.slice(2);
const text = fs.readFileSync(file, 'utf8');

function graphologySummary(graph) {
  const nodes = [];
  graph.forEachNode((id, a) => nodes.push({id, label: a.label, x: a.x, y: a.y, title: a.title, size: a.size, color: a.color}));
  const edges = [];
  graph.forEachEdge((key, a, source, target, sa, ta, undirected) =>
    edges.push({key, source, target, kind: a.kind, undirected: Boolean(undirected), weight: a.weight}));
  return {type: graph.type, multi: graph.multi, order: graph.order, size: graph.size, nodes, edges};
}

function citations(data) {
  const {Cite} = require('@citation-js/core');
  require('@citation-js/plugin-bibtex');
  require('@citation-js/plugin-ris');
  require('@citation-js/plugin-csl');
  const cite = new Cite(data);
  return cite.data.map((item) => ({
    title: item.title,
    authors: (item.author || []).map((a) => (a.literal !== undefined ? a.literal : [a.given, a.family].filter(Boolean).join(' '))),
    year: item.issued && item.issued['date-parts'] ? item.issued['date-parts'][0][0] : null,
    DOI: item.DOI || null,
    URL: item.URL || null,
    'container-title': item['container-title'] || null,
  }));
}

let out;
if (format === 'graphml') {
  const {MultiGraph} = require('graphology');
  const graphml = require('graphology-graphml');
  out = graphologySummary(graphml.parse(MultiGraph, text));
} else if (format === 'gexf') {
  const {MultiGraph} = require('graphology');
  const gexf = require('graphology-gexf');
  out = graphologySummary(gexf.parse(MultiGraph, text));
} else if (format === 'cytoscape') {
  const cytoscape = require('cytoscape');
  const cy = cytoscape({headless: true, styleEnabled: false, ...JSON.parse(text)});
  out = {
    nodes: cy.nodes().map((n) => ({id: n.id(), name: n.data('name'), x: n.position('x'), y: n.position('y')})),
    edges: cy.edges().map((e) => ({id: e.id(), source: e.source().id(), target: e.target().id(), kind: e.data('kind')})),
  };
} else if (['bibtex', 'ris', 'csljson'].includes(format)) {
  out = citations(format === 'csljson' ? JSON.parse(text) : text);
} else {
  throw new Error(`unknown format ${format}`);
}
process.stdout.write(JSON.stringify(out));
