"""Dossiers, their frozen versions and the committee's decisions.

The state machine is DESIGN §3. Transition methods only flip the state; the services in
`accreditation.services` check permission, call them, stamp the time, write the audit event and
schedule side effects, all in one transaction.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from accreditation import content as dossier_content

from .choices import label_of
from .organisations import ProviderOrganisation


class DossierState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    AWAITING_DECISION = "awaiting_decision", _("Awaiting decision")
    REVISION_REQUESTED = "revision_requested", _("Revision requested")
    ACCREDITED = "accredited", _("Accredited")
    REJECTED = "rejected", _("Rejected")
    APPEALED = "appealed", _("Appealed")
    SUSPENDED = "suspended", _("Suspended")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = DossierState

#: States in which the provider may still withdraw: nothing has been decided yet.
BEFORE_DECISION = [S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.AWAITING_DECISION, S.REVISION_REQUESTED]
#: States in which the provider edits the working copy.
EDITABLE = [S.DRAFT, S.REVISION_REQUESTED]
#: States of an item that was certified at some point: it has a public page and registry record.
PUBLISHED = [S.ACCREDITED, S.SUSPENDED, S.EXPIRED, S.REVOKED]


class PublicStatus(models.TextChoices):
    """What the public register says of a published item: the catalogue's pages and the
    registry's documents name it alike."""

    ACTIVE = "active", _("Certified")
    SUSPENDED = "suspended", _("Suspended")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


#: The public status of each published state.
PUBLIC_STATUS = {
    S.ACCREDITED: PublicStatus.ACTIVE,
    S.SUSPENDED: PublicStatus.SUSPENDED,
    S.EXPIRED: PublicStatus.EXPIRED,
    S.REVOKED: PublicStatus.REVOKED,
}


