"""Decide how one text file is encoded, as French spreadsheets write them.

Decided per file, never assumed: a byte-order mark wins (UTF-8, or UTF-16 as
Excel's « Texte Unicode » writes it); NUL bytes every other byte without a
mark are UTF-16 too; a file that is valid UTF-8 is UTF-8. Otherwise each
line is looked at on its own: when some non-ASCII lines are valid UTF-8 and
others are not, the file mixes encodings (a row pasted from another file) and
each line is decoded by what it is, the legacy lines named so the user can
check them. A file wholly in a legacy encoding is told apart among those
Excel writes in France (Windows-1252, « CSV (Macintosh) », « CSV (MS-DOS) »)
by charset-normalizer, Windows-1252 first on a tie.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ecosysteme.errors import InputError

__all__ = ["Decoded", "decode_text"]

#: Legacy encodings Excel writes in France, the most common first (the tie-break).
LEGACY = ("cp1252", "mac_roman", "cp850")
_NAMES = {"cp1252": "Windows-1252", "mac_roman": "Mac Roman", "cp850": "DOS (CP850)"}


@dataclass(slots=True)
class Decoded:
    """The text of a file, its encoding and, for a mixed file, the lines read in the legacy encoding."""

    text: str
    encoding: str
    legacy_lines: list[int] = field(default_factory=list)  # 1-based lines of the file


def encoding_label(encoding: str) -> str:
    """The French name of an encoding, as a user's spreadsheet calls it."""
    return _NAMES.get(encoding, encoding)


def decode_text(data: bytes, name: str) -> Decoded:
    """Decode ``data`` (the bytes of file ``name``); raise :class:`InputError` when no reading holds."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return Decoded(data[3:].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError:
            return _mixed(data[3:], name, "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _utf16(data, "utf-16", name)
    utf16 = _utf16_without_mark(data)
    if utf16 is not None:
        return _utf16(data, utf16, name)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        return _mixed(data, name, "utf-8")


def _utf16_without_mark(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 3 * even:
        return "utf-16-le"
    if even > 3 * odd:
        return "utf-16-be"
    return None


def _utf16(data: bytes, encoding: str, name: str) -> Decoded:
    try:
        return Decoded(data.decode(encoding).removeprefix("\ufeff"), "utf-16")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name} : fichier UTF-16 (« Texte Unicode ») illisible à l'octet {exc.start}. "
            "Enregistrez-le à nouveau depuis votre tableur, de préférence en « CSV UTF-8 »."
        ) from None


def _mixed(data: bytes, name: str, utf8: str) -> Decoded:
    lines = data.split(b"\n")
    kinds = []  # None: ASCII, True: valid UTF-8, False: not UTF-8
    for line in lines:
        if line.isascii():
            kinds.append(None)
            continue
        try:
            line.decode("utf-8")
            kinds.append(True)
        except UnicodeDecodeError:
            kinds.append(False)
    legacy_bytes = b"\n".join(line for line, kind in zip(lines, kinds, strict=True) if kind is False)
    legacy = _guess_legacy(legacy_bytes, name)
    if True not in kinds:
        return Decoded(data.decode(legacy), legacy)
    text = "\n".join(line.decode("utf-8" if kind is not False else legacy)
                     for line, kind in zip(lines, kinds, strict=True))
    numbers = [i for i, kind in enumerate(kinds, start=1) if kind is False]
    return Decoded(text, f"{utf8}+{legacy}", numbers)


def _guess_legacy(data: bytes, name: str) -> str:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data, cp_isolation=list(LEGACY)))
    if not matches:
        raise InputError(
            f"{name} : encodage illisible (ni UTF-8, ni Windows-1252, ni Mac, ni DOS). "
            "Enregistrez le fichier en « CSV UTF-8 » depuis votre tableur."
        )
    best = min(matches, key=lambda m: (m.percent_chaos, LEGACY.index(m.encoding)))
    return best.encoding
