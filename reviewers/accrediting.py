"""Reviewer accreditation as data: applications, invitations to apply, renewal, affiliations.

Every function that changes something is a service: it checks permission, validates, makes
the change and its audit event in one transaction, with its emails promised in the outbox.
An application's decision is a step of its table (workflow.APPLICATIONS).

An accreditation's status is derived from its dates, never stored (see `status_of`): a flag
flipped by a scheduler would be stale between two runs, while the dates say on any day whether
the reviewer may be assigned — which is what the assignment rule (scope.covers) reads. The
scheduler's only job is to remind the reviewer before the end (reviewers.expiry).
"""

import re
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accreditation.access import require_perm
from accreditation.content import Language
from accreditation.errors import DomainError, require_email, require_text
from accreditation.models import AuditEvent, ProviderOrganisation
from accreditation.services.transitions import allow, apply_transition, require_possible
from outbox.messages import schedule

from . import services
from .models import (
    Affiliation,
    ApplicationState,
    ReviewerAccreditation,
    ReviewerApplication,
    ReviewerProfile,
)
from .workflow import APPLICATION_PERM, APPLICATIONS

#: An accreditation ending within this many days is shown as expiring.
EXPIRING_WITHIN_DAYS = 60
#: Reviewers review in the languages dossiers are taught in: the one list of the domain.
REVIEW_LANGUAGES = Language.choices
LEVEL_LOWEST, LEVEL_HIGHEST = 1, 8
INVITATION_SALT = "reviewers.apply-invitation"
RENEW_PERM = "reviewers.change_revieweraccreditation"


# Status, derived from the dates.


class Status:
    ACTIVE = "active"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    UPCOMING = "upcoming"

    LABELS = {
        ACTIVE: gettext_lazy("Active"),
        EXPIRING: gettext_lazy("Expiring soon"),
        EXPIRED: gettext_lazy("Expired"),
        UPCOMING: gettext_lazy("Not yet valid"),
    }


def status_of(accreditation, today: date) -> str:
    if accreditation.valid_until < today:
        return Status.EXPIRED
    if accreditation.valid_from > today:
        return Status.UPCOMING
    if accreditation.valid_until <= today + timedelta(days=EXPIRING_WITHIN_DAYS):
        return Status.EXPIRING
    return Status.ACTIVE


def current_accreditation(accreditations, today: date):
    """Of a reviewer's accreditations, the one to show: valid today and ending last, else the
    next to start, else the last to have ended. None for none."""
    valid = [a for a in accreditations if a.is_valid_on(today)]
    if valid:
        return max(valid, key=lambda a: a.valid_until)
    upcoming = [a for a in accreditations if a.valid_from > today]
    if upcoming:
        return min(upcoming, key=lambda a: a.valid_from)
    return max(accreditations, key=lambda a: a.valid_until, default=None)


# Validation shared by the application and its acceptance.


def _clean_scope(fields_of_study, level_min, level_max, languages):
    fields = list(fields_of_study)
    if not fields:
        raise DomainError(_("Choose at least one field of study."))
    try:
        low, high = int(level_min), int(level_max)
    except (TypeError, ValueError):
        raise DomainError(_("Levels are whole numbers from 1 to 8.")) from None
    if not LEVEL_LOWEST <= low <= high <= LEVEL_HIGHEST:
        raise DomainError(_("Levels run from 1 to 8, and the highest cannot be below the lowest."))
    languages = sorted({code.strip().lower() for code in languages or [] if code})
    if not languages:
        raise DomainError(_("Choose at least one language you review in."))
    if any(not re.fullmatch(r"[a-z]{2}", code) for code in languages):
        raise DomainError(_("Languages are two-letter ISO 639-1 codes."))
    return fields, low, high, languages


