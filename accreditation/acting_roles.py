"""Who acted on a dossier, by role: what a provider is told instead of a name.

Providers never learn who reviewed or decided on their dossier (blind review): the
accreditation body speaks to them as the secretariat, the committee or the system. Their
timeline and their emails both say who acted through `acting_role`.
"""

from django.utils.translation import gettext_lazy as _

YOUR_ORGANISATION = _("Your organisation")
SECRETARIAT = _("The secretariat")
COMMITTEE = _("The committee")
SYSTEM = _("The system")

#: The role behind each dossier action. Anything not listed (a new action) reads as the system
#: rather than risk naming a person.
ACTING_ROLES = {
    "dossier.create": YOUR_ORGANISATION,
    "dossier.submit": YOUR_ORGANISATION,
    "dossier.resubmit": YOUR_ORGANISATION,
    "dossier.appeal": YOUR_ORGANISATION,
    "dossier.withdraw": YOUR_ORGANISATION,
    "dossier.renew": YOUR_ORGANISATION,
    "dossier.accept_for_review": SECRETARIAT,
    "dossier.screen_out": SECRETARIAT,
    "dossier.return_to_provider": SECRETARIAT,
    "dossier.request_extra_review": SECRETARIAT,
    "dossier.approve": COMMITTEE,
    "dossier.request_revisions": COMMITTEE,
    "dossier.reject": COMMITTEE,
    "dossier.reopen_review": COMMITTEE,
    "dossier.suspend": COMMITTEE,
    "dossier.reinstate": COMMITTEE,
    "dossier.revoke": COMMITTEE,
    "dossier.complete_reviews": SYSTEM,
    "dossier.expire": SYSTEM,
}


def acting_role(action):
    """The role (a lazy translation) that performs `action`, as a provider is told."""
    return ACTING_ROLES.get(action, SYSTEM)
