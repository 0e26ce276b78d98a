"""Template filters for the reviewer side's coded values."""

from django import template

from reviewers.accrediting import REVIEW_LANGUAGES

register = template.Library()


@register.filter
def review_languages(codes):
    """Languages a reviewer reviews in, by name in the page's language: "日本語, 英語"."""
    names = dict(REVIEW_LANGUAGES)
    return ", ".join(str(names.get(code, code)) for code in codes or [])
