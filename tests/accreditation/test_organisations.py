"""Provider organisations in the portal: the profile, invitations by email, roles and removal."""

import hashlib
import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accreditation import roles, services
from accreditation.errors import DomainError
from accreditation.models import (
    AuditEvent,
    Invitation,
    MemberRole,
    Membership,
    ProviderKind,
    QualityAssurance,
)
from accreditation.tasks import send_organisation_invitation
from outbox.models import Message
from tests.accreditation.factories import UserFactory, provider_member
from tests.accreditation.factories import dossier as make_dossier

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://[^/\s]+/portal/invitations/([\w-]+)/")


def verified(email, **kwargs):
    """A user who signed up through allauth and confirmed their address."""
    user = UserFactory(email=email, **kwargs)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def invite(people, email="new@example.org", role=MemberRole.EDITOR, capture=None):
    """Invite as org A's manager; returns the invitation and the raw token from the email."""
    with capture(execute=True):
        invitation = services.invitation_create(
            actor=people.provider_a, organisation=people.org_a, email=email, role=role
        )
    token = LINK.search(mail.outbox[-1].body).group(1)
    return invitation, token


def can(user, perm, obj):
    """Fresh from the database, as on the next request (no permission cache)."""
    user = type(user).objects.get(pk=user.pk)
    return user.has_perm(perm, obj)


def profile_data(**overrides):
    data = {
        "name_ja": "新しい名前",
        "name_en": "New name",
        "kind": ProviderKind.COMPANY,
        "country": "jp",
        "website": "https://example.org/",
        "quality_assurance_type": QualityAssurance.ISO_STANDARD,
        "quality_assurance": "ISO 21001 since 2024.",
    }
    data.update(overrides)
    return data


# The profile ----------------------------------------------------------------------------------


def test_a_manager_edits_the_profile(client, people):
    client.force_login(people.provider_a)
    response = client.post(
        reverse("portal:organisation_edit", args=[people.org_a.pk]), profile_data()
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:organisation", args=[people.org_a.pk])
    org = type(people.org_a).objects.get(pk=people.org_a.pk)
    assert (org.name_ja, org.name_en, org.kind, org.country) == (
        "新しい名前",
        "New name",
        "company",
        "JP",
    )
    assert org.website == "https://example.org/"
    assert org.quality_assurance_type == "iso_standard"
    assert org.quality_assurance == "ISO 21001 since 2024."
    event = AuditEvent.objects.get(action="organisation.update")
    assert event.actor == people.provider_a
    assert event.note == (
        "kind, name_en, name_ja, quality_assurance, quality_assurance_type, website"
    )


@pytest.mark.parametrize("who", ["editor", "viewer", "member_of_another", "no_provider"])
def test_only_a_manager_may_edit_the_profile(client, people, who):
    user = {
        "editor": lambda: provider_member(people.org_a, MemberRole.EDITOR),
        "viewer": lambda: people.viewer_a,
        "member_of_another": lambda: people.provider_b,
        "no_provider": lambda: people.outsider,
    }[who]()
    client.force_login(user)
    url = reverse("portal:organisation_edit", args=[people.org_a.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, profile_data()).status_code == 404
    people.org_a.refresh_from_db()
    assert people.org_a.name_en == "Org A"
    with pytest.raises(DomainError) as refused:
        services.organisation_update(actor=user, organisation=people.org_a, name_en="Taken")
    assert refused.value.code == "forbidden"
    assert not AuditEvent.objects.filter(action="organisation.update").exists()


def test_outsiders_do_not_see_the_organisation_page(client, people):
    url = reverse("portal:organisation", args=[people.org_a.pk])
    client.force_login(people.provider_b)
    assert client.get(url).status_code == 404
    client.force_login(people.viewer_a)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"country": "Japan"}, "Choose the country from the list"),
        ({"country": "XX"}, "Choose the country from the list"),
        ({"kind": "castle"}, "type: Value 'castle' is not a valid choice."),
        ({"website": "not a url"}, "website: Enter a valid URL."),
        ({"name_en": "  "}, "name (English): This field cannot be blank."),
        ({"quality_assurance_type": "rumour"}, "is not a valid choice"),
    ],
)
def test_an_invalid_profile_is_refused_and_nothing_changes(people, fields, message):
    with pytest.raises(DomainError) as refused:
        services.organisation_update(actor=people.provider_a, organisation=people.org_a, **fields)
    shown = " ".join([str(refused.value.message), *map(str, refused.value.details)])
    assert message in shown
    people.org_a.refresh_from_db()
    assert (people.org_a.name_en, people.org_a.kind, people.org_a.country) == (
        "Org A",
        ProviderKind.PRIVATE_UNIVERSITY,
        "JP",
    )
    assert people.org_a.website == ""


