"""Provider organisations and their members."""

import hashlib
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accreditation import roles
from accreditation.access import MANAGE_ORGANISATION, require_perm
from accreditation.countries import Country
from accreditation.errors import DomainError, require_email
from accreditation.models import (
    AuditEvent,
    Invitation,
    MemberRole,
    Membership,
    ProviderOrganisation,
)
from outbox.messages import schedule

from .grants import grant_organisation_perms


@transaction.atomic
def organisation_create(
    *,
    actor,
    slug: str,
    name_ja: str,
    name_en: str,
    kind: str,
    country: str = "JP",
    website: str = "",
    quality_assurance: str = "",
) -> ProviderOrganisation:
    """Register a provider organisation with its three member groups.

    `actor` is None when the system acts (seeding, import); a person needs the model-level
    permission to add organisations.
    """
    if actor is not None:
        require_perm(actor, "accreditation.add_providerorganisation", None)
    if ProviderOrganisation.objects.filter(slug=slug).exists():
        raise DomainError(_("An organisation with this identifier already exists."))
    organisation = ProviderOrganisation.objects.create(
        slug=slug,
        name_ja=name_ja,
        name_en=name_en,
        kind=kind,
        country=country,
        website=website,
        quality_assurance=quality_assurance,
        members_group=Group.objects.create(name=f"org:{slug}:members"),
        editors_group=Group.objects.create(name=f"org:{slug}:editors"),
        managers_group=Group.objects.create(name=f"org:{slug}:managers"),
    )
    grant_organisation_perms(organisation)
    AuditEvent.record(action="organisation.create", actor=actor, subject=organisation)
    return organisation


def _groups_for(organisation, role):
    groups = [organisation.members_group]
    if role in (MemberRole.MANAGER, MemberRole.EDITOR):
        groups.append(organisation.editors_group)
    if role == MemberRole.MANAGER:
        groups.append(organisation.managers_group)
    return groups


@transaction.atomic
def membership_add(*, actor, organisation: ProviderOrganisation, user, role: str) -> Membership:
    """Make `user` a member with `role`; a manager of the organisation (or the system) adds."""
    if actor is not None:
        require_perm(actor, MANAGE_ORGANISATION, organisation)
    if role not in MemberRole.values:
        raise DomainError(_("Unknown member role."))
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise DomainError(_("This person is already a member of the organisation."))
    membership = Membership.objects.create(organisation=organisation, user=user, role=role)
    user.groups.add(Group.objects.get(name=roles.PROVIDER), *_groups_for(organisation, role))
    AuditEvent.record(
        action="membership.add", actor=actor, subject=membership, note=f"{user.email} ({role})"
    )
    return membership


#: What a manager may change in the profile; the slug, groups and identifiers stay as created.
PROFILE_FIELDS = (
    "name_ja",
    "name_en",
    "kind",
    "country",
    "website",
    "quality_assurance_type",
    "quality_assurance",
)


def _lock_organisation(organisation):
    """A fresh copy, locked until the transaction ends: membership changes of one organisation
    run one after another, so two managers cannot demote each other at once."""
    return ProviderOrganisation.objects.select_for_update().get(pk=organisation.pk)


def _clean_profile(fields, organisation):
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Not a profile field: {', '.join(sorted(unknown))}")
    cleaned = {
        name: value.strip() if isinstance(value, str) else value for name, value in fields.items()
    }
    if "country" in cleaned:
        cleaned["country"] = (cleaned["country"] or "").upper()
        # A code from before the list was closed may stay; no new one outside it.
        if cleaned["country"] not in Country.values and cleaned["country"] != organisation.country:
            raise DomainError(
                _("Choose the country from the list (its ISO 3166 code, such as JP).")
            )
    return cleaned


@transaction.atomic
def organisation_update(*, actor, organisation: ProviderOrganisation, **fields):
    """Change the organisation's profile; only its managers may. Invalid values (an unknown
    type, a malformed website, an empty name) are refused with the field's message."""
    require_perm(actor, MANAGE_ORGANISATION, organisation)
    cleaned = _clean_profile(fields, organisation)
    organisation = _lock_organisation(organisation)
    changed = sorted(name for name, new in cleaned.items() if getattr(organisation, name) != new)
    for name, value in cleaned.items():
        setattr(organisation, name, value)
    try:
        organisation.full_clean(validate_unique=False)
    except ValidationError as error:
        details = [
            f"{organisation._meta.get_field(name).verbose_name}: {message}"
            for name, messages in error.message_dict.items()
            for message in messages
        ]
        raise DomainError(_("The profile could not be saved."), details=details) from None
    organisation.save(update_fields=list(cleaned))
    AuditEvent.record(
        action="organisation.update", actor=actor, subject=organisation, note=", ".join(changed)
    )
    return organisation


def hash_token(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode()).hexdigest()


def _member_with_email(organisation, email):
    """Whether someone with this address, as account email or any address of theirs, is
    already a member."""
    return Membership.objects.filter(
        Q(user__email__iexact=email)
        | Q(user__in=EmailAddress.objects.filter(email__iexact=email).values("user")),
        organisation=organisation,
    ).exists()


def pending_invitations(organisation):
    """Invitations that can still be accepted."""
    return organisation.invitations.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


