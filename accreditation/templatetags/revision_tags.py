"""Template tags for revision requests, version diffs and appeals.

They let one `{% include %}` line bring each block to a page (the desk's case, the reviewer's
assignment, the provider's dossier) without every view assembling its context: the tags call
the selectors, which keep a fixed number of queries.
"""

import functools

from django import template
from django.template.loader import render_to_string
from django.utils import translation

from accreditation import diff, selectors
from accreditation.access import has_object_perm
from accreditation.models import DossierState, FieldOfStudy
from accreditation.revision_forms import RevisionCommentFormSet

register = template.Library()


@register.simple_tag
def version_changes(version):
    """The diff of `version` against the previous one, or None for a first version."""
    return selectors.version_diff(version)


@register.simple_tag(takes_context=True)
def revision_comments(context, dossier):
    """The open request's comments, and whether this user may answer them now."""
    user = context["request"].user
    return {
        "comments": selectors.provider_revision_comments(dossier),
        "can_answer": dossier.state == DossierState.REVISION_REQUESTED
        and has_object_perm(user, "accreditation.change_dossier", dossier),
    }


@register.simple_tag
def revision_comment_rows():
    """The desk's empty rows of comments on fields (`{% revision_comment_rows %}`).

    They are the same HTML on every case in a language, so each process renders them once per
    language: Django renders every option of a select through a template, and three rows of
    the dossier's fields cost 15 ms of each case page.
    """
    return _comment_rows(translation.get_language())


@functools.lru_cache(maxsize=8)  # a language of settings.LANGUAGES each
def _comment_rows(language):
    with translation.override(language):
        return render_to_string(
            "accreditation/desk/_revision_comment_rows.html",
            {"formset": RevisionCommentFormSet(prefix="comments")},
        )


@register.simple_tag
def appeal_panel(dossier):
    return {
        "members": selectors.appeal_panel(dossier),
        "excluded": selectors.first_decider_users(dossier),
    }


@register.filter
def diff_value(value, pointer=""):
    """A changed value for people: `{{ change.old|diff_value:change.pointer }}`. A field of
    study reads by its name (one query, only when that field changed)."""
    if pointer == "/field_of_study" and isinstance(value, str):
        field = FieldOfStudy.objects.filter(code=value).first()
        return field.name if field else value
    return diff.render_value(value, pointer)