def test_the_edit_form_shows_errors_and_keeps_what_was_typed(client, people):
    client.force_login(people.provider_a)
    response = client.post(
        reverse("portal:organisation_edit", args=[people.org_a.pk]),
        profile_data(website="nope", name_en="Typed"),
    )
    assert response.status_code == 200
    assert "Enter a valid URL." in response.content.decode()
    assert 'value="Typed"' in response.content.decode()
    people.org_a.refresh_from_db()
    assert people.org_a.name_en == "Org A"


# Invitations ----------------------------------------------------------------------------------


def test_an_invitation_is_stored_hashed_and_emailed_once_after_commit(
    people, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://mc.example"
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        invitation = services.invitation_create(
            actor=people.provider_a,
            organisation=people.org_a,
            email=" New@Example.org ",
            role=MemberRole.VIEWER,
        )
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["New@Example.org"]
    assert "組織A" in message.subject and "Org A" in message.subject
    token = re.search(r"https://mc\.example/portal/invitations/([\w-]+)/", message.body).group(1)
    assert len(token) >= 40
    # Japanese first, then English, with the link in both.
    assert message.body.index("組織A") < message.body.index("Org A")
    assert message.body.count(token) == 2
    invitation.refresh_from_db()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not Invitation.objects.filter(token_hash=token).exists()
    # It waited in the outbox sealed, and the delivered row keeps nothing of it.
    (waiting,) = Message.objects.filter(task="accreditation.tasks.send_organisation_invitation")
    assert waiting.delivered_at is not None
    assert (waiting.arguments, waiting.sealed) == ([invitation.pk], "")
    assert invitation.role == MemberRole.VIEWER and invitation.invited_by == people.provider_a
    expected = before + timedelta(days=14)
    assert abs((invitation.expires_at - expected).total_seconds()) < 60
    assert AuditEvent.objects.filter(action="invitation.create", actor=people.provider_a).count()


def test_the_validity_comes_from_the_setting(people, django_capture_on_commit_callbacks, settings):
    settings.INVITATION_VALID_DAYS = 3
    invitation, _ = invite(people, capture=django_capture_on_commit_callbacks)
    remaining = invitation.expires_at - timezone.now()
    assert timedelta(days=2, hours=23) < remaining <= timedelta(days=3)


def test_a_manager_invites_from_the_organisation_page(
    client, people, django_capture_on_commit_callbacks
):
    client.force_login(people.provider_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:invitation_create", args=[people.org_a.pk]),
            {"email": "new@example.org", "role": "manager"},
        )
    assert response.status_code == 302
    assert Invitation.objects.get().role == MemberRole.MANAGER
    assert len(mail.outbox) == 1
    page = client.get(reverse("portal:organisation", args=[people.org_a.pk])).content.decode()
    assert "new@example.org" in page  # listed as pending


@pytest.mark.parametrize("who", ["editor", "viewer", "member_of_another"])
def test_only_managers_invite(client, people, who, django_capture_on_commit_callbacks):
    user = {
        "editor": lambda: provider_member(people.org_a, MemberRole.EDITOR),
        "viewer": lambda: people.viewer_a,
        "member_of_another": lambda: people.provider_b,
    }[who]()
    with pytest.raises(DomainError), django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            actor=user, organisation=people.org_a, email="x@example.org", role="viewer"
        )
    client.force_login(user)
    response = client.post(
        reverse("portal:invitation_create", args=[people.org_a.pk]),
        {"email": "x@example.org", "role": "viewer"},
    )
    assert response.status_code == 404
    assert not Invitation.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("email", "role", "message"),
    [
        ("not-an-address", "editor", "valid email"),
        ("x@example.org", "owner", "Unknown member role"),
        ("VIEWER@example.org", "editor", "already a member"),
    ],
)
def test_bad_invitations_are_refused(people, email, role, message):
    with pytest.raises(DomainError, match=message):
        services.invitation_create(
            actor=people.provider_a, organisation=people.org_a, email=email, role=role
        )
    assert not Invitation.objects.exists()


