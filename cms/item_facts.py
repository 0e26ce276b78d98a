"""What an item page says at a glance: level and its equivalents, size in every credit
system, what it stacks toward and what it costs.

Read from the page's approved content and the reference data (frameworks, crosswalk, credit
systems), each table in one query, so an item page costs the same whatever the catalogue's
size. Every figure is derived here, once, rather than in the template.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from accreditation import content as dossier_content
from accreditation.crosswalk import Crosswalk, level_of
from accreditation.models import CreditSystem, LevelFramework

ONE_PLACE = Decimal("0.1")


def _one_place(value: Decimal) -> Decimal:
    return value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP).normalize()


@dataclass(frozen=True)
class Level:
    framework: str  # code
    framework_name: str
    value: Decimal
    eqf_level: int | None
    #: [(framework name, "5, 6")]: the levels of other frameworks at the same EQF level.
    peers: list


@dataclass(frozen=True)
class CreditEquivalent:
    system: str  # code
    name: str
    low: Decimal
    high: Decimal
    claimed: Decimal | None  # what the provider claims in this system, if anything

    @property
    def is_range(self):
        return self.low != self.high


@dataclass(frozen=True)
class StackingStep:
    key: str  # the pathway page's key (cms.pathways)
    qualification: str
    qualification_lang: str  # "ja" where the English page falls back to the Japanese name
    institution: str
    credits: Decimal
    system_name: str


@dataclass(frozen=True)
class ItemFacts:
    level: Level | None
    hours: Decimal
    credits: list
    stand_alone: bool
    counts_toward: list
    fee: dict | None
    credential_validity_years: int | None
    further_information_url: str


def item_facts(content, language) -> ItemFacts:
    systems = list(CreditSystem.objects.order_by("code"))
    hours = Decimal(str(dossier_content.total_hours(content)))
    stackability = content.get("stackability") or {}
    return ItemFacts(
        level=_level(content, language),
        hours=hours,
        credits=_credits(content, hours, systems, language),
        stand_alone=bool(stackability.get("stand_alone", True)),
        counts_toward=_counts_toward(content, systems, language),
        fee=content.get("fee") or None,
        credential_validity_years=content.get("credential_validity_years"),
        further_information_url=content.get("further_information_url") or "",
    )


def _names(model, language):
    return {code: (en if language == "en" else ja) for code, ja, en in model}


def _level(content, language):
    framework, value = level_of(content)
    if framework is None or value is None:
        return None
    names = _names(LevelFramework.objects.values_list("code", "name_ja", "name_en"), language)
    crosswalk = Crosswalk.load()
    peers = [
        (names.get(code, code), ", ".join(str(level) for level in levels))
        for code, levels in crosswalk.equivalents(framework, value)
    ]
    return Level(
        framework=framework,
        framework_name=names.get(framework, framework),
        value=value,
        eqf_level=crosswalk.eqf_level(framework, value),
        peers=peers,
    )


def _credits(content, hours, systems, language):
    """The item's size in every credit system: hours ÷ hours per credit (a range where the
    system allows one, as ECTS's 25–30 hours), beside what the provider claims."""
    claimed = {
        claim.get("system"): Decimal(str(claim.get("value")))
        for claim in (content.get("learning_hours") or {}).get("credits_claimed") or []
        if claim.get("value") is not None
    }
    if not hours:
        return []
    return [
        CreditEquivalent(
            system=system.code,
            name=system.name_in(language),
            low=_one_place(hours / system.hours_per_credit_max),
            high=_one_place(hours / system.hours_per_credit_min),
            claimed=claimed.get(system.code),
        )
        for system in systems
        if system.hours_per_credit_min and system.hours_per_credit_max
    ]


def _counts_toward(content, systems, language):
    """The qualifications the item counts toward, read as the pathway pages read them (one
    rule for keys, credits and the Japanese fallback of an English name)."""
    from .pathways import steps_from_content  # pathways imports the page models, which use us

    names = {s.code: s.name_in(language) for s in systems}
    english = language == "en"
    return [
        StackingStep(
            key=step["qualification_key"],
            qualification=(english and step["qualification_en"]) or step["qualification_ja"],
            qualification_lang="ja" if english and not step["qualification_en"] else language,
            institution=step["institution"],
            credits=step["credits"].normalize(),
            system_name=names.get(step["system"], step["system"]),
        )
        for step in steps_from_content(content)
    ]
