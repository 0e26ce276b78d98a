"""Appeals (a configurable window, reasons, a panel without the first deciders) and renewals
(a new linked draft from the last version, once)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accreditation import roles, selectors, services
from accreditation.errors import DomainError
from accreditation.models import Decision, Dossier, DossierState
from demo.workflow import advance
from tests.accreditation.factories import dossier as make_dossier
from tests.accreditation.factories import staff_user

pytestmark = pytest.mark.django_db
S = DossierState


def in_state(people, state):
    return advance(make_dossier(people.org_a, author=people.provider_a), state, people.cast())


def rejected_since(people, since):
    dossier = in_state(people, S.REJECTED)
    Dossier.objects.filter(pk=dossier.pk).update(state_changed_at=since)
    return Dossier.objects.get(pk=dossier.pk)


def appeal(people, dossier, reasons="The rubric is published."):
    return services.dossier_appeal(actor=people.provider_a, dossier=dossier, reasons=reasons)


@pytest.fixture
def second_member(people):
    """A committee member who took no part in the first decision."""
    return staff_user(
        roles.COMMITTEE, email="com2@example.org", first_name="Haruki", last_name="Second"
    )


# The window and the reasons.


@pytest.mark.parametrize(
    ("days", "age", "allowed"),
    [
        (30, timedelta(days=30) - timedelta(minutes=1), True),
        (30, timedelta(days=30) + timedelta(minutes=1), False),
        (10, timedelta(days=10) + timedelta(minutes=1), False),
        (45, timedelta(days=44), True),
    ],
)
def test_the_appeal_window_follows_the_setting(people, settings, days, age, allowed):
    settings.ACCREDITATION_APPEAL_WINDOW_DAYS = days
    dossier = rejected_since(people, timezone.now() - age)
    if allowed:
        appeal(people, dossier)
        assert Dossier.objects.get(pk=dossier.pk).state == S.APPEALED
    else:
        with pytest.raises(DomainError, match="appeal window for this decision has closed"):
            appeal(people, dossier)
        assert Dossier.objects.get(pk=dossier.pk).state == S.REJECTED


def test_the_deadline_shown_is_the_setting_after_the_rejection(people, settings):
    settings.ACCREDITATION_APPEAL_WINDOW_DAYS = 14
    dossier = in_state(people, S.REJECTED)
    assert dossier.appeal_deadline() == dossier.state_changed_at + timedelta(days=14)


@pytest.mark.parametrize("reasons", ["", "   "])
def test_an_appeal_needs_reasons(people, reasons):
    dossier = in_state(people, S.REJECTED)
    with pytest.raises(DomainError, match="Give the reasons for the appeal"):
        appeal(people, dossier, reasons=reasons)
    assert Dossier.objects.get(pk=dossier.pk).state == S.REJECTED


# The appeal panel.


def test_the_first_decider_may_not_decide_the_appeal(people, second_member):
    dossier = in_state(people, S.APPEALED)
    for outcome in ("approved", "rejected"):
        with pytest.raises(DomainError) as refused:
            services.dossier_decide(
                actor=people.committee, dossier=dossier, outcome=outcome, rationale="Again."
            )
        assert refused.value.code == "conflict"
        assert "another committee member must decide the appeal" in refused.value.message
    with pytest.raises(DomainError) as refused:
        services.dossier_reopen_review(actor=people.committee, dossier=dossier, note="Look again.")
    assert refused.value.code == "conflict"
    assert Dossier.objects.get(pk=dossier.pk).state == S.APPEALED
    assert Decision.objects.filter(dossier=dossier).count() == 1


def test_another_committee_member_decides_the_appeal(people, second_member):
    dossier = in_state(people, S.APPEALED)
    decision = services.dossier_decide(
        actor=second_member, dossier=dossier, outcome="approved", rationale="Rubric found."
    )
    assert (decision.on_appeal, decision.decided_by) == (True, second_member)
    assert Dossier.objects.get(pk=dossier.pk).state == S.ACCREDITED


def test_another_committee_member_may_send_it_back_to_review(people, second_member):
    dossier = in_state(people, S.APPEALED)
    services.dossier_reopen_review(actor=second_member, dossier=dossier, note="New evidence.")
    assert Dossier.objects.get(pk=dossier.pk).state == S.IN_REVIEW


def test_the_panel_is_the_committee_without_the_first_deciders(people, second_member):
    third = staff_user(roles.COMMITTEE, email="com3@example.org", last_name="Third")
    staff_user(roles.COMMITTEE, email="gone@example.org", is_active=False)
    dossier = in_state(people, S.APPEALED)
    assert selectors.first_decider_ids(dossier) == {people.committee.pk}
    assert set(selectors.appeal_panel(dossier)) == {second_member, third}


def test_whoever_screened_it_out_is_a_first_decider_too(people, second_member):
    both = staff_user(roles.SECRETARIAT, email="both@example.org")
    both.groups.add(Group.objects.get(name=roles.COMMITTEE))
    dossier = in_state(people, S.SUBMITTED)
    services.dossier_screen_out(actor=both, dossier=dossier, note="No assessment.")
    appeal(people, dossier)
    assert both not in selectors.appeal_panel(dossier)
    with pytest.raises(DomainError) as refused:
        services.dossier_decide(actor=both, dossier=dossier, outcome="approved", rationale="Ok.")
    assert refused.value.code == "conflict"
    services.dossier_decide(
        actor=second_member, dossier=dossier, outcome="approved", rationale="It is assessed."
    )


def test_the_desk_shows_the_panel_on_an_appealed_dossier(client, people, second_member):
    people.committee.first_name, people.committee.last_name = "Kazuko", "First"
    people.committee.save()
    dossier = in_state(people, S.APPEALED)
    client.force_login(second_member)
    html = client.get(reverse("desk:case", args=[dossier.pk])).content.decode()
    assert "Appeal panel" in html
    panel = html[html.index("Appeal panel") :]
    assert "Haruki Second" in panel.split("Excluded")[0]
    assert "Kazuko First" in panel.split("Excluded")[1]


def test_the_first_decider_is_not_offered_the_appeal_forms(client, people, second_member):
    # Given an appeal against the committee member's own rejection,
    dossier = in_state(people, S.APPEALED)
    client.force_login(people.committee)
    # when they open the case,
    response = client.get(reverse("desk:case", args=[dossier.pk]))
    # then neither the decision form nor "back to review" is offered, and the panel says
    # that another member decides.
    html = response.content.decode()
    assert response.context["actions"] == set()
    assert reverse("desk:decide", args=[dossier.pk]) not in html
    assert reverse("desk:action", args=[dossier.pk, "reopen"]) not in html
    note = "You took part in the decision under appeal, so you cannot decide the appeal"
    panel = html[html.index("Appeal panel") :]
    assert note in panel
    assert str(second_member.get_full_name()) in panel.split("Excluded")[0]


def test_another_member_is_offered_the_appeal_forms(client, people, second_member):
    dossier = in_state(people, S.APPEALED)
    client.force_login(second_member)
    response = client.get(reverse("desk:case", args=[dossier.pk]))
    html = response.content.decode()
    assert response.context["actions"] == {"decide", "reopen"}
    assert reverse("desk:decide", args=[dossier.pk]) in html
    assert "You took part in the decision under appeal" not in html


def test_the_japanese_desk_calls_the_appeal_igi_moshitate(client, people, settings):
    dossier = in_state(people, S.APPEALED)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"
    client.force_login(people.committee)
    html = client.get(reverse("desk:case", args=[dossier.pk])).content.decode()
    assert "異議申立ての審理委員" in html
    assert "あなたは異議申立ての対象となった判定に関わっているため" in html
    assert "不服" not in html


def test_no_panel_is_shown_before_an_appeal(client, people):
    dossier = in_state(people, S.REJECTED)
    client.force_login(people.committee)
    html = client.get(reverse("desk:case", args=[dossier.pk])).content.decode()
    assert "Appeal panel" not in html


# Renewal.


def test_renewal_starts_a_linked_draft_from_the_last_version(people):
    original = in_state(people, S.ACCREDITED)
    renewal = services.dossier_renew(actor=people.provider_a, dossier=original)
    last = original.versions.order_by("-number").first()
    assert renewal.state == S.DRAFT
    assert renewal.renewal_of == original
    assert renewal.credential_id == original.credential_id
    assert renewal.content == last.content
    assert renewal.organisation == original.organisation
    assert not renewal.versions.exists()


def test_an_expired_item_may_be_renewed(people):
    original = in_state(people, S.EXPIRED)
    assert services.dossier_renew(actor=people.provider_a, dossier=original).renewal_of == original


@pytest.mark.parametrize("state", [S.DRAFT, S.IN_REVIEW, S.REJECTED, S.SUSPENDED, S.REVOKED])
def test_only_accredited_or_expired_items_are_renewed(people, state):
    dossier = in_state(people, state)
    with pytest.raises(DomainError) as refused:
        services.dossier_renew(actor=people.provider_a, dossier=dossier)
    assert refused.value.code == "state"
    assert not Dossier.objects.filter(renewal_of=dossier).exists()


def test_an_item_is_renewed_once(people):
    original = in_state(people, S.ACCREDITED)
    first = services.dossier_renew(actor=people.provider_a, dossier=original)
    with pytest.raises(DomainError, match="already been started"):
        services.dossier_renew(actor=people.provider_a, dossier=original)
    # A withdrawn renewal frees the way for another.
    services.dossier_withdraw(actor=people.provider_a, dossier=first)
    second = services.dossier_renew(actor=people.provider_a, dossier=original)
    assert list(original.renewals.order_by("pk")) == [first, second]


@pytest.mark.parametrize("who", ["viewer_a", "provider_b", "committee"])
def test_only_the_providers_editors_renew(people, who):
    original = in_state(people, S.ACCREDITED)
    with pytest.raises(DomainError) as refused:
        services.dossier_renew(actor=getattr(people, who), dossier=original)
    assert refused.value.code == "forbidden"
    assert not original.renewals.exists()


def test_the_portal_renews_and_opens_the_new_draft(client, people):
    original = in_state(people, S.ACCREDITED)
    client.force_login(people.provider_a)
    response = client.post(reverse("portal:renew", args=[original.pk]))
    renewal = original.renewals.get()
    assert response.status_code == 302
    assert response.url == renewal.get_portal_url()
