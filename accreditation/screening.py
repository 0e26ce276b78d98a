"""Automatic intake screening: is this dossier a micro-credential the accreditor can review?

The rules are DESIGN §2 and issue 3; the numbers (hours per credit, size rules per jurisdiction,
levels per framework) are reference data that staff edit in the admin. The provider sees the
report while editing, staff see it at intake, and submission is refused while a check fails.

A report is `{"eligible": bool, "checks": [{"id", "status", "message": {"ja", "en"}}]}` with
status "pass", "fail" or "warn" (a warning never blocks). Arithmetic is exact (fractions), so a
boundary such as 60 hours or a credit claim exactly 0.5 away is decided the same way everywhere.

Screening reads drafts too, which may be incomplete or malformed: every read is defensive.
"""

from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from .models import CreditSystem, JurisdictionProfile, LevelFramework
from .schema import bilingual

PASS, FAIL, WARN = "pass", "fail", "warn"

#: Credit claims may differ from the hours by this many credits (rounding).
CREDIT_TOLERANCE = Fraction(1, 2)


@dataclass(frozen=True)
class ReferenceData:
    """The reference tables screening needs, read once per report (three queries)."""

    credit_systems: dict
    frameworks: dict
    profiles: dict

    @classmethod
    def load(cls):
        return cls(
            credit_systems={c.code: c for c in CreditSystem.objects.all()},
            frameworks={f.code: f for f in LevelFramework.objects.all()},
            profiles={p.code: p for p in JurisdictionProfile.objects.all()},
        )


def _number(value):
    """An exact Fraction from a JSON number; None for anything else (a draft may hold junk)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return Fraction(str(value))


def _dict(value):
    return value if isinstance(value, dict) else {}


def _list(value):
    return value if isinstance(value, list) else []


def exact_hours(content):
    """Contact + self-study + assessment hours, exactly."""
    hours = _dict(content.get("learning_hours"))
    parts = (_number(hours.get(part)) for part in ("contact", "self_study", "assessment"))
    return sum((part for part in parts if part is not None), Fraction(0))


def hours_given(content):
    """Whether the dossier states its learning hours. The form stores an untouched field as 0, and
    no course takes 0 hours: a total of 0 is hours not given yet, never a size that passes."""
    return exact_hours(content) > 0


def _hours_text(value):
    """A Fraction as people write hours: 60, 62.5, or 1.33 when it does not end."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def _name(reference_row):
    """A credit system's or jurisdiction's name, read in whichever language a message is
    rendered in (bilingual() renders each parameter under that language), never its code."""
    return lazy(lambda: reference_row.name, str)()


def _check(check_id, status, message, **params):
    return {"id": check_id, "status": status, "message": bilingual(message, **params)}


def check_assessment_present(content, reference):
    methods = _list(_dict(content.get("assessment")).get("methods"))
    if methods:
        return _check("assessment_present", PASS, _("An assessment method is given."))
    return _check(
        "assessment_present",
        FAIL,
        _("No assessment method is given: learning without assessment is not a micro-credential."),
    )


def check_awarded_on_assessment(content, reference):
    awarded_on = _dict(content.get("assessment")).get("awarded_on")
    if awarded_on == "participation":
        return _check(
            "awarded_on_assessment",
            FAIL,
            _("The credential is awarded for participation: it must be awarded on assessment."),
        )
    if awarded_on == "assessment":
        return _check(
            "awarded_on_assessment", PASS, _("The credential is awarded on passing an assessment.")
        )
    return _check(
        "awarded_on_assessment", FAIL, _("Say whether the credential is awarded on assessment.")
    )


def check_outcomes_present(content, reference):
    if _list(content.get("learning_outcomes")):
        return _check("outcomes_present", PASS, _("Learning outcomes are listed."))
    return _check("outcomes_present", FAIL, _("No learning outcome is listed."))


def check_level_valid(content, reference):
    level = _dict(content.get("level"))
    framework = reference.frameworks.get(level.get("framework"))
    value = _number(level.get("value"))
    if framework is None:
        return _check(
            "level_valid", FAIL, _("Choose a qualifications framework (JEQF, EQF, AQF, ...).")
        )
    if value is None:
        return _check(
            "level_valid", FAIL, _("Give the level in %(framework)s."), framework=framework.code
        )
    if framework.has_level(value):
        return _check(
            "level_valid",
            PASS,
            _("Level %(value)s exists in %(framework)s."),
            value=_hours_text(value),
            framework=framework.code,
        )
    halves = _(" (whole levels only)") if framework.step == 1 else ""
    return _check(
        "level_valid",
        FAIL,
        _("%(framework)s has no level %(value)s: it runs from %(low)s to %(high)s%(halves)s."),
        framework=framework.code,
        value=_hours_text(value),
        low=_hours_text(Fraction(str(framework.min_level))),
        high=_hours_text(Fraction(str(framework.max_level))),
        halves=halves,
    )


