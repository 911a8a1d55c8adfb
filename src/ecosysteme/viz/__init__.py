"""Outputs people look at: interactive maps, territory views, fragility radars.

Every page is one self-contained HTML file that makes no request (vis-network
and our scripts are inlined, a Content-Security-Policy forbids anything
else), in French, with every user-provided string escaped or set as text.

Public API::

    from ecosysteme.viz import write_map, write_radars, write_territory_view
"""

from ecosysteme.viz.map import map_html, write_map
from ecosysteme.viz.mapdata import AGGREGATIONS, MapError, MapOptions, map_data
from ecosysteme.viz.radar import RadarError, impact_scores, write_radars
from ecosysteme.viz.style import IMPORTANCE_MEASURES
from ecosysteme.viz.territory import territory_summary, write_territory_view

__all__ = [
    "AGGREGATIONS",
    "IMPORTANCE_MEASURES",
    "MapError",
    "MapOptions",
    "RadarError",
    "impact_scores",
    "map_data",
    "map_html",
    "territory_summary",
    "write_map",
    "write_radars",
    "write_territory_view",
]
