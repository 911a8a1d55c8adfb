"""Writers: every output is written atomically (temporary file, then rename)."""

from ecosysteme.export.atomic import atomic_write
from ecosysteme.export.writers import EXPORT_FORMATS, export_model

__all__ = ["EXPORT_FORMATS", "atomic_write", "export_model"]
