"""One input rule at the door: no control character in anything a request says.

NUL and the other control characters (C0 but tab, line feed and carriage return; DEL; C1) are
never part of a title, a reason, a search or an id. PostgreSQL refuses NUL in text outright, so
one that reached a query or a save was a 500, and the rest are junk that would be stored and
shown. This middleware looks at the path, the query string, a form's fields and a JSON body's
keys and strings before any view (an uploaded file's name needs no look: Django's parser drops
its unprintable characters), and answers 400 naming where the character is, in both
languages: in the API's JSON shape under /api/, for a JSON body or for a page's script, else
as a short page. Nothing is read or changed by a refused request. A cookie holding one is
dropped, as if the browser had not sent it (a broken session cookie must not lock a browser out).
"""

import json
import re

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from accreditation.schema import bilingual

#: The characters refused. Tab, LF and CR are text (a pasted paragraph has them).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

IN_PATH = _("The address contains the control character %(character)s, which no page has.")
IN_QUERY = _(
    "The query parameter “%(name)s” contains the control character %(character)s, which it "
    "cannot hold."
)
IN_FIELD = _(
    "The field “%(name)s” contains the control character %(character)s, which cannot be "
    "saved. Remove it and send again: nothing was saved."
)
IN_JSON = _(
    "The body contains the control character %(character)s at %(pointer)s, which cannot be "
    "saved. Nothing was saved."
)


TOO_DEEP = _("The body nests arrays or objects too deeply to be read. Nothing was saved.")


def as_id(value):
    """A primary key or page number from a form or query value, or None. Only ASCII digits,
    at most 18 (a bigint): "²" is a digit to str.isdigit() yet int() refuses it, and "٣" is
    one int() takes."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


def control_character(*texts):
    """The first refused character of the texts, as U+XXXX, or None."""
    for text in texts:
        found = CONTROL.search(text)
        if found:
            return f"U+{ord(found.group()):04X}"
    return None


class RefuseControlCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _drop_broken_cookies(request)
        problem = _problem(request)
        if problem is None:
            return self.get_response(request)
        message, pointer = problem
        if _wants_json(request):
            return _json_refusal(message, pointer)
        return _page_refusal(message)


def _drop_broken_cookies(request):
    for name in [n for n, v in request.COOKIES.items() if control_character(n, v)]:
        del request.COOKIES[name]


def _problem(request):
    """(the bilingual message, a JSON pointer or None) for the first control character found,
    or None when the request has none."""
    character = control_character(request.path)
    if character:
        return bilingual(IN_PATH, character=character), None
    for name, values in request.GET.lists():
        character = control_character(name, *values)
        if character:
            return bilingual(IN_QUERY, name=_printable(name), character=character), None
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    try:
        if request.content_type in FORM_TYPES:
            return _form_problem(request)
        if _is_json(request):
            return _json_problem(request)
    except RequestDataTooBig as error:
        # Beyond Django's limit the form is not read here; whoever reads it next meets the
        # same refusal, as without this check (a view may explain it, like /verify/).
        request._post = request._files = _Unreadable(error)
    return None


class _Unreadable:
    """A form Django refused to read: any use of it raises that refusal again."""

    def __init__(self, error):
        self._error = error

    def __getattr__(self, name):
        raise self._error

    def _refuse(self, *args):
        raise self._error

    __getitem__ = __contains__ = __iter__ = __len__ = __bool__ = _refuse


def _form_problem(request):
    for name, values in request.POST.lists():
        character = control_character(name, *values)
        if character:
            return bilingual(IN_FIELD, name=_printable(name), character=character), f"/{name}"
    return None


def _json_problem(request):
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return None  # not JSON: the view says so in its own words
    except RecursionError:  # "[[[[…" a hundred thousand deep: no view could read it either
        return bilingual(TOO_DEEP), "/"
    for pointer, text in _strings(body, ""):
        character = control_character(text)
        if character:
            return bilingual(IN_JSON, character=character, pointer=pointer or "/"), pointer or "/"
    return None


def _strings(value, pointer):
    """(JSON pointer, text) of every key and string in a parsed JSON value."""
    if isinstance(value, str):
        yield pointer, value
    elif isinstance(value, dict):
        for key, item in value.items():
            at = f"{pointer}/{_escape(key)}"
            yield at, key
            yield from _strings(item, at)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{pointer}/{index}")


def _escape(key):
    """A key as a JSON pointer segment (RFC 6901), with its control characters made visible."""
    return _printable(key.replace("~", "~0").replace("/", "~1"))


def _printable(text):
    """Control characters shown as \\uXXXX, so that the message itself carries none."""
    return CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _wants_json(request):
    """The API, a JSON body, or a page's script (autosave): the answer is JSON."""
    return (
        request.path.startswith("/api/")
        or _is_json(request)
        or "X-Requested-With" in request.headers
        or "application/json" in request.headers.get("Accept", "")
    )


def _is_json(request):
    return request.content_type == "application/json" or request.content_type.endswith("+json")


def _json_refusal(message, pointer):
    errors = [{"pointer": pointer, "message": message}] if pointer else []
    return JsonResponse(
        {"detail": message, "errors": errors},
        status=400,
        json_dumps_params={"ensure_ascii": False},
    )


def _page_refusal(message):
    """A page of its own: it needs no session, user or template context, which a request
    refused before any of them is read does not have."""
    lines = format_html_join(
        "\n", '<p lang="{}">{}</p>', [("ja", message["ja"]), ("en", message["en"])]
    )
    page = format_html(
        '<!DOCTYPE html>\n<html lang="ja">\n<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>400 · 入力を受け付けられません / Input refused</title></head>\n"
        "<body><main><h1>入力を受け付けられません / Input refused</h1>\n{}\n"
        "<p>ブラウザの「戻る」で入力した画面に戻れます。 / Your browser's Back button returns "
        "to what you typed.</p></main></body>\n</html>\n",
        lines,
    )
    return HttpResponse(page, status=400, content_type="text/html; charset=utf-8")
