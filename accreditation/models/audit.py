"""The append-only audit trail. Services write it in the transaction of the change it records."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accreditation import transitions

#: How each action that is not a step of a workflow table reads in a timeline (the steps'
#: labels are in the tables: accreditation.transitions).
ACTION_LABELS = {
    "organisation.create": _("Organisation registered"),
    "membership.add": _("Member added"),
    "organisation.update": _("Organisation profile changed"),
    "invitation.create": _("Member invited"),
    "invitation.accept": _("Invitation accepted"),
    "invitation.revoke": _("Invitation revoked"),
    "membership.change_role": _("Member's role changed"),
    "membership.remove": _("Member removed"),
    "attachment.add": _("File attached"),
    "attachment.remove": _("File removed"),
    "revision_comment.answer": _("Comment answered"),
    "round.invite_previous": _("Previous round's reviewers invited"),
    "reviewer.accredit": _("Reviewer accredited"),
    "reviewer.renew": _("Reviewer accreditation renewed"),
    "reviewer.invite_to_apply": _("Invited to apply as a reviewer"),
    "affiliation.add": _("Affiliation declared"),
    "affiliation.end": _("Affiliation ended"),
    "dossier.import": _("Updated by bulk import"),
    "api_token.create": _("API token created"),
    "api_token.revoke": _("API token revoked"),
}


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit events are append-only.")

    def delete(self):
        raise TypeError("Audit events are append-only.")


class AuditEvent(models.Model):
    """One thing that happened: who did what to which object, from which state to which.

    `dossier` is set for everything that belongs to a dossier's story (its own transitions and
    those of its assignments), so that a timeline is one indexed query.
    """

    action = models.CharField(_("action"), max_length=60)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the system acted (scheduler, automatic transition)."),
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    dossier = models.ForeignKey(
        "accreditation.Dossier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    from_state = models.CharField(_("from state"), max_length=30, blank=True)
    to_state = models.CharField(_("to state"), max_length=30, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.from_state}→{self.to_state}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only.")

    def get_action_display(self):
        return transitions.label(self.action) or ACTION_LABELS.get(self.action, self.action)

    @classmethod
    def record(cls, *, action, actor, subject, dossier=None, from_state="", to_state="", note=""):
        return cls.objects.create(
            action=action,
            actor=actor if actor is not None and actor.is_authenticated else None,
            content_type=ContentType.objects.get_for_model(subject),
            object_id=subject.pk,
            dossier=dossier,
            from_state=from_state,
            to_state=to_state,
            note=note,
        )
