"""Decide how one text file is encoded, as French spreadsheets write them.

Decided per file, never assumed: a byte-order mark wins (UTF-8, or UTF-16 as
Excel's « Texte Unicode » writes it); NUL bytes every other byte without a
mark are UTF-16 too; a file that is valid UTF-8 is UTF-8. Otherwise each
line is looked at on its own: when some non-ASCII lines are valid UTF-8 and
others are not, the file mixes encodings (a row pasted from another file) and
each line is decoded by what it is, the legacy lines named so the user can
check them. The legacy encoding is told apart among those Excel writes in
France (Windows-1252, « CSV (Macintosh) », « CSV (MS-DOS) ») by
charset-normalizer's measure of how garbled each reading of a sample is,
Windows-1252 first on a tie; a byte that encoding leaves undefined is an
error naming its line, never a reason to read the file in another one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

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
    if not _has_utf8_sequence(data):  # no line can be UTF-8: the whole file is in one legacy encoding
        text, legacy = _decode_legacy(data, _sample(data[: 1 << 20].split(b"\n")), name)
        return Decoded(text, legacy)
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
    others = [line for line, kind in zip(lines, kinds, strict=True) if kind is False]
    if True not in kinds:
        text, legacy = _decode_legacy(data, _sample(others), name)
        return Decoded(text, legacy)
    numbers = [i for i, kind in enumerate(kinds, start=1) if kind is False]
    decoded, legacy = _decode_legacy(b"\n".join(others), _sample(others), name, numbers)
    legacy_text = iter(decoded.split("\n"))
    text = "\n".join(next(legacy_text) if kind is False else line.decode("utf-8")
                     for line, kind in zip(lines, kinds, strict=True))
    return Decoded(text, f"{utf8}+{legacy}", numbers)


def _has_utf8_sequence(data: bytes) -> bool:
    """Whether some byte pair could start a UTF-8 multi-byte character (vectorised; false for legacy text)."""
    octets = np.frombuffer(data, dtype=np.uint8)
    lead = (octets[:-1] >= 0xC2) & (octets[:-1] <= 0xF4)
    follow = (octets[1:] >= 0x80) & (octets[1:] <= 0xBF)
    return bool(np.any(lead & follow))


def _sample(lines: list[bytes], limit: int = 1 << 18) -> bytes:
    """The non-ASCII lines, up to ``limit`` bytes: what tells legacy encodings apart."""
    out, size = [], 0
    for line in lines:
        if not line.isascii():
            out.append(line)
            size += len(line) + 1
            if size >= limit:
                break
    return b"\n".join(out)


def _decode_legacy(data: bytes, sample: bytes, name: str, line_numbers: list[int] | None = None) -> tuple[str, str]:
    """Decode ``data`` in the legacy encoding the sample reads best in.

    ``line_numbers``: the file's line number of each line of ``data`` (when
    ``data`` holds only some lines of the file), to name the line of a byte
    that encoding does not define.
    """
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    if not from_bytes(sample, cp_isolation=list(LEGACY)):  # no candidate reads it: the bytes are no text
        raise InputError(
            f"{name} : encodage illisible (ni UTF-8, ni Windows-1252, ni Mac, ni DOS). "
            "Enregistrez le fichier en « CSV UTF-8 » depuis votre tableur."
        )
    # ranked on the text each reads (a byte one leaves undefined counts as mess, it does not rule it out:
    # a Windows-1252 file with one stray byte must not be read wholly as Mac Roman)
    encoding = min(LEGACY, key=lambda e: (mess_ratio(sample.decode(e, errors="replace"), 1.0), LEGACY.index(e)))
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        index = data.count(b"\n", 0, exc.start)
        line = line_numbers[index] if line_numbers else index + 1
        raise InputError(
            f"{name}, ligne {line} : l'octet 0x{data[exc.start]:02X} n'existe pas en {encoding_label(encoding)}, "
            "l'encodage du reste du fichier. Corrigez ce caractère, puis enregistrez le fichier en « CSV UTF-8 »."
        ) from None
