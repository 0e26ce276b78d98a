"""Rendering emails in their reader's language: one place for every email of the project.

Each email is a pair of templates, `<name>_subject.txt` and `<name>_body.txt`. A person reads
emails in the language they last chose on the site (UserProfile.language), or the site's
default (Japanese) if they never chose one. People without an account yet (invitees) get
bilingual templates, rendered in whatever language is active.
"""

from contextlib import nullcontext

from django.conf import settings
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import translation

from .models import UserProfile

DEFAULT_LANGUAGE = settings.LANGUAGE_CODE


def with_email_language(queryset, profile_path="profile"):
    """Annotate each row with `email_language`: its user's chosen language or the default.
    `profile_path` leads from the queryset's model to the UserProfile (for users: "profile")."""
    return queryset.annotate(
        email_language=Coalesce(f"{profile_path}__language", Value(DEFAULT_LANGUAGE))
    )


def language_of(user):
    """The language to write to one person in (one query)."""
    chosen = UserProfile.objects.filter(user=user).values_list("language", flat=True).first()
    return chosen or DEFAULT_LANGUAGE


def one_line(text):
    """A subject on one line, whatever the template's whitespace."""
    return " ".join(text.split())


def render_email(name, context, language=None):
    """(subject, body) of the templates `<name>_subject.txt` and `<name>_body.txt`, in
    `language`, or in the active language when None (bilingual templates)."""
    with translation.override(language) if language else nullcontext():
        subject = render_to_string(f"{name}_subject.txt", context)
        body = render_to_string(f"{name}_body.txt", context)
    return one_line(subject), body
