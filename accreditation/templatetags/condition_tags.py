"""The conditions blocks of the provider's dossier page and the desk, one include line each."""

from django import template
from django.conf import settings
from django.utils import timezone

from accreditation import conditions as selectors
from accreditation.access import has_object_perm
from accreditation.condition_forms import ROWS
from accreditation.services.attachments import ACCEPT_EXTENSIONS
from accreditation.services.conditions import TRACKED_STATES
from accreditation.services.staff import VALIDITY_YEARS_MAX, VALIDITY_YEARS_MIN
from accreditation.workflow import SIGN_OFF, SUBMIT

register = template.Library()


@register.simple_tag(takes_context=True)
def condition_panel(context, dossier, for_staff=False):
    """The dossier's conditions and what this user may do with them (one query for the list)."""
    user = context["request"].user
    tracked = dossier.state in TRACKED_STATES
    return {
        "conditions": selectors.dossier_conditions(dossier, for_staff=for_staff),
        "can_submit": not for_staff and tracked and has_object_perm(user, SUBMIT, dossier),
        "can_sign_off": for_staff and tracked and user.has_perm(SIGN_OFF),
        "today": timezone.localdate(),
        "accept": ACCEPT_EXTENSIONS,
        "max_bytes": settings.ATTACHMENT_MAX_BYTES,
    }


@register.simple_tag
def condition_rows():
    """Empty rows for the decision form, and the default validity period and its bounds."""
    return {
        "rows": range(ROWS),
        "validity_years": settings.ACCREDITATION_VALIDITY_YEARS,
        "validity_min": VALIDITY_YEARS_MIN,
        "validity_max": VALIDITY_YEARS_MAX,
    }


@register.simple_tag
def overdue_conditions():
    return selectors.overdue_list()


@register.filter
def condition_text(condition):
    return condition.text()
