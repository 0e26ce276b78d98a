from django.db import models
from django.utils import timezone
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
    #: The document's canonical N-Quads (RDFC-1.0), kept so dumps need not recanonicalise.
    nquads = models.TextField(_("canonical N-Quads"), blank=True, default="")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("registry document")
        verbose_name_plural = _("registry documents")
        constraints = [
            models.UniqueConstraint(fields=["credential_id", "kind"], name="one_document_per_kind")
        ]

    def __str__(self):
        return f"{self.kind} {self.credential_id}"


class AccreditorKey(models.Model):
    """A public key the accreditor signs with, or once signed with.

    Only public keys live here: the secret comes from ACCREDITOR_KEY (or the development key
    file), so database dumps never carry it. Retired keys stay so that old proofs still verify
    and the DID document keeps listing them.
    """

    public_key_multibase = models.CharField(_("public key (multibase)"), max_length=60, unique=True)
    is_current = models.BooleanField(_("current"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        verbose_name = _("accreditor key")
        verbose_name_plural = _("accreditor keys")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="one_current_accreditor_key",
            )
        ]

    def __str__(self):
        return self.public_key_multibase


class RegistryChange(models.Model):
    """One write or removal of a stored document, in the order they were committed.

    The change feed's cursor is this table's id: unlike `updated_at`, it never repeats, and
    refresh_documents holds a lock while writing so ids also commit in order (see publishing).
    Rows are only appended.
    """

    class Action(models.TextChoices):
        UPDATED = "updated", _("updated")
        DELETED = "deleted", _("deleted")

    id = models.BigAutoField(primary_key=True)
    credential_id = models.UUIDField(_("credential identifier"))
    kind = models.CharField(_("kind"), max_length=40)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("registry change")
        verbose_name_plural = _("registry changes")

    def __str__(self):
        return f"{self.id} {self.action} {self.kind} {self.credential_id}"


class StatusListSlot(models.Model):
    """An item's bit in the status lists: the same index in the revocation and the suspension
    list, shared by every endorsement of the item (its status is the item's).

    Indexes are drawn at random (Bitstring Status List §6.1, herd privacy): a sequential index
    would tell a reader in which order items were certified."""

    credential_id = models.UUIDField(_("credential identifier"), unique=True)
    index = models.PositiveIntegerField(_("status list index"), unique=True)

    class Meta:
        verbose_name = _("status list slot")
        verbose_name_plural = _("status list slots")

    def __str__(self):
        return f"{self.index} {self.credential_id}"


class Endorsement(models.Model):
    """The signed accreditation record of one approval or renewal: an Open Badges 3.0
    `EndorsementCredential` whose subject is the item's Achievement. Kept for good: a learner's
    badge may embed any of them, and /verify/ and /registry/endorsements/ answer for each."""

    public_id = models.UUIDField(_("public identifier"), unique=True)
    credential_id = models.UUIDField(_("credential identifier"), db_index=True)
    #: The approved dossier (a renewal is a new dossier): one record per approval.
    dossier_id = models.PositiveBigIntegerField(_("dossier"), unique=True)
    #: The signed credential; its key, validity dates and status entries are read from it.
    document = models.JSONField(_("signed document"))
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["signed_at", "id"]

    def __str__(self):
        return f"{self.public_id} ({self.credential_id})"


class StatusList(models.Model):
    """A signed `BitstringStatusListCredential`, re-signed whenever a bit changes and daily
    (its `validUntil` keeps a replayed old copy from passing for current)."""

    class Purpose(models.TextChoices):
        REVOCATION = "revocation", _("revocation")
        SUSPENSION = "suspension", _("suspension")

    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices, unique=True)
    document = models.JSONField(_("signed document"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("status list")
        verbose_name_plural = _("status lists")

    def __str__(self):
        return self.purpose
