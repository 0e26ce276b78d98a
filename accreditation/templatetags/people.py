"""Template filters that name people, in the order their name's script reads (see names.py)."""

from django import template

from accreditation import names

register = template.Library()


@register.filter
def person(user):
    """The user's name, or their email address when they gave none: `{{ event.actor|person }}`."""
    return names.display_name(user)


@register.filter
def person_name(user):
    """The user's name only ("" when they gave none), for a table with its own email column."""
    return names.full_name(user.first_name, user.last_name) if user is not None else ""