class Dossier(ConcurrentTransitionMixin, models.Model):
    """One micro-credential submitted by a provider, from draft to its end of life.

    `content` is the provider's working copy in the interchange format
    (`accreditation/schemas/dossier.schema.json`); each submission freezes it as a `DossierVersion`.
    `credential_id` names the micro-credential itself: it stays the same across versions and is
    carried over by a renewal, so public URLs and registry identifiers never change.
    """

    organisation = models.ForeignKey(
        ProviderOrganisation, on_delete=models.PROTECT, related_name="dossiers"
    )
    provider_reference = models.CharField(_("provider's reference"), max_length=100, blank=True)
    state = FSMField(_("state"), default=S.DRAFT, choices=S.choices, protected=True)
    state_changed_at = models.DateTimeField(_("in this state since"), default=timezone.now)
    content = models.JSONField(_("working copy"), default=dossier_content.empty_content)
    credential_id = models.UUIDField(_("credential identifier"), default=uuid.uuid4, db_index=True)
    renewal_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="renewals"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        permissions = [
            ("submit_dossier", _("Can submit, withdraw and appeal as the provider")),
            ("screen_dossier", _("Can screen dossiers and assign reviewers (secretariat)")),
            ("decide_dossier", _("Can record decisions (committee)")),
        ]
        indexes = [
            # The desk's case list, longest in their state first: all cases, or those of one
            # state (which also serves every lookup by state). A page is read in this order
            # and the scan stops at its last row.
            models.Index(fields=["state_changed_at", "id"], name="dossier_desk_order"),
            models.Index(
                fields=["state", "state_changed_at", "id"], name="dossier_state_desk_order"
            ),
            # A provider's portal list, most recently changed first: read from the index
            # alone, for the page and for the count, never from the (wide) rows.
            models.Index(
                fields=["organisation", "-updated_at", "-id"], name="dossier_provider_recent"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "provider_reference"],
                condition=~models.Q(provider_reference=""),
                name="unique_provider_reference",
            )
        ]

    def __str__(self):
        return self.title() or f"#{self.pk}"

    def title(self, language=None):
        return dossier_content.text(self.content.get("title"), language)

    def get_portal_url(self):
        return reverse("portal:detail", kwargs={"pk": self.pk})

    def get_desk_url(self):
        return reverse("desk:case", kwargs={"pk": self.pk})

    def get_state_display(self):
        return label_of(S, self.state)

    # Small predicates the UI and services share.

    def is_editable(self):
        return self.state in EDITABLE

    def appeal_deadline(self):
        days = settings.ACCREDITATION_APPEAL_WINDOW_DAYS
        return self.state_changed_at + timedelta(days=days)

    def appeal_window_open(self):
        return self.state == S.REJECTED and timezone.now() <= self.appeal_deadline()

    # Transitions: DESIGN §3, one method each. Bodies are empty on purpose.

    @transition(field=state, source=S.DRAFT, target=S.SUBMITTED)
    def submit(self):
        """The provider sends the draft for intake screening."""

    @transition(field=state, source=S.REVISION_REQUESTED, target=S.SUBMITTED)
    def resubmit(self):
        """The provider answers a revision request with a new version."""

    @transition(field=state, source=S.SUBMITTED, target=S.IN_REVIEW)
    def accept_for_review(self):
        """The secretariat finds the dossier complete and eligible."""

    @transition(field=state, source=S.SUBMITTED, target=S.REJECTED)
    def screen_out(self):
        """The secretariat finds it is not a micro-credential (no assessment, a degree...)."""

    @transition(field=state, source=S.SUBMITTED, target=S.REVISION_REQUESTED)
    def return_to_provider(self):
        """The secretariat returns an incomplete dossier before review."""

    @transition(field=state, source=S.IN_REVIEW, target=S.AWAITING_DECISION)
    def complete_reviews(self):
        """Every active reviewer has submitted; the committee can decide."""

    @transition(field=state, source=S.AWAITING_DECISION, target=S.IN_REVIEW)
    def request_extra_review(self):
        """Reviewers disagree: the desk adds a reviewer before the committee decides."""

    @transition(field=state, source=[S.AWAITING_DECISION, S.APPEALED], target=S.ACCREDITED)
    def approve(self):
        """The committee accredits the item (also when it upholds an appeal)."""

    @transition(field=state, source=S.AWAITING_DECISION, target=S.REVISION_REQUESTED)
    def request_revisions(self):
        """The committee asks the provider for changes before deciding."""

    @transition(field=state, source=[S.AWAITING_DECISION, S.APPEALED], target=S.REJECTED)
    def reject(self):
        """The committee refuses the item (also when it dismisses an appeal)."""

    @transition(
        field=state,
        source=S.REJECTED,
        target=S.APPEALED,
        conditions=[appeal_window_open],
    )
    def appeal(self):
        """The provider contests a rejection within the appeal window."""

    @transition(field=state, source=S.APPEALED, target=S.IN_REVIEW)
    def reopen_review(self):
        """The appeal committee sends the dossier back to review."""

    @transition(field=state, source=S.ACCREDITED, target=S.SUSPENDED)
    def suspend(self):
        """The committee suspends a certified item (a condition unmet, a complaint...)."""

    @transition(field=state, source=S.SUSPENDED, target=S.ACCREDITED)
    def reinstate(self):
        """The committee lifts a suspension."""

    @transition(field=state, source=[S.ACCREDITED, S.SUSPENDED], target=S.EXPIRED)
    def expire(self):
        """The validity period has passed (run by the scheduler)."""

    @transition(field=state, source=[S.ACCREDITED, S.SUSPENDED], target=S.REVOKED)
    def revoke(self):
        """The committee withdraws the certification for good."""

    @transition(field=state, source=BEFORE_DECISION, target=S.WITHDRAWN)
    def withdraw(self):
        """The provider withdraws the dossier before any decision."""


class DossierVersion(models.Model):
    """What the provider submitted, frozen. Reviewers score a version, never the working copy."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        ordering = ["dossier", "number"]
        verbose_name = _("dossier version")
        verbose_name_plural = _("dossier versions")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "number"], name="unique_version_number")
        ]

    def __str__(self):
        return f"{self.dossier} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A dossier version is frozen once submitted.")
        super().save(*args, **kwargs)

    def title(self, language=None):
        return dossier_content.text(self.content.get("title"), language)


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REVISIONS_REQUESTED = "revisions_requested", _("Revisions requested")
    REJECTED = "rejected", _("Rejected")


class Decision(models.Model):
    """The committee's decision on one version, with its rationale and, if approved, validity."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="decisions")
    version = models.ForeignKey(DossierVersion, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(_("outcome"), max_length=30, choices=DecisionOutcome.choices)
    on_appeal = models.BooleanField(_("decided on appeal"), default=False)
    rationale = models.TextField(_("rationale"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        get_latest_by = "decided_at"
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome="approved")
                | models.Q(valid_from__isnull=False, valid_until__gt=models.F("valid_from")),
                name="approval_has_validity",
            )
        ]

    def __str__(self):
        return f"{self.dossier}: {self.get_outcome_display()}"
