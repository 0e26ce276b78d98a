"""Accredited reviewers, their assignments to dossier versions, and their reviews."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from accreditation import names
from accreditation.content import StandardField
from accreditation.models import DossierVersion, FieldOfStudy, ProviderOrganisation
from accreditation.models.choices import label_of


class ReviewerProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviewer_profile"
    )
    expertise = models.TextField(_("expertise"), blank=True)
    max_load = models.PositiveSmallIntegerField(
        _("maximum open assignments"),
        default=5,
        help_text=_("Automatic assignment never gives this reviewer more open assignments."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewers")

    def __str__(self):
        return names.display_name(self.user)


class ReviewerAccreditation(models.Model):
    """A reviewer is accredited for a scope and a period; only then may they be assigned."""

    reviewer = models.ForeignKey(
        ReviewerProfile, on_delete=models.CASCADE, related_name="accreditations"
    )
    fields_of_study = models.ManyToManyField(FieldOfStudy, verbose_name=_("fields of study"))
    languages = models.JSONField(_("review languages"), default=list)
    level_min = models.DecimalField(_("lowest level"), max_digits=3, decimal_places=1, default=1)
    level_max = models.DecimalField(_("highest level"), max_digits=3, decimal_places=1, default=8)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    training_record = models.TextField(_("training record"), blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_until"]
        verbose_name = _("reviewer accreditation")
        verbose_name_plural = _("reviewer accreditations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gt=models.F("valid_from")),
                name="accreditation_period_positive",
            )
        ]

    def __str__(self):
        return f"{self.reviewer}: {self.valid_from} – {self.valid_until}"

    def is_valid_on(self, day):
        return self.valid_from <= day <= self.valid_until


class Affiliation(models.Model):
    """A standing relationship a reviewer declares; it creates a conflict of interest."""

    class Relationship(models.TextChoices):
        EMPLOYEE = "employee", _("Employee")
        CONSULTANT = "consultant", _("Consultant or contractor")
        BOARD = "board", _("Board or committee member")
        STUDENT = "student", _("Student")
        OTHER = "other", _("Other")

    reviewer = models.ForeignKey(
        ReviewerProfile, on_delete=models.CASCADE, related_name="affiliations"
    )
    organisation = models.ForeignKey(
        ProviderOrganisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    organisation_name = models.CharField(_("organisation"), max_length=200)
    relationship = models.CharField(_("relationship"), max_length=20, choices=Relationship.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")

    def __str__(self):
        return f"{self.reviewer} – {self.organisation_name}"


class Rubric(models.Model):
    """The scoring guide. A review keeps the rubric version it was made with.

    `descriptors` maps each standard field to its four levels:
    `{"purpose": {"0": {"ja": …, "en": …}, "1": …, "2": …, "3": …}, …}`.
    """

    version = models.PositiveIntegerField(_("version"), unique=True)
    descriptors = models.JSONField(_("descriptors"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        get_latest_by = "version"
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")

    def __str__(self):
        return f"Rubric v{self.version}"


class AssignmentState(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    LAPSED = "lapsed", _("Lapsed")
    SUBMITTED = "submitted", _("Review submitted")
    CANCELLED = "cancelled", _("Cancelled")


A = AssignmentState
#: Assignments that still count toward the reviews a version needs.
ACTIVE = [A.INVITED, A.ACCEPTED, A.SUBMITTED]


class Assignment(ConcurrentTransitionMixin, models.Model):
    """A reviewer asked to review one dossier version, with two deadlines."""

    version = models.ForeignKey(
        DossierVersion, on_delete=models.PROTECT, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        ReviewerProfile, on_delete=models.PROTECT, related_name="assignments"
    )
    state = FSMField(_("state"), default=A.INVITED, choices=A.choices, protected=True)
    respond_by = models.DateField(_("respond by"))
    review_due = models.DateField(_("review due"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    # Set only when staff invited a reviewer despite an automatic conflict of interest.
    conflict_override_reason = models.TextField(_("reason for overriding a conflict"), blank=True)
    conflict_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    conflict_override_at = models.DateTimeField(_("conflict overridden at"), null=True, blank=True)
    suggested_colleague = models.TextField(
        _("suggested colleague"),
        blank=True,
        help_text=_("Someone the reviewer suggests in their place: name, email, free text."),
    )
    # The invitation link (see reviewers.invitations): only the SHA-256 of its secret is kept.
    token_hash = models.CharField(max_length=64, blank=True, editable=False)
    token_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    token_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["review_due", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [
            # The desk's overdue lists: unanswered invitations, accepted reviews past due.
            models.Index(fields=["state", "respond_by"], name="assignment_state_respond_by"),
            models.Index(fields=["state", "review_due"], name="assignment_state_review_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "reviewer"],
                condition=models.Q(state__in=["invited", "accepted", "submitted"]),
                name="one_active_assignment_per_reviewer_and_version",
            ),
            models.CheckConstraint(
                condition=models.Q(review_due__gte=models.F("respond_by")),
                name="review_due_after_response",
            ),
        ]

    def __str__(self):
        return f"{self.reviewer} → {self.version}"

    def get_state_display(self):
        return label_of(A, self.state)

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        if self.state == A.INVITED:
            return today > self.respond_by
        return self.state == A.ACCEPTED and today > self.review_due

    @transition(field=state, source=A.INVITED, target=A.ACCEPTED)
    def accept(self):
        """The reviewer agrees to review, declaring no conflict of interest."""

    @transition(field=state, source=A.INVITED, target=A.DECLINED)
    def decline(self):
        """The reviewer declines, with a reason."""

    @transition(field=state, source=A.INVITED, target=A.LAPSED)
    def lapse(self):
        """No answer by the response deadline."""

    @transition(field=state, source=A.ACCEPTED, target=A.SUBMITTED)
    def submit_review(self):
        """The review is in and locked."""

    @transition(field=state, source=[A.INVITED, A.ACCEPTED], target=A.CANCELLED)
    def cancel(self):
        """Staff withdraw the invitation (or the dossier left review)."""


class NoticeKind(models.TextChoices):
    """The emails about an assignment; each is sent at most once (see reviewers.reminders)."""

    INVITATION = "invitation", _("Invitation")
    RESPOND_SOON = "respond_soon", _("Reminder: response due")
    RESPOND_LAPSED = "respond_lapsed", _("Invitation lapsed")
    REVIEW_SOON = "review_soon", _("Reminder: review due")
    REVIEW_OVERDUE = "review_overdue", _("Review overdue")
    REVIEW_ESCALATED = "review_escalated", _("Overdue review escalated")


class AssignmentNotice(models.Model):
    """One email (or set of emails) of one kind about one assignment: the unique key
    (assignment, kind) is what makes each reminder go out once, however often beat runs."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("kind"), max_length=30, choices=NoticeKind.choices)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("assignment notice")
        verbose_name_plural = _("assignment notices")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "kind"], name="one_notice_per_kind")
        ]

    def __str__(self):
        return f"{self.kind} → {self.assignment}"


