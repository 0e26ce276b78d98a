"""API tokens: only an organisation's managers make and revoke them; the key is shown once."""

import hashlib

import pytest
from django.urls import reverse

from accreditation.errors import DomainError
from accreditation.models import ApiToken, AuditEvent, MemberRole
from accreditation.services.tokens import api_token_create, api_token_revoke
from tests.accreditation.factories import provider_member

pytestmark = pytest.mark.django_db


def tokens_url(organisation):
    return reverse("portal:tokens", kwargs={"pk": organisation.pk})


def test_a_manager_creates_a_token_stored_only_as_a_hash(people):
    token, raw_key = api_token_create(
        actor=people.provider_a, organisation=people.org_a, name="LMS sync"
    )
    assert raw_key.startswith("mcp_") and len(raw_key) > 40
    assert token.key_hash == hashlib.sha256(raw_key.encode()).hexdigest()
    assert token.prefix == raw_key[:12]
    assert raw_key not in {str(value) for value in ApiToken.objects.values().get().values()}
    assert token.created_by == people.provider_a
    assert AuditEvent.objects.filter(action="api_token.create", actor=people.provider_a).exists()


def test_the_token_acts_as_an_editor_who_cannot_sign_in(people, client):
    token, _ = api_token_create(actor=people.provider_a, organisation=people.org_a, name="CI")
    user = token.user
    assert user.memberships.get().role == MemberRole.EDITOR
    assert user.has_perm("accreditation.create_dossier", people.org_a)
    assert not user.has_perm("accreditation.create_dossier", people.org_b)
    assert not user.has_perm("accreditation.change_providerorganisation", people.org_a)
    assert not user.has_usable_password() and user.email == ""


@pytest.mark.parametrize("who", ["editor", "viewer_a", "provider_b", "outsider", "secretariat"])
def test_only_the_organisations_managers_create_and_revoke_tokens(people, who):
    actor = provider_member(people.org_a) if who == "editor" else getattr(people, who)
    with pytest.raises(DomainError) as refused:
        api_token_create(actor=actor, organisation=people.org_a, name="x")
    assert refused.value.code == "forbidden"
    token, _ = api_token_create(actor=people.provider_a, organisation=people.org_a, name="y")
    with pytest.raises(DomainError):
        api_token_revoke(actor=actor, token=token)
    assert ApiToken.objects.get().revoked_at is None


def test_a_token_needs_a_name(people):
    with pytest.raises(DomainError):
        api_token_create(actor=people.provider_a, organisation=people.org_a, name="  ")
    assert not ApiToken.objects.exists()


def test_revoking_stops_the_token_once(people):
    token, _ = api_token_create(actor=people.provider_a, organisation=people.org_a, name="z")
    api_token_revoke(actor=people.provider_a, token=token)
    token.refresh_from_db()
    assert token.revoked_at is not None and not token.is_active
    assert not token.user.is_active
    assert not token.user.has_perm("accreditation.view_providerorganisation", people.org_a)
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1
    with pytest.raises(DomainError):
        api_token_revoke(actor=people.provider_a, token=token)


def test_the_page_shows_a_new_key_once_and_lists_tokens_without_it(client, people):
    client.force_login(people.provider_a)
    url = tokens_url(people.org_a)
    assert client.get(url).status_code == 200
    made = client.post(url, {"name": "LMS sync"})
    # Post, redirect, get: reloading the page cannot make a second token.
    assert made.status_code == 302 and made["Location"] == url
    assert ApiToken.objects.filter(name="LMS sync").count() == 1
    response = client.get(url)
    raw_key = response.context["new_key"]
    assert raw_key and raw_key in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    again = client.get(url).content.decode()
    assert "LMS sync" in again and raw_key[:12] in again
    assert raw_key not in again


def test_the_page_revokes_a_token(client, people):
    token, _ = api_token_create(actor=people.provider_a, organisation=people.org_a, name="old")
    client.force_login(people.provider_a)
    revoke = reverse("portal:token_revoke", kwargs={"pk": people.org_a.pk, "token_pk": token.pk})
    response = client.post(revoke)
    assert response.status_code == 302 and response["Location"] == tokens_url(people.org_a)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "Revoked" in client.get(tokens_url(people.org_a)).content.decode()


def test_the_page_is_404_for_everyone_but_the_managers(client, people):
    token, _ = api_token_create(actor=people.provider_a, organisation=people.org_a, name="t")
    revoke = reverse("portal:token_revoke", kwargs={"pk": people.org_a.pk, "token_pk": token.pk})
    for user in (people.viewer_a, provider_member(people.org_a), people.provider_b):
        client.force_login(user)
        assert client.get(tokens_url(people.org_a)).status_code == 404
        assert client.post(tokens_url(people.org_a), {"name": "n"}).status_code == 404
        assert client.post(revoke).status_code == 404
    # Org B's manager cannot reach org A's token through org B's page either.
    other = reverse("portal:token_revoke", kwargs={"pk": people.org_b.pk, "token_pk": token.pk})
    assert client.post(other).status_code == 404
    assert ApiToken.objects.count() == 1
    assert ApiToken.objects.get().revoked_at is None


def test_the_token_list_runs_a_constant_number_of_queries(
    client, people, django_assert_max_num_queries
):
    client.force_login(people.provider_a)
    api_token_create(actor=people.provider_a, organisation=people.org_a, name="one")
    with django_assert_max_num_queries(30) as few:
        client.get(tokens_url(people.org_a))
    for n in range(10):
        api_token_create(actor=people.provider_a, organisation=people.org_a, name=f"t{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(tokens_url(people.org_a))
    assert len(response.context["tokens"]) == 11
