"""Files the browser fetches on every page: the stylesheet and the site's icon.

Browsers ask for /favicon.ico on every page whatever the HTML links; whitenoise answers it from
public/ (WHITENOISE_ROOT), offline, like the static files.
"""

import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from PIL import Image

pytestmark = pytest.mark.django_db


def test_favicon_ico_is_a_real_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    body = b"".join(response.streaming_content)
    icon = Image.open(io.BytesIO(body))
    assert icon.format == "ICO"
    assert {(16, 16), (32, 32), (48, 48)} <= set(icon.info["sizes"])


def test_every_page_links_the_icons_and_the_svg_icon_is_served(client):
    page = client.get("/ja/verify/").content.decode()
    assert '<link rel="icon" href="/favicon.ico" sizes="48x48">' in page
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    # The test client serves no static file (no collectstatic here): read it where
    # collectstatic and runserver find it.
    root = ET.parse(finders.find("favicon.svg")).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 32 32"


def test_every_stylesheet_closes_each_block_it_opens():
    """A lost `}` put everything after the phone rules inside them (the verify page's
    'outcome on one line' held on phones only): count the braces outside comments."""
    sheets = sorted((settings.BASE_DIR / "static").rglob("*.css"))
    assert sheets
    for sheet in sheets:
        text = re.sub(r"/\*.*?\*/", "", sheet.read_text(encoding="utf-8"), flags=re.S)
        depth = 0
        for character in text:
            depth += {"{": 1, "}": -1}.get(character, 0)
            assert depth >= 0, sheet.name
        assert depth == 0, sheet.name
