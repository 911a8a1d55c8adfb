// Parse a GEXF or GraphML file with Gephi Lite's parsers (graphology-gexf, graphology-graphml)
// and print what they read as JSON on stdout.
//   node tests/export/graphology_read.js gexf|graphml FILE
// The packages are pinned in package.json / package-lock.json (installed by scripts/setup.sh --test).
'use strict';
const fs = require('fs');
const Graph = require('graphology');

const [format, file] = process.argv.slice(2);
const parser = format === 'gexf' ? require('graphology-gexf') : require('graphology-graphml');
// The options Gephi Lite passes are not needed: a file of ours declares every attribute and node.
const graph = parser.parse(Graph, fs.readFileSync(file, 'utf8'));
const nodes = {};
graph.forEachNode((node, attributes) => { nodes[node] = attributes; });
const edges = [];
graph.forEachEdge((key, attributes, source, target, _s, _t, undirected) => {
  edges.push({key, source, target, undirected, attributes});
});
process.stdout.write(JSON.stringify({type: graph.type, multi: graph.multi, order: graph.order, size: graph.size,
                                     nodes, edges}));
