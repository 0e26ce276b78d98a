"""Use cases of the core, one function each. Views, tasks and commands call these only."""

from .dossiers import (
    dossier_appeal,
    dossier_create,
    dossier_renew,
    dossier_submit,
    dossier_update,
    dossier_withdraw,
)
from .organisations import membership_add, organisation_create
from .staff import (
    dossier_accept_for_review,
    dossier_complete_reviews,
    dossier_decide,
    dossier_expire,
    dossier_reinstate,
    dossier_reopen_review,
    dossier_return,
    dossier_revoke,
    dossier_screen_out,
    dossier_suspend,
    expire_lapsed,
)

__all__ = [
    "dossier_accept_for_review",
    "dossier_appeal",
    "dossier_complete_reviews",
    "dossier_create",
    "dossier_decide",
    "dossier_expire",
    "dossier_reinstate",
    "dossier_renew",
    "dossier_reopen_review",
    "dossier_return",
    "dossier_revoke",
    "dossier_screen_out",
    "dossier_submit",
    "dossier_suspend",
    "dossier_update",
    "dossier_withdraw",
    "expire_lapsed",
    "membership_add",
    "organisation_create",
]