def test_a_second_pending_invitation_to_the_same_address_is_refused(
    people, django_capture_on_commit_callbacks
):
    first, _ = invite(people, capture=django_capture_on_commit_callbacks)
    with pytest.raises(DomainError, match="still pending"):
        services.invitation_create(
            actor=people.provider_a,
            organisation=people.org_a,
            email="NEW@example.org",
            role="viewer",
        )
    # Once the first has expired, a new one may be sent.
    Invitation.objects.filter(pk=first.pk).update(expires_at=timezone.now())
    second, _ = invite(people, capture=django_capture_on_commit_callbacks)
    assert second.pk != first.pk
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    ("role", "dossier_perms", "manages"),
    [
        (MemberRole.VIEWER, {"view": True, "change": False, "submit": False}, False),
        (MemberRole.EDITOR, {"view": True, "change": True, "submit": True}, False),
        (MemberRole.MANAGER, {"view": True, "change": True, "submit": True}, True),
    ],
)
def test_accepting_makes_a_member_with_the_invited_role(
    client, people, django_capture_on_commit_callbacks, role, dossier_perms, manages
):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    _, token = invite(people, role=role, capture=django_capture_on_commit_callbacks)
    invitee = verified("new@example.org")
    client.force_login(invitee)
    url = reverse("portal:invitation", args=[token])
    page = client.get(url).content.decode()
    assert "Accept the invitation" in page

    response = client.post(url)

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:organisation", args=[people.org_a.pk])
    membership = Membership.objects.get(user=invitee)
    assert (membership.organisation, membership.role) == (people.org_a, role)
    for perm, expected in dossier_perms.items():
        assert can(invitee, f"accreditation.{perm}_dossier", dossier) is expected
    assert can(invitee, "accreditation.change_providerorganisation", people.org_a) is manages
    assert roles.has_role(type(invitee).objects.get(pk=invitee.pk), roles.PROVIDER)
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == invitee and invitation.accepted_at is not None
    assert AuditEvent.objects.filter(action="invitation.accept", actor=invitee).count() == 1
    assert client.get(reverse("portal:organisation", args=[people.org_a.pk])).status_code == 200


def test_an_anonymous_visitor_is_asked_to_sign_in_and_comes_back(
    client, people, django_capture_on_commit_callbacks
):
    _, token = invite(people, capture=django_capture_on_commit_callbacks)
    url = reverse("portal:invitation", args=[token])
    page = client.get(url).content.decode()
    assert "Org A" in page
    back = f"?next={url.replace('/', '%2F')}"
    assert reverse("account_login") + back in page
    assert reverse("account_signup") + back in page
    assert "Accept the invitation" not in page

    response = client.post(url)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + back
    assert not Membership.objects.filter(user__email="new@example.org").exists()


def test_a_used_invitation_cannot_be_used_again(people, django_capture_on_commit_callbacks):
    _, token = invite(people, capture=django_capture_on_commit_callbacks)
    invitee = verified("new@example.org")
    services.invitation_accept(user=invitee, raw_token=token)
    services.membership_remove(
        actor=people.provider_a, membership=Membership.objects.get(user=invitee)
    )
    with pytest.raises(DomainError, match="already been used"):
        services.invitation_accept(user=invitee, raw_token=token)
    assert not Membership.objects.filter(user=invitee).exists()


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (
            lambda inv: Invitation.objects.filter(pk=inv.pk).update(expires_at=timezone.now()),
            "has expired",
        ),
        (
            lambda inv: Invitation.objects.filter(pk=inv.pk).update(revoked_at=timezone.now()),
            "has been revoked",
        ),
    ],
)
def test_expired_and_revoked_invitations_are_refused(
    client, people, django_capture_on_commit_callbacks, spoil, message
):
    invitation, token = invite(people, capture=django_capture_on_commit_callbacks)
    spoil(invitation)
    invitee = verified("new@example.org")
    with pytest.raises(DomainError, match=message):
        services.invitation_accept(user=invitee, raw_token=token)
    client.force_login(invitee)
    url = reverse("portal:invitation", args=[token])
    page = client.get(url).content.decode()
    assert message in page and "Accept the invitation" not in page
    response = client.post(url, follow=True)
    assert message in response.content.decode()
    assert not Membership.objects.filter(user=invitee).exists()


