from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryExportConfig(AppConfig):
    name = "registry_export"
    verbose_name = _("Registry")

    def ready(self):
        from accreditation.events import credential_lifecycle

        from . import handlers

        credential_lifecycle.connect(
            handlers.on_credential_lifecycle, dispatch_uid="registry-refresh"
        )