class Recommendation(models.TextChoices):
    APPROVE = "approve", _("Approve")
    APPROVE_WITH_CONDITIONS = "approve_with_conditions", _("Approve with conditions")
    REVISE = "revise", _("Revise and resubmit")
    REJECT = "reject", _("Reject")


class Review(models.Model):
    """One reviewer's assessment of one version: a score per standard field and a
    recommendation. A draft until submitted; then locked."""

    assignment = models.OneToOneField(Assignment, on_delete=models.PROTECT, related_name="review")
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="reviews")
    recommendation = models.CharField(
        _("recommendation"), max_length=30, choices=Recommendation.choices, blank=True
    )
    confidential_note = models.TextField(_("confidential note to staff"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self):
        return f"Review of {self.assignment}"

    @property
    def is_locked(self):
        return self.submitted_at is not None


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.CharField(_("criterion"), max_length=30, choices=StandardField.choices)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__lte=3),
                name="score_between_0_and_3",
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"


class ApplicationState(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")


class ReviewerApplication(ConcurrentTransitionMixin, models.Model):
    """A person asks to be accredited as a reviewer for a scope; the secretariat accepts
    (which creates the accreditation) or refuses with a reason, once.

    `affiliations` are the standing affiliations declared with the application, as
    `[{"organisation": pk or None, "organisation_name", "relationship", "started_on",
    "ended_on"}]` (ISO dates); accepting turns them into Affiliation rows.
    """

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviewer_applications"
    )
    fields_of_study = models.ManyToManyField(FieldOfStudy, verbose_name=_("fields of study"))
    level_min = models.DecimalField(_("lowest level"), max_digits=3, decimal_places=1, default=1)
    level_max = models.DecimalField(_("highest level"), max_digits=3, decimal_places=1, default=8)
    languages = models.JSONField(_("review languages"), default=list)
    expertise = models.TextField(_("expertise statement"))
    affiliations = models.JSONField(_("declared affiliations"), default=list, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Set when the person applied through a staff invitation."),
    )
    state = FSMField(
        _("state"),
        max_length=10,
        choices=ApplicationState.choices,
        default=ApplicationState.PENDING,
        protected=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    accreditation = models.OneToOneField(
        ReviewerAccreditation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="application",
    )
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("reviewer application")
        verbose_name_plural = _("reviewer applications")
        constraints = [
            models.UniqueConstraint(
                fields=["applicant"],
                condition=models.Q(state="pending"),
                name="one_pending_reviewer_application",
            ),
            models.CheckConstraint(
                condition=models.Q(level_max__gte=models.F("level_min")),
                name="application_level_range",
            ),
        ]

    def __str__(self):
        return f"{self.applicant} ({self.get_state_display()})"

    @transition(field=state, source=ApplicationState.PENDING, target=ApplicationState.ACCEPTED)
    def accept(self):
        """The secretariat accredits the applicant for a scope and a period."""

    @transition(field=state, source=ApplicationState.PENDING, target=ApplicationState.REFUSED)
    def refuse(self):
        """The secretariat refuses, with a reason the applicant is told."""

    def declared_affiliations(self):
        """The declared affiliations with their relationship's label, for display."""
        labels = dict(Affiliation.Relationship.choices)
        return [
            {**a, "relationship_label": labels.get(a["relationship"], a["relationship"])}
            for a in self.affiliations
        ]


class AccreditationReminder(models.Model):
    """One reminder that a reviewer accreditation ends soon: what makes reminders idempotent.

    Keyed by the end date too, so that a renewal (a later end date) earns its own reminders.
    """

    accreditation = models.ForeignKey(
        ReviewerAccreditation, on_delete=models.CASCADE, related_name="reminders"
    )
    valid_until = models.DateField(_("valid until"))
    days_before = models.PositiveSmallIntegerField(_("days before the end"))
    language = models.CharField(max_length=5)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("accreditation reminder")
        verbose_name_plural = _("accreditation reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["accreditation", "valid_until", "days_before"],
                name="one_reminder_per_accreditation_end_and_threshold",
            )
        ]

    def __str__(self):
        return f"{self.accreditation}: {self.days_before} days"
