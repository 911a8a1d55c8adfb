"""Projections of the canonical model: networkx (analysis) and RDF (SPARQL, dumps)."""
