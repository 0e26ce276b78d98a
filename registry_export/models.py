from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistryDocument(models.Model):
    """A JSON-LD document of a certified item, stored when the item changes and served as is.

    Serving stored documents keeps `/registry/` fast and lets dumps reuse them; the refresh
    task rebuilds them on each lifecycle event.
    """

    credential_id = models.UUIDField(_("credential identifier"))
    kind = models.CharField(_("kind"), max_length=40)
    dossier_id = models.PositiveBigIntegerField(_("dossier"))
    document = models.JSONField(_("document"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("registry document")
        verbose_name_plural = _("registry documents")
        constraints = [
            models.UniqueConstraint(fields=["credential_id", "kind"], name="one_document_per_kind")
        ]

    def __str__(self):
        return f"{self.kind} {self.credential_id}"
