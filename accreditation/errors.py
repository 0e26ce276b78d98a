"""The one error type services raise; views turn it into a message for the user."""


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
