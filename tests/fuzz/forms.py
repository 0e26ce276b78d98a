"""Every form a person can reach, found as they find them: by following the links of their area.

`crawl()` signs in as one demo account, follows the links under that account's areas from its
start pages (a few pages per URL shape: the tenth dossier page has the forms of the first), and
reads each page's forms: where they go, how, and their fields with the values the page offers
(a select's options, a checkbox's value); a form the page's script autosaves is also sent to
its autosave address. tests/fuzz/test_forms.py sends them what a person,
a script or an attacker might.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

#: Links followed: the signed-in areas. Never the exits.
AREAS = ("/portal/", "/desk/", "/review/", "/dashboard/", "/accounts/2fa/")
SKIP = ("/accounts/logout/", "/attachments/", "/export", ".csv", ".json")
#: Pages visited per URL shape (ids replaced by N), and in all: dossiers in other states have
#: other forms, so a shape is visited more than once.
PER_SHAPE = 50
MAX_PAGES = 250


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, select, checkbox, radio, hidden, file, number, date, email…
    options: list = field(default_factory=list)  # values the page offers
    value: str = ""


@dataclass
class Form:
    page: str
    action: str
    method: str
    fields: dict  # name → Field

    @property
    def shape(self):
        return (self.method, _shape(self.action), tuple(sorted(self.fields)))


def _shape(url):
    """The URL with its numbers as N: /desk/cases/N/, /desk/?state=submitted&page=N."""
    parts = urlsplit(url)
    return re.sub(r"\d+", "N", parts.path + (f"?{parts.query}" if parts.query else ""))


class _Page(HTMLParser):
    """The links and forms of one page."""

    def __init__(self, url):
        super().__init__(convert_charrefs=True)
        self.url, self.links, self.forms = url, [], []
        self._form = self._select = self._autosave = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.url, a["href"]))
        elif tag == "form":
            action = urljoin(self.url, a.get("action") or self.url)
            self._form = Form(self.url, action, (a.get("method") or "get").lower(), {})
            self.forms.append(self._form)
            self._autosave = a.get("data-autosave-url")
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
        elif self._form is None or not a.get("name") or "disabled" in a:
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                kind = "submit"
            known = self._form.fields.setdefault(
                a["name"], Field(a["name"], kind, [], a.get("value", ""))
            )
            if kind in ("checkbox", "radio", "submit"):
                known.options.append(a.get("value", "on"))
        elif tag == "select":
            self._select = self._form.fields.setdefault(a["name"], Field(a["name"], "select"))
        elif tag == "textarea":
            self._form.fields.setdefault(a["name"], Field(a["name"], "textarea"))

    def handle_endtag(self, tag):
        if tag == "form":
            if self._autosave:  # the page's script posts the same fields there
                autosave = urljoin(self.url, self._autosave)
                self.forms.append(Form(self.url, autosave, "post", self._form.fields))
            self._form = self._autosave = None
        elif tag == "select":
            self._select = None


def crawl(client, start_pages):
    """[Form, …] reachable from the start pages, one per shape of (method, action, fields)."""
    queue, seen, shapes, forms = list(start_pages), set(), Counter(), {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path in seen or shapes[_shape(path)] >= PER_SHAPE:
            continue
        seen.add(path)
        shapes[_shape(path)] += 1
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = _Page(f"http://testserver{path}")
        page.feed(response.content.decode())
        for form in page.forms:
            forms.setdefault(form.shape, form)
        queue += [link for link in page.links if _follow(link)]
    return list(forms.values())


def _follow(url):
    parts = urlsplit(url)
    if parts.netloc not in ("", "testserver"):
        return False
    path = parts.path
    return path.startswith(AREAS) and not any(s in path for s in SKIP)
