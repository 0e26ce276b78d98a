"""What a provider does with a dossier: write it, submit it, withdraw it, appeal, renew."""

import copy

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accreditation import content as dossier_content
from accreditation import screening, workflow
from accreditation.access import require_perm
from accreditation.errors import DomainError, require_text
from accreditation.models import (
    AuditEvent,
    Dossier,
    DossierState,
    DossierVersion,
    ProviderOrganisation,
)
from accreditation.notifications import notify_provider

from . import revisions
from ._common import allow, apply_transition, lock
from .attachments import freeze_attachments
from .grants import grant_dossier_perms, grant_version_perms


@transaction.atomic
def dossier_create(
    *,
    actor,
    organisation: ProviderOrganisation,
    content: dict,
    provider_reference: str = "",
    renewal_of: Dossier | None = None,
) -> Dossier:
    """Start a draft for the organisation. Its members see it; its editors may change it.

    `actor` is None when the system acts (a bulk import run by an operator)."""
    if actor is not None:
        require_perm(actor, "accreditation.create_dossier", organisation)
    _require_unused_reference(organisation, provider_reference)
    dossier = Dossier(
        organisation=organisation,
        provider_reference=provider_reference,
        content=content,
        created_by=actor,
        renewal_of=renewal_of,
    )
    if renewal_of is not None:
        dossier.credential_id = renewal_of.credential_id
    _save_unless_reference_taken(dossier)
    grant_dossier_perms(dossier, organisation)
    AuditEvent.record(
        action="dossier.create",
        actor=actor,
        subject=dossier,
        dossier=dossier,
        to_state=dossier.state,
    )
    return dossier


@transaction.atomic
def dossier_update(
    *, actor, dossier: Dossier, content: dict, provider_reference: str | None = None
) -> Dossier:
    """Replace the working copy (and the provider's reference, when given).

    Only drafts and dossiers returned for revision are editable. `actor` is None when the
    system acts (a bulk import).
    """
    dossier = lock(dossier)
    if actor is not None:
        require_perm(actor, "accreditation.change_dossier", dossier)
    if not dossier.is_editable():
        raise DomainError(
            _("This dossier cannot be edited while it is “%(state)s”.")
            % {"state": dossier.get_state_display()},
            code="state",
        )
    fields = ["content", "updated_at"]
    if provider_reference is not None and provider_reference != dossier.provider_reference:
        _require_unused_reference(dossier.organisation, provider_reference)
        dossier.provider_reference = provider_reference
        fields.append("provider_reference")
    dossier.content = content
    _save_unless_reference_taken(dossier, update_fields=fields)
    return dossier


def _require_unused_reference(organisation, provider_reference):
    if _reference_taken(organisation, provider_reference):
        raise _duplicate_reference()


def _reference_taken(organisation, provider_reference, *, besides=None):
    others = Dossier.objects.filter(
        organisation=organisation, provider_reference=provider_reference
    )
    if besides is not None:
        others = others.exclude(pk=besides)
    return bool(provider_reference) and others.exists()


def _duplicate_reference():
    return DomainError(
        _("Your organisation already has a dossier with this reference."),
        code="duplicate_reference",
    )


def _save_unless_reference_taken(dossier, **save_options):
    """Save; a reference taken in the meantime by a concurrent request (the check above and
    this save are not one step) is the same refusal, not an IntegrityError."""
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction stays usable
            dossier.save(**save_options)
    except IntegrityError:
        if _reference_taken(dossier.organisation, dossier.provider_reference, besides=dossier.pk):
            raise _duplicate_reference() from None
        raise


def require_submittable(content):
    """Refuse, with every reason, content that is incomplete (the schema) or ineligible
    (the screening). Both lists are given at once so the provider can fix everything in one go."""
    problems = dossier_content.submission_problems(content)
    if problems:
        raise DomainError(
            _("The dossier is not complete yet."),
            code="incomplete",
            details=[dossier_content.describe(problem) for problem in problems],
            data={"problems": problems},
        )
    report = screening.screen(dossier_content.prune(content))
    if not report["eligible"]:
        raise DomainError(
            _("The dossier does not pass the intake screening."),
            code="ineligible",
            details=[
                dossier_content.localised(check["message"]) for check in screening.failures(report)
            ],
            data={"screening": report},
        )


@transaction.atomic
def dossier_submit(*, actor, dossier: Dossier) -> DossierVersion:
    """Freeze the working copy as the next version and send it to the secretariat.

    Used for the first submission and for each resubmission after a revision request.
    """
    dossier = lock(dossier)
    transition = "resubmit" if dossier.state == DossierState.REVISION_REQUESTED else "submit"
    allow(dossier, transition, actor=actor)
    require_submittable(dossier.content)
    if transition == "resubmit":
        revisions.require_all_answered(dossier)
    number = (dossier.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    apply_transition(dossier, transition, actor=actor, note=f"v{number}", allowed=True)
    version = DossierVersion.objects.create(
        dossier=dossier,
        number=number,
        content=dossier_content.prune(copy.deepcopy(dossier.content)),
        submitted_by=actor,
    )
    grant_version_perms(version, dossier.organisation)
    freeze_attachments(version)
    if transition == "resubmit":
        revisions.close_request(dossier, version)
    return version


@transaction.atomic
def dossier_withdraw(*, actor, dossier: Dossier, reason: str = "") -> Dossier:
    dossier = lock(dossier)
    apply_transition(dossier, "withdraw", actor=actor, note=reason)
    return dossier


@transaction.atomic
def dossier_appeal(*, actor, dossier: Dossier, reasons: str) -> Dossier:
    """Contest a rejection, with reasons, within the appeal window."""
    dossier = lock(dossier)
    allow(dossier, "appeal", actor=actor)
    reasons = require_text(reasons, str(workflow.step("appeal").missing_note))
    if dossier.state == DossierState.REJECTED and not dossier.appeal_window_open():
        raise DomainError(_("The appeal window for this decision has closed."), code="state")
    apply_transition(dossier, "appeal", actor=actor, note=reasons, allowed=True)
    return dossier


@transaction.atomic
def dossier_renew(*, actor, dossier: Dossier) -> Dossier:
    """Start the renewal of a certified item: a new draft pre-filled from its last version."""
    dossier = lock(dossier)
    allow(dossier, "renew", actor=actor)
    if dossier.state not in (DossierState.ACCREDITED, DossierState.EXPIRED):
        raise DomainError(_("Only an accredited or expired item can be renewed."), code="state")
    open_renewal = dossier.renewals.exclude(
        state__in=[DossierState.WITHDRAWN, DossierState.REJECTED]
    )
    if open_renewal.exists():
        raise DomainError(_("A renewal of this item has already been started."), code="state")
    last_version = dossier.versions.order_by("-number").first()
    renewal = dossier_create(
        actor=actor,
        organisation=dossier.organisation,
        content=copy.deepcopy(last_version.content),
        renewal_of=dossier,
    )
    event = AuditEvent.record(
        action="dossier.renew",
        actor=actor,
        subject=dossier,
        dossier=dossier,
        note=f"→ #{renewal.pk}",
    )
    notify_provider(event)
    return renewal