def check_size(profile_code, content, reference):
    """The jurisdiction's size rule on total notional hours."""
    check_id = f"size:{profile_code}"
    profile = reference.profiles.get(profile_code)
    if profile is None:
        return _check(
            check_id, FAIL, _("Unknown jurisdiction profile %(code)s."), code=profile_code
        )
    if not hours_given(content):
        return _check(
            check_id,
            FAIL,
            _("The learning hours are not given yet: the %(code)s size rule cannot be checked."),
            code=profile.code,
        )
    hours = exact_hours(content)
    low = None if profile.min_hours is None else Fraction(str(profile.min_hours))
    high = None if profile.max_hours is None else Fraction(str(profile.max_hours))
    params = {
        "code": _name(profile),
        "hours": _hours_text(hours),
        "rule_ja": profile.rule_ja,
        "rule_en": profile.rule_en,
    }
    if low is None and high is None:
        return _size_check(
            check_id, PASS, _("%(code)s has no numeric size rule: %(rule)s."), params
        )
    if (low is not None and hours < low) or (high is not None and hours > high):
        return _size_check(
            check_id, FAIL, _("%(hours)s hours is outside the %(code)s rule: %(rule)s."), params
        )
    return _size_check(
        check_id, PASS, _("%(hours)s hours meets the %(code)s rule: %(rule)s."), params
    )


def _size_check(check_id, status, message, params):
    """A size check whose rule text comes from the reference data, in each language."""
    ja = dict(params, rule=params["rule_ja"])
    en = dict(params, rule=params["rule_en"])
    rendered = {
        "ja": bilingual(message, **ja)["ja"],
        "en": bilingual(message, **en)["en"],
    }
    return {"id": check_id, "status": status, "message": rendered}


def check_credits(claim, content, reference):
    """A credit claim agrees with the hours: |claimed − hours ÷ hours-per-credit| ≤ 0.5.

    Where the system gives a range of hours per credit (ECTS 25–30), the claim may lie anywhere
    between hours ÷ highest − 0.5 and hours ÷ lowest + 0.5.
    """
    claim = _dict(claim)
    code = claim.get("system")
    check_id = f"credits_consistent:{code}"
    system = reference.credit_systems.get(code)
    claimed = _number(claim.get("value"))
    if system is None or claimed is None:
        return _check(check_id, FAIL, _("Give the credit system and the number of credits."))
    if not hours_given(content):
        return _check(
            check_id,
            FAIL,
            _("The learning hours are not given yet: %(code)s credits cannot be checked."),
            code=code,
        )
    hours = exact_hours(content)
    lowest = hours / Fraction(str(system.hours_per_credit_max)) - CREDIT_TOLERANCE
    highest = hours / Fraction(str(system.hours_per_credit_min)) + CREDIT_TOLERANCE
    expected = _credit_range_text(hours, system)
    params = {"claimed": _hours_text(claimed), "system": _name(system), "expected": expected}
    if lowest <= claimed <= highest:
        return _check(
            check_id,
            PASS,
            _("%(system)s: %(claimed)s claimed, in agreement with the hours (%(expected)s)."),
            **params,
        )
    return _check(
        check_id,
        FAIL,
        _(
            "%(system)s: %(claimed)s claimed, which does not agree with the hours: "
            "expected %(expected)s."
        ),
        **params,
    )


def _credit_range_text(hours, system):
    low = hours / Fraction(str(system.hours_per_credit_max))
    high = hours / Fraction(str(system.hours_per_credit_min))
    if low == high:
        return f"{_hours_text(low)} ± 0.5"
    return f"{_hours_text(low)}–{_hours_text(high)} ± 0.5"


def check_not_macro(content, reference):
    if not hours_given(content):
        return _check(
            "not_macro",
            FAIL,
            _(
                "The learning hours are not given yet: give the contact, self-study and "
                "assessment hours."
            ),
        )
    hours = exact_hours(content)
    limit = Fraction(settings.ACCREDITATION_MACRO_HOURS)
    params = {"hours": _hours_text(hours), "limit": _hours_text(limit)}
    if hours >= limit:
        return _check(
            "not_macro",
            FAIL,
            _(
                "%(hours)s hours is the size of a degree (%(limit)s hours or more), "
                "not a micro-credential."
            ),
            **params,
        )
    return _check("not_macro", PASS, _("%(hours)s hours is below the size of a degree."), **params)


def check_identity_verification(content, reference):
    """A warning, never a refusal: reviewers weigh unsupervised assessment themselves."""
    supervision = _dict(content.get("assessment")).get("supervision")
    if supervision == "unsupervised_no_id":
        return _check(
            "identity_verification",
            WARN,
            _(
                "The assessment is unsupervised and learners' identity is not checked: "
                "reviewers will ask how the result can be trusted."
            ),
        )
    return None


def screen(content, reference=None):
    """The screening report of one dossier's content."""
    content = _dict(content)
    reference = reference or ReferenceData.load()
    checks = [
        check_assessment_present(content, reference),
        check_awarded_on_assessment(content, reference),
        check_outcomes_present(content, reference),
        check_level_valid(content, reference),
    ]
    profiles = [
        code for code in _list(content.get("jurisdiction_profiles")) if isinstance(code, str)
    ]
    checks += [check_size(code, content, reference) for code in dict.fromkeys(profiles)]
    claims = _list(_dict(content.get("learning_hours")).get("credits_claimed"))
    checks += [check_credits(claim, content, reference) for claim in claims]
    checks.append(check_not_macro(content, reference))
    warning = check_identity_verification(content, reference)
    if warning:
        checks.append(warning)
    return {"eligible": all(check["status"] != FAIL for check in checks), "checks": checks}


def failures(report):
    return [check for check in report["checks"] if check["status"] == FAIL]
