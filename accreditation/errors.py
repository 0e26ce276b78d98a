"""The one error type services raise, views turn into a message for the user, and the input
checks every service shares."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _


class DomainError(Exception):
    """A use case was refused. `message` is translated text the user can act on.

    `code` lets callers tell refusals apart without parsing text ("forbidden", "invalid",
    "state", "incomplete", "ineligible", ...); `details` are further lines for a person.
    Nothing has changed when this is raised: services raise it before writing,
    or inside the transaction that it then rolls back.
    """

    def __init__(self, message, *, code="invalid", details=None, data=None):
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.details = details or []
        #: Machine-readable particulars for the API (schema problems, a screening report).
        self.data = data or {}


def require_text(value, message):
    """The text stripped, or DomainError(message) when nothing is left (a reason, an answer)."""
    value = (value or "").strip()
    if not value:
        raise DomainError(message)
    return value


def require_email(value):
    """The address stripped, or a DomainError when it is not an email address."""
    value = (value or "").strip()
    try:
        validate_email(value)
    except ValidationError:
        raise DomainError(_("Enter a valid email address.")) from None
    return value
