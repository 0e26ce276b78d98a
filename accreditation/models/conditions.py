"""Conditions attached to an approval, tracked one by one after the decision.

An approval with conditions is still an approval (the item is accredited); each condition has
a due date by which the provider uploads evidence, which staff sign off or send back with a
reason. The evidence file lives in the private storage, like a dossier's attachments.
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from .attachments import private_storage
from .dossiers import Decision


class ConditionState(models.TextChoices):
    OPEN = "open", _("Open")
    EVIDENCE_SUBMITTED = "evidence_submitted", _("Evidence submitted")
    SIGNED_OFF = "signed_off", _("Signed off")


def evidence_path(instance, filename):
    """A name nobody can guess, keeping only the extension of what was uploaded."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"conditions/{instance.decision_id}/{uuid.uuid4().hex}{suffix}"


class DecisionCondition(ConcurrentTransitionMixin, models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="conditions")
    text_ja = models.TextField(_("condition (Japanese)"), blank=True)
    text_en = models.TextField(_("condition (English)"), blank=True)
    due_on = models.DateField(_("due on"))
    state = FSMField(
        _("state"), default=ConditionState.OPEN, choices=ConditionState.choices, protected=True
    )
    evidence = models.FileField(
        _("evidence"), upload_to=evidence_path, storage=private_storage, blank=True
    )
    evidence_name = models.CharField(_("file name"), max_length=255, blank=True)
    evidence_content_type = models.CharField(_("content type"), max_length=120, blank=True)
    evidence_note = models.TextField(_("note on the evidence"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("evidence submitted at"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    rejection_reason = models.TextField(_("why the evidence was not accepted"), blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(text_ja="", text_en=""), name="condition_has_text"
            )
        ]

    def __str__(self):
        return self.text()

    def text(self, language=None):
        """The text in the reader's language, else in the other one."""
        language = (language or get_language() or "ja")[:2]
        first, second = (
            (self.text_en, self.text_ja)
            if language == "en"
            else (
                self.text_ja,
                self.text_en,
            )
        )
        return first or second

    def is_overdue(self, today=None):
        """Past its due date with no evidence from the provider."""
        return self.state == ConditionState.OPEN and self.due_on < (today or timezone.localdate())

    @transition(field=state, source=ConditionState.OPEN, target=ConditionState.EVIDENCE_SUBMITTED)
    def submit_evidence(self):
        """The provider uploads evidence that the condition is met."""

    @transition(
        field=state, source=ConditionState.EVIDENCE_SUBMITTED, target=ConditionState.SIGNED_OFF
    )
    def sign_off(self):
        """Staff accept the evidence: the condition is met."""

    @transition(field=state, source=ConditionState.EVIDENCE_SUBMITTED, target=ConditionState.OPEN)
    def reject_evidence(self):
        """Staff send the evidence back with a reason; the provider uploads again."""
