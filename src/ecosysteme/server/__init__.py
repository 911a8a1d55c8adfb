"""The SPARQL 1.1 endpoint of ecosysteme, with its query page and linked-data pages.

::

    from ecosysteme.server import ServerConfig, SparqlServer

    with SparqlServer(ServerConfig(store="magasin", port=0)) as server:
        print(server.endpoint)      # http://127.0.0.1:PORT/sparql
"""

from ecosysteme.server._app import ServerConfig, SparqlServer

__all__ = ["ServerConfig", "SparqlServer"]
