"""The catalogue's facet columns of an item page, from its approved dossier content.

Kept apart from `cms.facets` (the filters) and free of model imports, so that the migration
that backfills existing pages can use the very same rule as publishing.
"""

from accreditation.content import decimal_or_none

LANGUAGE_MARK = "|"


def languages_text(codes):
    """Teaching languages as one delimited string, "|en|ja|": `languages__contains="|ja|"`
    filters on SQLite and PostgreSQL alike, and counting needs no join."""
    codes = sorted({str(code).lower() for code in codes or [] if str(code).isalpha()})
    return f"{LANGUAGE_MARK}{LANGUAGE_MARK.join(codes)}{LANGUAGE_MARK}" if codes else ""


def languages_of(text):
    return [code for code in (text or "").split(LANGUAGE_MARK) if code]


def facet_values(content, provider_kind):
    """The facet columns from a dossier's content and its provider's kind."""
    content = content or {}
    level = content.get("level") or {}
    teaching = content.get("content") or {}
    fee = content.get("fee") or {}
    fee_amount = decimal_or_none(fee.get("amount"))
    return {
        "field_of_study_code": str(content.get("field_of_study") or "")[:40],
        "level_framework": str(level.get("framework") or "")[:10],
        "level": decimal_or_none(level.get("value")),
        "delivery_mode": str(teaching.get("delivery_mode") or "")[:20],
        "languages": languages_text(teaching.get("languages"))[:100],
        "provider_kind": provider_kind or "",
        "stand_alone": bool((content.get("stackability") or {}).get("stand_alone", True)),
        "fee_amount": fee_amount,
        "fee_currency": str(fee.get("currency") or "")[:3] if fee_amount is not None else "",
    }


def facet_fields(item, language):
    """The facet columns of a published item's page (the same in every language)."""
    return facet_values(item.content, item.organisation.kind)
