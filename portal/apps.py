from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The provider portal (/portal/) and the provider API (/api/v1/provider/): a provider
    organisation's pages and scripts, composed from the core's services and the reviewers'
    blind reviews."""

    name = "portal"
    verbose_name = _("Provider portal")
