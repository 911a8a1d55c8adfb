"""Storage back ends of ecosysteme (graph databases and their local servers)."""
