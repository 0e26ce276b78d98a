"""Validation of dossier content against the interchange format (`schemas/dossier.schema.json`).

The API, the bulk import and submission share this one check. Each problem names the field by
its JSON pointer (RFC 6901) and says what is wrong in Japanese and in English, so that a
provider's script and a person reading the portal get the same, precise answer.

The schema file ships here; tests/test_standards_files.py compares it with the reference copy
(`shared/schemas/dossier.schema.json`) where that is on the machine.
"""

import json
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from jsonschema import Draft202012Validator, FormatChecker

from .content import TEXT_LANGUAGES, Language

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "dossier.schema.json"

_format_checker = FormatChecker(formats=())


@_format_checker.checks("uri", raises=ValidationError)
def _is_uri(value):
    """An absolute http(s) URL: what a learner or a registry can follow."""
    if not isinstance(value, str):
        return True
    URLValidator(schemes=["http", "https"])(value)
    return True


@cache
def schema():
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _validator():
    Draft202012Validator.check_schema(schema())
    return Draft202012Validator(schema(), format_checker=_format_checker)


def pointer(path):
    """The JSON pointer of a path of keys and indexes: ("level", "value") → "/level/value"."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def bilingual(message, **params):
    """A lazy message rendered in both languages: {"ja": ..., "en": ...}.

    Parameters may be lazy too (a translated type name); each is rendered in the same language.
    """
    rendered = {}
    for language in TEXT_LANGUAGES:
        with translation.override(language):
            values = {key: str(value) for key, value in params.items()}
            rendered[language] = str(message) % values if values else str(message)
    return rendered


_MESSAGES = {
    "required": _("This field is required."),
    "additionalProperties": _("“%(name)s” is not a field of the dossier."),
    "type": _("Expected %(expected)s."),
    "enum": _("Choose one of: %(choices)s."),
    "minLength": _("This text cannot be empty."),
    "maxLength": _("This text is longer than %(limit)s characters."),
    "minimum": _("The value must be at least %(limit)s."),
    "maximum": _("The value must be at most %(limit)s."),
    "exclusiveMinimum": _("The value must be greater than %(limit)s."),
    "multipleOf": _("The value must be a multiple of %(limit)s."),
    "minItems": _("Give at least %(limit)s."),
    "maxItems": _("Give at most %(limit)s."),
    "uniqueItems": _("Each value may appear only once."),
    "pattern": _("The value does not have the expected form."),
    "format": _("Give a full web address (https://…)."),
}

_TYPE_NAMES = {
    "object": _("an object"),
    "array": _("a list"),
    "string": _("a text"),
    "number": _("a number"),
    "integer": _("a whole number"),
    "boolean": _("true or false"),
}


_LIMITED = {
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "multipleOf",
    "minItems",
    "maxItems",
}


def _problem(error):
    """One jsonschema error as {"pointer", "message": {"ja", "en"}}."""
    path = list(error.absolute_path)
    keyword = error.validator
    params = {}
    if keyword == "additionalProperties":
        allowed = error.schema.get("properties", {})
        extra = sorted(name for name in error.instance if name not in allowed)
        path.append(extra[0] if extra else "")
        params["name"] = extra[0] if extra else ""
    elif keyword == "type":
        params["expected"] = _TYPE_NAMES.get(error.validator_value, error.validator_value)
    elif keyword == "enum":
        params["choices"] = ", ".join(str(choice) for choice in error.validator_value)
    elif keyword in _LIMITED:
        params["limit"] = error.validator_value
    message = _MESSAGES.get(keyword, _("This value is not valid."))
    return {"pointer": pointer(path), "message": bilingual(message, **params)}


def _problems(error):
    if error.validator == "required":
        # One problem per missing property, pointing at the property itself.
        path = list(error.absolute_path)
        message = bilingual(_MESSAGES["required"])
        return [
            {"pointer": pointer([*path, name]), "message": message}
            for name in error.validator_value
            if isinstance(error.instance, dict) and name not in error.instance
        ]
    return [_problem(error)]


def _unlisted_languages(content):
    """The schema takes any two-letter code as a language of instruction; the register takes
    those of its one list (`content.Language`), which every page can name."""
    body = content.get("content") if isinstance(content, dict) else None
    languages = body.get("languages") if isinstance(body, dict) else None
    if not isinstance(languages, list):
        return []
    message = bilingual(_MESSAGES["enum"], choices=", ".join(Language.values))
    return [
        {"pointer": pointer(["content", "languages", index]), "message": message}
        for index, code in enumerate(languages)
        if isinstance(code, str) and code not in Language.values
    ]


def validate(content):
    """Every way `content` departs from the schema, sorted by pointer; [] when it conforms."""
    problems = [p for error in _validator().iter_errors(content) for p in _problems(error)]
    problems += _unlisted_languages(content)
    unique = {(p["pointer"], p["message"]["en"]): p for p in problems}
    return sorted(unique.values(), key=lambda p: (p["pointer"], p["message"]["en"]))
