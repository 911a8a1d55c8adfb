"""Publishing the map: SVG export of the current view, a logo and a subtitle (real Chromium, network blocked)."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
import zlib

import pytest
from click.testing import CliRunner

from ecosysteme.cli import cli
from ecosysteme.errors import MapError
from ecosysteme.viz import write_map
from ecosysteme.viz.logo import MAX_LOGO_BYTES, logo_data_uri
from tests.browser import open_page
from tests.viz.conftest import wait_map, write_tables
from tests.viz.test_map_time import ACTORS, RELATIONS

SVG = "{http://www.w3.org/2000/svg}"
SUBTITLE = "Mise à jour <script>alert(1)</script> & co"


def png_bytes(width: int = 8, height: int = 4) -> bytes:
    """A real (tiny, red) PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xcc\x22\x22" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def branded_map(tmp_path_factory):
    from ecosysteme.io import load_valid

    folder = write_tables(tmp_path_factory.mktemp("marque"), {"acteurs": ACTORS, "relations": RELATIONS})
    logo = folder / "logo.png"
    logo.write_bytes(png_bytes())
    return write_map(load_valid(folder, dataset="marque"), folder / "carte.html", title="Notre écosystème",
                     subtitle=SUBTITLE, logo=logo)


def test_logo_and_subtitle_are_in_the_header_escaped(chromium, branded_map):
    html = branded_map.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html.split("<script", 1)[0]  # escaped before any script of the page
    with open_page(chromium, branded_map, screenshot="carte-logo-sous-titre") as page:
        wait_map(page)
        assert page.is_visible("header #eco-logo")
        assert page.get_attribute("#eco-logo", "src").startswith("data:image/png;base64,")
        assert page.evaluate("document.getElementById('eco-logo').naturalWidth") == 8  # decoded, offline
        assert page.text_content("#eco-subtitle") == SUBTITLE
        assert "&lt;script&gt;" in page.inner_html("#eco-subtitle")


def test_svg_button_saves_the_drawn_view(chromium, branded_map, tmp_path):
    with open_page(chromium, branded_map) as page:
        wait_map(page)
        drawn = page.evaluate("window.ecoMap.labels()")
        assert {label["text"] for label in drawn} >= {"Asso A", "Coop B", "Mairie C", "Réseau D <b>"}
        with page.expect_download() as info:
            page.click("#eco-svg")
        assert info.value.suggested_filename == "notre-ecosysteme.svg"
        saved = tmp_path / "vue.svg"
        info.value.save_as(saved)
        visible = page.evaluate("window.ecoMap.visibleIds()")
        with page.expect_download() as png:  # the PNG keeps working with a logo and a subtitle
            page.click("#eco-png")
        png.value.save_as(tmp_path / "vue.png")
        canvas = page.evaluate("""() => { const c = document.querySelector('.vis-network canvas');
            return [c.width, c.height, c.clientWidth]; }""")
    image = (tmp_path / "vue.png").read_bytes()
    assert image[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", image[16:24])
    # the view as drawn under a header band tall enough for the logo (52 px), not the bare title's 28 px
    assert width == canvas[0] and height - canvas[1] == round(52 * canvas[0] / canvas[2])

    root = ET.parse(saved).getroot()  # well-formed XML
    assert root.tag == f"{SVG}svg" and float(root.get("width")) > 500
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Notre écosystème" in texts and SUBTITLE in texts
    label_texts = [t.text for t in root.iter(f"{SVG}text") if t.get("data-id")]
    assert sorted(label_texts) == sorted(label["text"] for label in drawn)  # every name drawn, and only those
    shapes = [e for e in root.iter() if e.get("data-id") and not e.tag.endswith("text")]
    assert sorted(e.get("data-id") for e in shapes) == sorted(visible)
    assert len(list(root.iter(f"{SVG}line"))) == 4  # the four relations
    logo = next(root.iter(f"{SVG}image"))
    assert logo.get("href").startswith("data:image/png;base64,")
    assert b"<script" not in saved.read_bytes()


def test_logo_file_is_checked(tmp_path):
    svg = tmp_path / "logo.svg"
    svg.write_text('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>',
                   encoding="utf-8")
    assert logo_data_uri(svg).startswith("data:image/svg+xml;base64,")
    jpeg = tmp_path / "logo.jpg"
    jpeg.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 20)
    assert logo_data_uri(jpeg).startswith("data:image/jpeg;base64,")
    text = tmp_path / "logo.png"
    text.write_text("pas une image", encoding="utf-8")  # the name says PNG, the bytes do not
    with pytest.raises(MapError, match="ni une image PNG, ni JPEG, ni SVG"):
        logo_data_uri(text)
    with pytest.raises(MapError, match="introuvable"):
        logo_data_uri(tmp_path / "absent.png")


def test_carte_logo_errors_are_french_and_write_nothing(tmp_path):
    folder = write_tables(tmp_path / "donnees", {"acteurs": ACTORS, "relations": RELATIONS})
    out = tmp_path / "carte.html"
    big = tmp_path / "enorme.png"
    big.write_bytes(png_bytes() + b"\x00" * MAX_LOGO_BYTES)
    result = CliRunner().invoke(cli, ["carte", str(folder), "-o", str(out), "--logo", str(big)])
    assert result.exit_code != 0
    assert "--logo" in result.output and "au-delà de la limite de 512 Ko" in result.output
    notes = tmp_path / "notes.txt"
    notes.write_text("bonjour", encoding="utf-8")
    result = CliRunner().invoke(cli, ["carte", str(folder), "-o", str(out), "--logo", str(notes)])
    assert result.exit_code != 0 and "notes.txt : ce n'est ni une image PNG" in result.output
    assert not out.exists()

    logo = tmp_path / "logo.png"
    logo.write_bytes(png_bytes())
    result = CliRunner().invoke(cli, ["carte", str(folder), "-o", str(out), "-q", "--titre", "Titre",
                                      "--sous-titre", "Édition <2025>", "--logo", str(logo)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert '<p class="eco-subtitle" id="eco-subtitle">Édition &lt;2025&gt;</p>' in html
    assert 'id="eco-logo" src="data:image/png;base64,' in html
