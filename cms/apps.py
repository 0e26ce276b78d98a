from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Public catalogue")

    def ready(self):
        from accreditation.events import credential_lifecycle

        from . import handlers, site

        credential_lifecycle.connect(handlers.on_credential_lifecycle, dispatch_uid="cms-sync")
        post_migrate.connect(site.ensure_site_after_migrate, dispatch_uid="cms-ensure-site")
