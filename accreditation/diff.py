"""What changed between two versions of a dossier, field by field.

Reviewers of a resubmission and staff read the changes rather than the whole dossier again
(DESIGN §2), beside the provider's answers to the revision request. A change names the most
precise place that changed, as a JSON pointer (`/title/ja`, `/learning_outcomes/1`), so a
correction of the Japanese text alone reads as exactly that. People read the place by its name
(`place`: "Title (Japanese)", "Learning outcome 2") and coded values by their labels
(`render_value(value, pointer)`); the pointer stays for programs.

Lists of records (outcomes, topics, credit claims) are aligned with difflib rather than by
position: removing the first outcome reads as one removed outcome, not as every later outcome
"changed". Pointers of added and changed items index the new version; those of removed items
index the old one. Lists of codes (methods, languages) change as a whole, which reads best.
"""

import difflib
import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from . import content
from .content import FIELD_LABELS, field_label
from .vocabulary import names as reference_names

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass(frozen=True)
class Change:
    pointer: str
    kind: str
    old: object = None
    new: object = None
    label: str = field(default="", compare=False)
    #: The precise place for people: "Learning outcome 1 · Statement (Japanese)".
    place: str = field(default="", compare=False)


def _change(pointer, kind, old=None, new=None):
    return Change(pointer, kind, old, new, field_label(pointer), content.place_label(pointer))


def _escape(key):
    """A key as a JSON pointer segment (RFC 6901)."""
    return str(key).replace("~", "~0").replace("/", "~1")


def diff_versions(old_content, new_content) -> list[Change]:
    """The changes from `old_content` to `new_content`, in the new content's order."""
    changes = []
    _compare("", old_content or {}, new_content or {}, changes)
    return changes


def _compare(pointer, old, new, changes):
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        _compare_objects(pointer, old, new, changes)
    elif isinstance(old, list) and isinstance(new, list) and _holds_records(old, new):
        _compare_records(pointer, old, new, changes)
    else:
        changes.append(_change(pointer, CHANGED, old, new))


def _compare_objects(pointer, old, new, changes):
    for key in [*new, *(key for key in old if key not in new)]:
        child = f"{pointer}/{_escape(key)}"
        if key not in old:
            changes.append(_change(child, ADDED, new=new[key]))
        elif key not in new:
            changes.append(_change(child, REMOVED, old=old[key]))
        else:
            _compare(child, old[key], new[key], changes)


def _holds_records(*lists):
    return any(isinstance(item, dict) for items in lists for item in items)


def _compare_records(pointer, old, new, changes):
    """Align the two lists on identical items; items replaced one for one are compared field
    by field, the rest are added or removed."""
    matcher = difflib.SequenceMatcher(a=_keys(old), b=_keys(new), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(paired):
            _compare(f"{pointer}/{j1 + k}", old[i1 + k], new[j1 + k], changes)
        for i in range(i1 + paired, i2):
            changes.append(_change(f"{pointer}/{i}", REMOVED, old=old[i]))
        for j in range(j1 + paired, j2):
            changes.append(_change(f"{pointer}/{j}", ADDED, new=new[j]))


def _keys(items):
    return [json.dumps(item, sort_keys=True, ensure_ascii=False) for item in items]


def field_of(pointer):
    """The field a pointer lies in, as FIELD_LABELS names fields ("/title/ja" → "/title",
    "/learning_outcomes/0/type" → "/learning_outcomes")."""
    parts = pointer.split("/")
    for end in range(len(parts), 1, -1):
        candidate = "/".join(parts[:end])
        if candidate in FIELD_LABELS:
            return candidate
    return "/".join(parts[:2])


def contains(outer, inner):
    """True if the pointer `inner` is `outer` or lies inside it."""
    return inner == outer or inner.startswith(outer + "/")


#: FIELD_LABELS' order is the dossier's reading order: changes are shown in it.
FIELD_ORDER = {pointer: index for index, pointer in enumerate(FIELD_LABELS)}


def reading_order(pointer):
    return (FIELD_ORDER.get(field_of(pointer), len(FIELD_ORDER)), pointer)


#: The coded values of the format, by the generic pointer of the value or of its list: a
#: fixed list, or the kind of reference table that names the code (vocabulary.TABLES).
VOCABULARIES = {
    "/design_pattern": content.DesignPattern,
    "/content/delivery_mode": content.DeliveryMode,
    "/content/languages": content.Language,
    "/level/framework": "framework",
    "/assessment/awarded_on": content.AwardedOn,
    "/assessment/methods": content.AssessmentMethod,
    "/assessment/grading_scheme": content.GradingScheme,
    "/assessment/supervision": content.Supervision,
    "/learning_outcomes/*/type": content.OutcomeType,
    "/learning_hours/credits_claimed/*/system": "credit_system",
    "/stackability/counts_toward/*/system": "credit_system",
    "/jurisdiction_profiles": "jurisdiction",
}


def _code_label(value, generic):
    vocabulary = VOCABULARIES.get(generic)
    if vocabulary is None:
        return None
    if isinstance(vocabulary, str):
        labels = reference_names(vocabulary)
    else:
        labels = vocabulary if isinstance(vocabulary, dict) else dict(vocabulary.choices)
    label = labels.get(value)
    return str(label) if label is not None else None


def _part_label(generic, key):
    label = content.PART_LABELS.get(f"{generic}/{key}") or FIELD_LABELS.get(f"{generic}/{key}")
    return str(label) if label is not None else key


def render_value(value, pointer=""):
    """A content value as one line for a person: texts in both languages, lists joined, codes
    by their labels and a record's parts by their names when `pointer` says where it is."""
    generic = content.generic_pointer(pointer) if pointer else ""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, str):
        return _code_label(value, generic) or value
    if isinstance(value, dict):
        if value and set(value) <= {"ja", "en"}:
            return " / ".join(part for part in (value.get("ja"), value.get("en")) if part)
        return "; ".join(
            f"{_part_label(generic, key)}: {render_value(item, f'{pointer}/{key}')}"
            for key, item in value.items()
        )
    if isinstance(value, list):
        if generic in VOCABULARIES:  # a list of codes: methods, languages, profiles
            return ", ".join(_code_label(item, generic) or str(item) for item in value)
        return ", ".join(render_value(item, f"{pointer}/{i}") for i, item in enumerate(value))
    return str(value)
