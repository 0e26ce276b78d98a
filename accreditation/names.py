"""How a person's name is written for people to read: one rule for every page and email.

Django's `get_full_name()` puts the given name first, which is right for "Emma Walker" and
wrong for 佐藤 一郎: a name written in East Asian script is read family name first. The script
of the family name decides, because that is what the person typed in their own writing system:

- kanji or kana (Japanese; Chinese names in hanzi follow the same order): family name, a space,
  given name: 佐藤 一郎. The space keeps the two parts apart, as Japanese forms and rosters do.
- hangul (Korean): family name then given name, without a space: 김민수.
- anything else (Latin and other alphabetic scripts): given name first: Emma Walker.

The honorific is the message's business, not the name's: "Dear %(name)s," reads
"%(name)s 様" in Japanese, after the name in either order (佐藤 一郎 様, Emma Walker 様).
Sorting by family name stays with the selectors (`order_by("last_name", "first_name")`).
"""

import re

#: Hiragana, katakana (full and half width, with the prolonged sound mark), CJK ideographs
#: (unified, extension A, compatibility) and the iteration mark 々.
_KANJI_KANA = re.compile(
    r"[\u3005\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]"
)
#: Hangul syllables and jamo.
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")


def east_asian_separator(text):
    """The separator between family and given name when `text` (a family name) is written in
    East Asian script: " " for kanji and kana, "" for hangul; None for other scripts."""
    if _HANGUL.search(text):
        return ""
    if _KANJI_KANA.search(text):
        return " "
    return None


def full_name(given, family):
    """A name in the order its script reads: family first in East Asian script."""
    given, family = (given or "").strip(), (family or "").strip()
    if not (given and family):
        return given or family
    separator = east_asian_separator(family)
    if separator is None:
        return f"{given} {family}"
    return f"{family}{separator}{given}"


def display_name_columns(path=""):
    """The user's columns display_name reads, under a relation's `path` ("reviewer__user__"),
    for a list that reads only what it shows (`.only()`)."""
    return tuple(f"{path}{name}" for name in ("first_name", "last_name", "email"))


def display_name(person):
    """A user's name for people to read (see the module docstring), or their email address
    when they gave no name; "" for no one."""
    if person is None:
        return ""
    return full_name(person.first_name, person.last_name) or person.email
