"""Provider organisations and their members."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from accreditation import roles
from accreditation.access import require_perm
from accreditation.errors import DomainError
from accreditation.models import AuditEvent, MemberRole, Membership, ProviderOrganisation

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
        require_perm(actor, "accreditation.change_providerorganisation", organisation)
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
