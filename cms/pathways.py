"""Pathways: which certified items count toward which qualification, for how many credits.

A dossier's `stackability.counts_toward` lists the qualifications an item counts toward. Each
catalogue page keeps them as `PathwayStep` rows, rewritten whenever the page is synced, so the
pathway pages can count and sum them in the database instead of reading every page's JSON.

The pages read the steps in a fixed number of queries, whatever the catalogue's size: the
steps (with their pages, or counted and summed), then the names of their credit systems.
"""

import hashlib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils.text import slugify

from accreditation import content as dossier_content
from accreditation.models import CreditSystem, PublicStatus

from .models import PathwayStep

KEY_LENGTH = 80


def qualification_key(qualification_ja, institution):
    """Readable and stable: the same Japanese name and institution give the same key, in
    every language and on every sync. Long names are cut and made unique by a digest."""
    slug = slugify(f"{qualification_ja} {institution}", allow_unicode=True)
    if slug and len(slug) <= KEY_LENGTH:
        return slug
    digest = hashlib.sha256(f"{qualification_ja}\n{institution}".encode()).hexdigest()[:12]
    return f"{slug[: KEY_LENGTH - 13].strip('-')}-{digest}".strip("-")


def _credits(value):
    try:
        credits = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return credits if credits > 0 else None


def steps_from_content(content):
    """The steps an approved content declares, as field values; one per qualification and
    credit system (the first wins if a dossier repeats one)."""
    stackability = (content or {}).get("stackability") or {}
    steps, seen = [], set()
    for entry in stackability.get("counts_toward") or []:
        qualification = entry.get("qualification")
        name_ja = dossier_content.text(qualification, "ja").strip()
        # Only a name actually given in English: the pages mark a Japanese fallback as such.
        name_en = (qualification.get("en") or "").strip() if isinstance(qualification, dict) else ""
        institution = (entry.get("institution") or "").strip()
        credits, system = _credits(entry.get("credits")), entry.get("system") or ""
        if not name_ja or credits is None or not system:
            continue
        key = qualification_key(name_ja, institution)
        if (key, system) in seen:
            continue
        seen.add((key, system))
        steps.append(
            {
                "qualification_key": key,
                "qualification_ja": name_ja[:300],
                "qualification_en": name_en[:300],
                "institution": institution[:200],
                "credits": credits,
                "system": system[:10],
                "position": len(steps),
            }
        )
    return steps


@transaction.atomic
def sync_pathway_steps(page):
    """Make the page's steps say what its content says now: a renewal that drops a
    qualification drops its step. Idempotent. Returns the page."""
    PathwayStep.objects.filter(page=page).delete()
    PathwayStep.objects.bulk_create(
        PathwayStep(page=page, **fields) for fields in steps_from_content(page.content)
    )
    return page


def _steps(language):
    return PathwayStep.objects.filter(page__live=True, page__locale__language_code=language)


def credit_system_names(language, codes):
    """{code: name in the language}; an unknown code names itself."""
    systems = CreditSystem.objects.filter(code__in=set(codes))
    names = {system.code: system.name_in(language) for system in systems}
    return {code: names.get(code, code) for code in codes}


def _name(language, name_ja, name_en):
    """The qualification's name in the language and the language it is actually in (a
    dossier may name it in Japanese only)."""
    if language == "en" and name_en:
        return name_en, "en"
    return name_ja, "ja"


@dataclass(frozen=True)
class Total:
    credits: Decimal
    system: str
    system_name: str


@dataclass(frozen=True)
class Pathway:
    key: str
    name: str
    name_language: str
    institution: str
    item_count: int
    totals: list[Total]


def certified_pathways(language):
    """Every qualification that active items count toward, with how many items and the
    credits available in each system, sorted by name. Three queries."""
    active = _steps(language).filter(page__status=PublicStatus.ACTIVE).order_by()
    item_counts = dict(
        active.values("qualification_key")
        .annotate(items=Count("page", distinct=True))
        .values_list("qualification_key", "items")
    )
    sums = list(
        active.values("qualification_key", "system").annotate(
            credits=Sum("credits"),
            name_ja=Max("qualification_ja"),
            name_en=Max("qualification_en"),
            institution=Max("institution"),
        )
    )
    systems = credit_system_names(language, {row["system"] for row in sums})
    grouped = {}
    for row in sorted(sums, key=lambda row: (row["qualification_key"], row["system"])):
        grouped.setdefault(row["qualification_key"], []).append(row)
    pathways = []
    for key, rows in grouped.items():
        name, name_language = _name(language, rows[0]["name_ja"], rows[0]["name_en"])
        totals = [Total(row["credits"], row["system"], systems[row["system"]]) for row in rows]
        pathways.append(
            Pathway(key, name, name_language, rows[0]["institution"], item_counts[key], totals)
        )
    return sorted(pathways, key=lambda pathway: (pathway.name.casefold(), pathway.institution))


@dataclass(frozen=True)
class PathwayDetail:
    pathway: Pathway
    steps: list  # PathwayStep rows of active items, with their page


def pathway_detail(language, key):
    """The qualification and the active items that count toward it, or None if no live
    page in the language names it. Two queries."""
    steps = list(
        _steps(language)
        .filter(qualification_key=key)
        .select_related("page")
        .defer("page__content", "page__search_terms")
        .order_by("page__title", "position")
    )
    if not steps:
        return None
    active = [step for step in steps if step.page.status == PublicStatus.ACTIVE]
    systems = credit_system_names(language, {step.system for step in steps})
    sums = {}
    for step in active:
        step.system_name = systems[step.system]
        sums[step.system] = sums.get(step.system, Decimal(0)) + step.credits
    first = steps[0]
    name, name_language = _name(language, first.qualification_ja, first.qualification_en)
    totals = [Total(sums[code], code, systems[code]) for code in sorted(sums)]
    pathway = Pathway(
        key, name, name_language, first.institution, len({s.page_id for s in active}), totals
    )
    return PathwayDetail(pathway, active)


def public_pathway_keys():
    """(language, key) of every pathway page, for the sitemap."""
    return (
        PathwayStep.objects.filter(page__live=True)
        .values_list("page__locale__language_code", "qualification_key")
        .distinct()
        .order_by("page__locale__language_code", "qualification_key")
    )
