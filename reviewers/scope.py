"""Whether a reviewer accreditation covers a dossier: the one rule, used by eligibility and
by the invitation service.

An accreditation covers a dossier on a day when, on that day (both ends included), it is
valid, and its scope holds the dossier's

- **field of study** (`content["field_of_study"]`, a code);
- **level** (`content["level"]` = `{"framework", "value"}`), compared on the 8-level scale
  the accreditation's `level_min`/`level_max` use (JEQF, EQF and MQF have 8 levels and are
  compared directly; AQF, NZQF and NSQF have 10 and are first referenced onto 8 levels with
  `TEN_LEVEL_REFERENCE`);
- **language**: at least one of the languages of instruction (`content["content"]
  ["languages"]`). The dossier's own text is always in Japanese, but the evidence a reviewer
  judges — syllabus, sample assessment, rubric — is in the language of instruction, so a
  reviewer who reads none of them cannot score it. A dossier that names no language of
  instruction is taken to be taught in Japanese, the language it is written in.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from math import floor

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import ReviewerAccreditation

#: Frameworks with 10 levels, referenced onto the 8 levels of JEQF/EQF. Whole levels only:
#: NSQF's half levels (4.5) count as the whole level below. The three frameworks put their
#: degrees alike (bachelor 7, honours / graduate diploma 8, master 9, doctorate 10) and
#: their sub-degree diplomas at 5–6, which the EQF places at 5 (short cycle) — hence:
TEN_LEVEL_REFERENCE = {1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 5, 7: 6, 8: 7, 9: 7, 10: 8}
TEN_LEVEL_FRAMEWORKS = frozenset({"AQF", "NZQF", "NSQF"})


def reference_level(framework, value):
    """The dossier's level on the 8-level scale, or None when it cannot be read."""
    try:
        value = Decimal(str(value))
    except (ArithmeticError, ValueError, TypeError):
        return None
    if framework in TEN_LEVEL_FRAMEWORKS:
        whole = floor(value)
        return Decimal(TEN_LEVEL_REFERENCE[whole]) if whole in TEN_LEVEL_REFERENCE else None
    return value if Decimal(1) <= value <= Decimal(8) else None


@dataclass(frozen=True)
class DossierScope:
    """What an accreditation must cover, read once from a dossier's content."""

    field: str | None
    level: Decimal | None
    languages: frozenset

    @classmethod
    def of(cls, content):
        level = content.get("level") or {}
        languages = (content.get("content") or {}).get("languages") or ["ja"]
        return cls(
            field=content.get("field_of_study"),
            level=reference_level(level.get("framework"), level.get("value")),
            languages=frozenset(languages),
        )


def scope_gaps(accreditation, content, day: date):
    """What keeps `accreditation` from covering the dossier on `day`: a list of short
    translated reasons, empty when it covers. Reads `fields_of_study.all()`: prefetch it."""
    scope = content if isinstance(content, DossierScope) else DossierScope.of(content)
    gaps = []
    if not accreditation.is_valid_on(day):
        gaps.append(_("the accreditation is not valid on %(day)s") % {"day": date_format(day)})
    if scope.field not in {f.code for f in accreditation.fields_of_study.all()}:
        gaps.append(_("the accreditation does not cover this field of study"))
    if scope.level is None or not (
        accreditation.level_min <= scope.level <= accreditation.level_max
    ):
        gaps.append(_("the accreditation does not cover this level"))
    if not scope.languages & set(accreditation.languages):
        gaps.append(_("the accreditation covers none of the languages of instruction"))
    return gaps


def covers(accreditation, content, day: date) -> bool:
    """True if the accreditation covers the dossier whose content this is on `day`."""
    return not scope_gaps(accreditation, content, day)


def covering_reviewer_ids(content, day: date) -> set:
    """The reviewers holding an accreditation that covers the dossier on `day`. Two queries,
    whatever the number of accreditations: the database narrows by date and field, `covers`
    decides."""
    scope = DossierScope.of(content)
    candidates = ReviewerAccreditation.objects.filter(
        valid_from__lte=day, valid_until__gte=day, fields_of_study__code=scope.field
    ).prefetch_related("fields_of_study")
    return {a.reviewer_id for a in candidates if covers(a, scope, day)}


def reviewer_scope_problem(reviewer, content, day: date):
    """None if one of the reviewer's accreditations covers the dossier on `day`; else a
    message saying why their closest accreditation does not (for a refusal)."""
    accreditations = list(reviewer.accreditations.prefetch_related("fields_of_study"))
    if not accreditations:
        return _("%(name)s holds no reviewer accreditation.") % {"name": reviewer}
    gaps = sorted((scope_gaps(a, content, day) for a in accreditations), key=len)
    if not gaps[0]:
        return None
    return _("%(name)s cannot be assigned to this dossier: %(gaps)s.") % {
        "name": reviewer,
        "gaps": "; ".join(gaps[0]),
    }