def _clean_affiliation(
    *, organisation=None, organisation_name="", relationship, started_on, ended_on=None
):
    """The affiliation as stored, or a DomainError. A provider from the list names itself."""
    name = organisation.name_ja if organisation is not None else (organisation_name or "").strip()
    if not name:
        raise DomainError(_("Name the organisation, or choose it from the list."))
    if relationship not in Affiliation.Relationship.values:
        raise DomainError(_("Choose the relationship."))
    if not isinstance(started_on, date):
        raise DomainError(_("Give the date the affiliation started."))
    if ended_on is not None and ended_on < started_on:
        raise DomainError(_("An affiliation cannot end before it starts."))
    return {
        "organisation": organisation,
        "organisation_name": name[:200],
        "relationship": relationship,
        "started_on": started_on,
        "ended_on": ended_on,
    }


def _affiliation_as_json(clean):
    return {
        "organisation": clean["organisation"].pk if clean["organisation"] else None,
        "organisation_name": clean["organisation_name"],
        "relationship": clean["relationship"],
        "started_on": clean["started_on"].isoformat(),
        "ended_on": clean["ended_on"].isoformat() if clean["ended_on"] else None,
    }


# Invitations to apply: a signed link that only marks an application as invited.


def invitation_token(email, inviter_id):
    return signing.dumps({"email": email.lower(), "by": inviter_id}, salt=INVITATION_SALT)


def read_invitation(token, email):
    """The inviter's id if `token` is a valid, unexpired invitation for `email`; else None."""
    try:
        data = signing.loads(
            token,
            salt=INVITATION_SALT,
            max_age=timedelta(days=settings.REVIEWER_APPLY_INVITATION_DAYS),
        )
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict) or data.get("email") != (email or "").lower():
        return None
    return data.get("by")


@transaction.atomic
def invite_to_apply(*, actor, email) -> str:
    """Email a person a link to apply as a reviewer (secretariat). Returns the token.

    The link is signed, not stored: it carries the email and who invited, expires after
    REVIEWER_APPLY_INVITATION_DAYS, and does one thing — mark the application of the person
    signed in with that email as invited. It grants no role; staff still decide.
    """
    require_perm(actor, APPLICATION_PERM)
    email = require_email(email)
    token = invitation_token(email, actor.pk)
    AuditEvent.record(action="reviewer.invite_to_apply", actor=actor, subject=actor, note=email)
    from .tasks import send_apply_invitation

    schedule(send_apply_invitation, email, sealed={"token": token})
    return token


# Applications.


@transaction.atomic
def application_submit(
    *,
    actor,
    fields_of_study,
    level_min,
    level_max,
    languages,
    expertise,
    affiliations=(),
    invitation="",
) -> ReviewerApplication:
    """A signed-in person applies to be accredited as a reviewer for a scope.

    `affiliations` are dicts of `_clean_affiliation`'s arguments.
    """
    if not getattr(actor, "is_authenticated", False):
        raise DomainError(_("You are not allowed to do this."), code="forbidden")
    if ReviewerApplication.objects.filter(applicant=actor, state=ApplicationState.PENDING).exists():
        raise DomainError(_("Your application is already waiting for a decision."), code="state")
    fields, low, high, languages = _clean_scope(fields_of_study, level_min, level_max, languages)
    expertise = require_text(expertise, _("Describe your expertise."))
    declared = [_affiliation_as_json(_clean_affiliation(**a)) for a in affiliations]
    invited_by = None
    if invitation:
        inviter_id = read_invitation(invitation, actor.email)
        if inviter_id is None:
            raise DomainError(
                _("This invitation link is not valid for your email address or has expired."),
                code="invitation",
            )
        invited_by = get_user_model().objects.filter(pk=inviter_id).first()
    application = ReviewerApplication.objects.create(
        applicant=actor,
        level_min=low,
        level_max=high,
        languages=languages,
        expertise=expertise,
        affiliations=declared,
        invited_by=invited_by,
    )
    application.fields_of_study.set(fields)
    AuditEvent.record(
        action=APPLICATIONS.action("submit"),
        actor=actor,
        subject=application,
        to_state=application.state,
    )
    return application