def test_a_tampered_token_finds_nothing(client, people, django_capture_on_commit_callbacks):
    _, token = invite(people, capture=django_capture_on_commit_callbacks)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    invitee = verified("new@example.org")
    with pytest.raises(DomainError, match="not valid"):
        services.invitation_accept(user=invitee, raw_token=tampered)
    client.force_login(invitee)
    assert client.get(reverse("portal:invitation", args=[tampered])).status_code == 404
    assert client.post(reverse("portal:invitation", args=[tampered])).status_code == 404
    assert not Membership.objects.filter(user=invitee).exists()


def test_only_the_invited_address_may_accept(client, people, django_capture_on_commit_callbacks):
    """A forwarded link is not enough: the account needs the invited address, verified."""
    _, token = invite(people, capture=django_capture_on_commit_callbacks)
    someone_else = verified("forwarded@example.org")
    unverified = UserFactory(email="new@example.org")
    EmailAddress.objects.create(user=unverified, email="new@example.org", verified=False)
    for user in (someone_else, unverified):
        with pytest.raises(DomainError, match=r"This invitation was sent to new@example\.org"):
            services.invitation_accept(user=user, raw_token=token)
    client.force_login(someone_else)
    page = client.get(reverse("portal:invitation", args=[token])).content.decode()
    assert "Accept the invitation" not in page
    assert not Membership.objects.filter(organisation=people.org_a, role="editor").exists()
    assert Invitation.objects.get().accepted_at is None


def test_a_manager_revokes_an_invitation(client, people, django_capture_on_commit_callbacks):
    invitation, token = invite(people, capture=django_capture_on_commit_callbacks)
    client.force_login(people.viewer_a)
    url = reverse("portal:invitation_revoke", args=[people.org_a.pk, invitation.pk])
    assert client.post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None

    client.force_login(people.provider_a)
    assert client.post(url).status_code == 302

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    with pytest.raises(DomainError, match="already been revoked"):
        services.invitation_revoke(actor=people.provider_a, invitation=invitation)
    with pytest.raises(DomainError, match="has been revoked"):
        services.invitation_accept(user=verified("new@example.org"), raw_token=token)


def test_the_email_task_sends_nothing_for_a_dead_invitation_or_a_wrong_token(
    people, django_capture_on_commit_callbacks
):
    invitation, token = invite(people, capture=django_capture_on_commit_callbacks)
    assert send_organisation_invitation(invitation.pk, token + "x") is False
    Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
    assert send_organisation_invitation(invitation.pk, token) is False
    assert len(mail.outbox) == 1


# Roles and removal ----------------------------------------------------------------------------


def test_a_role_change_updates_the_permissions(client, people):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    editor = provider_member(people.org_a, MemberRole.EDITOR)
    membership = Membership.objects.get(user=editor)
    assert can(editor, "accreditation.submit_dossier", dossier)

    client.force_login(people.provider_a)
    url = reverse("portal:membership_role", args=[people.org_a.pk, membership.pk])
    assert client.post(url, {"role": "viewer"}).status_code == 302

    membership.refresh_from_db()
    assert membership.role == MemberRole.VIEWER
    assert can(editor, "accreditation.view_dossier", dossier)
    assert not can(editor, "accreditation.change_dossier", dossier)
    assert not can(editor, "accreditation.submit_dossier", dossier)
    with pytest.raises(DomainError):
        services.dossier_submit(actor=type(editor).objects.get(pk=editor.pk), dossier=dossier)

    services.membership_change_role(
        actor=people.provider_a, membership=membership, role=MemberRole.MANAGER
    )
    assert can(editor, "accreditation.change_providerorganisation", people.org_a)
    assert can(editor, "accreditation.change_dossier", dossier)
    event = AuditEvent.objects.filter(action="membership.change_role").last()
    assert event.note == f"{editor.email} (viewer → manager)"


def test_only_managers_change_roles_or_remove(client, people):
    editor = provider_member(people.org_a, MemberRole.EDITOR)
    target = Membership.objects.get(user=people.viewer_a)
    client.force_login(editor)
    role_url = reverse("portal:membership_role", args=[people.org_a.pk, target.pk])
    remove_url = reverse("portal:membership_remove", args=[people.org_a.pk, target.pk])
    assert client.post(role_url, {"role": "manager"}).status_code == 404
    assert client.post(remove_url).status_code == 404
    with pytest.raises(DomainError):
        services.membership_change_role(actor=editor, membership=target, role="manager")
    with pytest.raises(DomainError):
        services.membership_remove(actor=editor, membership=target)
    target.refresh_from_db()
    assert target.role == MemberRole.VIEWER