@transaction.atomic
def invitation_create(*, actor, organisation: ProviderOrganisation, email: str, role: str):
    """Invite someone, by email, to join in `role`; only managers may.

    The raw token exists only in the email's link: the database keeps its SHA-256, and the
    email task receives the raw token as its argument after the commit.
    """
    from accreditation.tasks import send_organisation_invitation

    require_perm(actor, MANAGE_ORGANISATION, organisation)
    email = require_email(email)
    if role not in MemberRole.values:
        raise DomainError(_("Unknown member role."))
    organisation = _lock_organisation(organisation)
    if _member_with_email(organisation, email):
        raise DomainError(_("This person is already a member of the organisation."))
    if pending_invitations(organisation).filter(email__iexact=email).exists():
        raise DomainError(
            _("An invitation to this address is still pending: revoke it to send a new one.")
        )
    raw_token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=hash_token(raw_token),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    AuditEvent.record(
        action="invitation.create", actor=actor, subject=invitation, note=f"{email} ({role})"
    )
    schedule(send_organisation_invitation, invitation.pk, sealed={"raw_token": raw_token})
    return invitation


def invitation_for_token(raw_token: str) -> Invitation:
    """The invitation this link's token belongs to, or a refusal; a tampered token finds none."""
    invitation = (
        Invitation.objects.select_related("organisation", "accepted_by")
        .filter(token_hash=hash_token(raw_token or ""))
        .first()
    )
    if invitation is None:
        raise DomainError(_("This invitation link is not valid."), code="not_found")
    return invitation


def invitation_problem(invitation, user=None):
    """Why this invitation cannot be accepted (by `user`, when given), or None."""
    if invitation.accepted_at is not None:
        return _("This invitation has already been used.")
    if invitation.revoked_at is not None:
        return _("This invitation has been revoked by a manager of the organisation.")
    if invitation.expires_at <= timezone.now():
        return _("This invitation has expired: ask a manager of the organisation for a new one.")
    if user is not None and not _has_verified_address(user, invitation.email):
        return _(
            "This invitation was sent to %(email)s. Sign in with an account whose verified "
            "email address is %(email)s to accept it."
        ) % {"email": invitation.email}
    return None


def _has_verified_address(user, email):
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


@transaction.atomic
def invitation_accept(*, user, raw_token: str) -> Membership:
    """Join the organisation in the invited role.

    Only the person invited may accept: a signed-in user with a *verified* address equal to
    the invitation's. The link alone is not enough, because links get forwarded, and a
    forwarded link would otherwise hand a manager's role to whoever holds it.
    """
    if not user.is_authenticated:
        raise DomainError(_("Sign in to accept the invitation."), code="forbidden")
    invitation = invitation_for_token(raw_token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    problem = invitation_problem(invitation, user)
    if problem:
        raise DomainError(problem, code="state")
    organisation = _lock_organisation(invitation.organisation)
    # The system adds the member on the strength of the invitation; the accept event names them.
    membership = membership_add(
        actor=None, organisation=organisation, user=user, role=invitation.role
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    AuditEvent.record(
        action="invitation.accept", actor=user, subject=invitation, note=invitation.email
    )
    return membership


@transaction.atomic
def invitation_revoke(*, actor, invitation: Invitation) -> Invitation:
    """Withdraw a pending invitation, so that its link no longer works; managers only."""
    require_perm(actor, MANAGE_ORGANISATION, invitation.organisation)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise DomainError(_("This invitation has already been accepted."), code="state")
    if invitation.revoked_at is not None:
        raise DomainError(_("This invitation has already been revoked."), code="state")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    AuditEvent.record(
        action="invitation.revoke", actor=actor, subject=invitation, note=invitation.email
    )
    return invitation


def _require_another_manager(membership):
    """The organisation must keep a manager, or nobody could invite or manage again."""
    if membership.role != MemberRole.MANAGER:
        return
    others = Membership.objects.filter(
        organisation_id=membership.organisation_id, role=MemberRole.MANAGER
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise DomainError(
            _(
                "The organisation must keep at least one manager: make another member a "
                "manager first."
            ),
            code="last_manager",
        )


def _lock_membership(actor, membership):
    require_perm(actor, MANAGE_ORGANISATION, membership.organisation)
    organisation = _lock_organisation(membership.organisation)
    membership = Membership.objects.select_related("user").get(pk=membership.pk)
    membership.organisation = organisation
    return membership


def _role_groups(organisation):
    return [organisation.editors_group, organisation.managers_group]


@transaction.atomic
def membership_change_role(*, actor, membership: Membership, role: str) -> Membership:
    """Give a member another role; their permissions follow through the groups (a viewer
    sees, an editor also edits and submits dossiers, a manager also manages the
    organisation). Managers only; the last manager cannot be demoted."""
    if role not in MemberRole.values:
        raise DomainError(_("Unknown member role."))
    membership = _lock_membership(actor, membership)
    if membership.role == role:
        return membership
    if role != MemberRole.MANAGER:
        _require_another_manager(membership)
    organisation, user = membership.organisation, membership.user
    old_role = membership.role
    user.groups.remove(*_role_groups(organisation))
    user.groups.add(*_groups_for(organisation, role))
    membership.role = role
    membership.save(update_fields=["role"])
    AuditEvent.record(
        action="membership.change_role",
        actor=actor,
        subject=membership,
        note=f"{user.email} ({old_role} → {role})",
    )
    return membership


@transaction.atomic
def membership_remove(*, actor, membership: Membership) -> None:
    """Take a member out of the organisation and out of its groups, so that every permission
    it gave goes with it. Managers only; the last manager cannot be removed."""
    membership = _lock_membership(actor, membership)
    _require_another_manager(membership)
    organisation, user = membership.organisation, membership.user
    user.groups.remove(organisation.members_group, *_role_groups(organisation))
    AuditEvent.record(
        action="membership.remove",
        actor=actor,
        subject=membership,
        note=f"{user.email} ({membership.role})",
    )
    membership.delete()
    if not Membership.objects.filter(user=user).exists():
        user.groups.remove(Group.objects.get(name=roles.PROVIDER))
