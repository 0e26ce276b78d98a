from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    """The staff desk (/desk/): the secretariat's and the committee's pages, composed from the
    domains (the core's cases and decisions, the reviewers' assignments and reviews)."""

    name = "desk"
    verbose_name = _("Staff desk")