def _lock(application):
    return (
        ReviewerApplication.objects.select_for_update()
        .select_related("applicant")
        .get(pk=application.pk)
    )


def _declared_affiliations(application, profile):
    organisations = ProviderOrganisation.objects.in_bulk(
        [a["organisation"] for a in application.affiliations if a.get("organisation")]
    )
    return [
        Affiliation(
            reviewer=profile,
            organisation=organisations.get(a.get("organisation")),
            organisation_name=a["organisation_name"],
            relationship=a["relationship"],
            started_on=date.fromisoformat(a["started_on"]),
            ended_on=date.fromisoformat(a["ended_on"]) if a.get("ended_on") else None,
        )
        for a in application.affiliations
    ]


@transaction.atomic
def application_accept(
    *,
    actor,
    application,
    fields_of_study,
    level_min,
    level_max,
    languages,
    valid_from: date,
    valid_until: date,
    training_record: str = "",
) -> ReviewerAccreditation:
    """Accept an application (secretariat): accredit the applicant for the scope given (the
    one applied for, or narrower) and the period; give them the reviewer role; keep the
    affiliations they declared."""
    allow(APPLICATIONS, application, "accept", actor=actor)
    application = _lock(application)
    # A decided application is refused before its scope is read and anyone is accredited.
    require_possible(APPLICATIONS, application, "accept")
    fields, low, high, languages = _clean_scope(fields_of_study, level_min, level_max, languages)
    accreditation = services.reviewer_accredit(
        actor=actor,
        user=application.applicant,
        fields_of_study=fields,
        valid_from=valid_from,
        valid_until=valid_until,
        languages=languages,
        level_min=low,
        level_max=high,
        training_record=(training_record or "").strip(),
    )
    Affiliation.objects.bulk_create(_declared_affiliations(application, accreditation.reviewer))
    apply_transition(
        APPLICATIONS,
        application,
        "accept",
        actor=actor,
        note=f"{valid_from} – {valid_until}",
        allowed=True,
        accreditation=accreditation,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    _email_outcome(application)
    return accreditation


@transaction.atomic
def application_refuse(*, actor, application, reason) -> ReviewerApplication:
    """Refuse an application with a reason the applicant is told (secretariat)."""
    allow(APPLICATIONS, application, "refuse", actor=actor)
    application = _lock(application)
    apply_transition(
        APPLICATIONS,
        application,
        "refuse",
        actor=actor,
        note=reason,
        allowed=True,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    _email_outcome(application)
    return application


def _email_outcome(application):
    from .tasks import send_application_outcome

    schedule(send_application_outcome, application.pk)


# Renewal.


def _appended(record, today, text):
    line = f"{today.isoformat()}: {text}"
    return f"{record.rstrip()}\n{line}" if record.strip() else line


@transaction.atomic
def accreditation_renew(
    *,
    actor,
    accreditation,
    valid_until: date,
    training: str,
    valid_from: date | None = None,
    today: date | None = None,
) -> ReviewerAccreditation:
    """Renew an accreditation (secretariat) until `valid_until`, appending the training that
    supports it to the training record.

    Still running (or not yet started): its end moves, so the record says truly that the
    reviewer was accredited without a break; the reminders start again for the new end. Already
    ended: a new accreditation with the same scope starts on `valid_from` (today by default),
    and the old one stays as the record of the earlier period — the gap stays visible.
    """
    require_perm(actor, RENEW_PERM)
    today = today or timezone.localdate()
    training = require_text(training, _("Record the training that supports the renewal."))
    old = ReviewerAccreditation.objects.select_for_update().get(pk=accreditation.pk)
    record = _appended(old.training_record, today, training)
    if old.valid_until >= today:
        if valid_until <= old.valid_until:
            raise DomainError(_("A renewal must end after the current accreditation."))
        note = f"{old.valid_until} → {valid_until}"
        old.valid_until = valid_until
        old.training_record = record
        old.save(update_fields=["valid_until", "training_record"])
        renewed = old
    else:
        start = valid_from or today
        if valid_until <= start:
            raise DomainError(_("The accreditation must end after it starts."))
        renewed = ReviewerAccreditation.objects.create(
            reviewer=old.reviewer,
            languages=old.languages,
            level_min=old.level_min,
            level_max=old.level_max,
            valid_from=start,
            valid_until=valid_until,
            training_record=record,
            granted_by=actor,
        )
        renewed.fields_of_study.set(old.fields_of_study.all())
        note = f"#{old.pk} → #{renewed.pk}: {start} – {valid_until}"
    AuditEvent.record(action="reviewer.renew", actor=actor, subject=renewed, note=note)
    return renewed


# Standing affiliations, declared by the reviewer.


def _own_profile(actor):
    profile = ReviewerProfile.objects.filter(user_id=getattr(actor, "pk", None)).first()
    if profile is None:
        raise DomainError(_("You are not allowed to do this."), code="forbidden")
    return profile


@transaction.atomic
def affiliation_add(
    *,
    actor,
    relationship,
    started_on,
    organisation=None,
    organisation_name="",
    ended_on=None,
) -> Affiliation:
    """A reviewer declares a standing affiliation (with a provider from the list, or another
    organisation by name)."""
    profile = _own_profile(actor)
    clean = _clean_affiliation(
        organisation=organisation,
        organisation_name=organisation_name,
        relationship=relationship,
        started_on=started_on,
        ended_on=ended_on,
    )
    affiliation = Affiliation.objects.create(reviewer=profile, **clean)
    AuditEvent.record(
        action="affiliation.add", actor=actor, subject=affiliation, note=clean["organisation_name"]
    )
    return affiliation


@transaction.atomic
def affiliation_end(*, actor, affiliation, ended_on: date | None = None) -> Affiliation:
    """A reviewer records that an affiliation has ended (today unless a date is given). The
    row stays: conflicts look back over past affiliations too."""
    profile = _own_profile(actor)
    affiliation = (
        Affiliation.objects.select_for_update().filter(pk=affiliation.pk, reviewer=profile).first()
    )
    if affiliation is None:
        raise DomainError(_("You are not allowed to do this."), code="forbidden")
    if affiliation.ended_on is not None:
        raise DomainError(_("This affiliation has already ended."), code="state")
    ended_on = ended_on or timezone.localdate()
    if ended_on < affiliation.started_on:
        raise DomainError(_("An affiliation cannot end before it starts."))
    affiliation.ended_on = ended_on
    affiliation.save(update_fields=["ended_on"])
    AuditEvent.record(
        action="affiliation.end", actor=actor, subject=affiliation, note=ended_on.isoformat()
    )
    return affiliation


# Queries of the staff pages, each a fixed number of SQL queries.


def pending_applications():
    return (
        ReviewerApplication.objects.filter(state=ApplicationState.PENDING)
        .select_related("applicant", "invited_by")
        .prefetch_related("fields_of_study")
        .order_by("created_at", "pk")
    )


def recent_decisions(limit=20):
    return (
        ReviewerApplication.objects.exclude(state=ApplicationState.PENDING)
        .select_related("applicant")
        .order_by("-decided_at", "-pk")[:limit]
    )


def reviewer_roster(today: date, status: str = ""):
    """[(reviewer, accreditation to show, its status)] for every reviewer, by name; only
    those of `status` when given. Three queries, whatever the number of reviewers."""
    accreditations = Prefetch(
        "accreditations", queryset=ReviewerAccreditation.objects.prefetch_related("fields_of_study")
    )
    reviewers = (
        ReviewerProfile.objects.select_related("user")
        .prefetch_related(accreditations)
        .order_by("user__last_name", "user__first_name", "user__email", "pk")
    )
    rows = []
    for reviewer in reviewers:
        shown = current_accreditation(reviewer.accreditations.all(), today)
        row_status = status_of(shown, today) if shown else ""
        if not status or row_status == status:
            rows.append((reviewer, shown, row_status))
    return rows