def test_the_last_manager_can_neither_be_demoted_nor_removed(client, people):
    only_manager = Membership.objects.get(user=people.provider_a)
    with pytest.raises(DomainError, match="at least one manager") as refused:
        services.membership_change_role(
            actor=people.provider_a, membership=only_manager, role="editor"
        )
    assert refused.value.code == "last_manager"
    client.force_login(people.provider_a)
    response = client.post(
        reverse("portal:membership_remove", args=[people.org_a.pk, only_manager.pk]), follow=True
    )
    assert "at least one manager" in response.content.decode()
    only_manager.refresh_from_db()
    assert only_manager.role == MemberRole.MANAGER
    assert can(people.provider_a, "accreditation.change_providerorganisation", people.org_a)

    # With a second manager, the first may step down.
    provider_member(people.org_a, MemberRole.MANAGER)
    services.membership_change_role(actor=people.provider_a, membership=only_manager, role="editor")
    assert not can(people.provider_a, "accreditation.change_providerorganisation", people.org_a)


def test_removal_takes_every_permission_away(client, people):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    editor = provider_member(people.org_a, MemberRole.EDITOR)
    membership = Membership.objects.get(user=editor)
    client.force_login(people.provider_a)

    response = client.post(
        reverse("portal:membership_remove", args=[people.org_a.pk, membership.pk])
    )

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not can(editor, "accreditation.view_dossier", dossier)
    assert not can(editor, "accreditation.view_providerorganisation", people.org_a)
    groups = set(Group.objects.filter(user=editor).values_list("name", flat=True))
    assert groups == set()  # no other organisation: no provider role either
    assert AuditEvent.objects.filter(action="membership.remove", note__contains=editor.email)


def test_a_member_of_two_organisations_keeps_the_provider_role(people):
    both = provider_member(people.org_a, MemberRole.EDITOR)
    services.membership_add(actor=None, organisation=people.org_b, user=both, role="viewer")
    in_a = Membership.objects.get(user=both, organisation=people.org_a)
    services.membership_remove(actor=people.provider_a, membership=in_a)
    assert roles.PROVIDER in set(Group.objects.filter(user=both).values_list("name", flat=True))
    assert can(both, "accreditation.view_providerorganisation", people.org_b)


# Pages ----------------------------------------------------------------------------------------


def test_the_dossier_list_links_to_each_organisation_of_the_user(client, people):
    services.membership_add(
        actor=None, organisation=people.org_b, user=people.viewer_a, role="viewer"
    )
    client.force_login(people.viewer_a)
    page = client.get(reverse("portal:list")).content.decode()
    assert reverse("portal:organisation", args=[people.org_a.pk]) in page
    assert reverse("portal:organisation", args=[people.org_b.pk]) in page


def test_the_organisation_page_shows_management_only_to_managers(client, people):
    url = reverse("portal:organisation", args=[people.org_a.pk])
    client.force_login(people.viewer_a)
    page = client.get(url).content.decode()
    assert "viewer@example.org" in page and "a@example.org" in page
    assert "Invite a member" not in page and "Edit profile" not in page
    client.force_login(people.provider_a)
    page = client.get(url).content.decode()
    assert "Invite a member" in page and "Edit profile" in page


def test_the_organisation_page_runs_a_constant_number_of_queries(
    client, people, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    client.force_login(people.provider_a)
    url = reverse("portal:organisation", args=[people.org_a.pk])
    invite(people, email="p1@example.org", capture=django_capture_on_commit_callbacks)
    provider_member(people.org_a, MemberRole.EDITOR)  # 3 members
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    for n in range(27):
        provider_member(people.org_a, MemberRole.EDITOR if n % 2 else MemberRole.VIEWER)
        invite(people, email=f"p{n + 2}@example.org", capture=django_capture_on_commit_callbacks)
    assert people.org_a.memberships.count() == 30
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count(f"portal/organisations/{people.org_a.pk}/members/") == 60


def test_a_manager_who_leaves_goes_to_the_dashboard(client, people):
    provider_member(people.org_a, MemberRole.MANAGER)
    mine = Membership.objects.get(user=people.provider_a)
    client.force_login(people.provider_a)
    response = client.post(reverse("portal:membership_remove", args=[people.org_a.pk, mine.pk]))
    assert response["Location"] == reverse("dashboard")
    assert not Membership.objects.filter(pk=mine.pk).exists()
    url = reverse("portal:organisation", args=[people.org_a.pk])
    assert client.get(url).status_code == 404
