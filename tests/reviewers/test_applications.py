"""Becoming a reviewer: applying, invitations to apply, the secretariat's decision, the
reviewers page, and the standing affiliations a reviewer declares."""

import time
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accreditation import roles
from accreditation.errors import DomainError
from accreditation.models import AuditEvent, FieldOfStudy
from reviewers import accrediting
from reviewers.models import Affiliation, ApplicationState, ReviewerApplication
from tests.accreditation.factories import UserFactory
from tests.reviewers.factories import accredited_reviewer

pytestmark = pytest.mark.django_db


def fields(*codes):
    return list(FieldOfStudy.objects.filter(code__in=codes))


def apply_as(user, **overrides):
    arguments = {
        "actor": user,
        "fields_of_study": fields("digital", "education"),
        "level_min": 4,
        "level_max": 7,
        "languages": ["ja", "en"],
        "expertise": "Ten years teaching data science.",
        "affiliations": [
            {
                "organisation_name": "Tokyo Data Institute",
                "relationship": "employee",
                "started_on": date(2020, 4, 1),
            }
        ],
    }
    return accrediting.application_submit(**(arguments | overrides))


@pytest.fixture
def applicant(reference_data):
    return UserFactory(email="applicant@example.org")


# Applying.


def test_applying_through_the_page(client, applicant, people):
    client.force_login(applicant)
    page = client.get(reverse("review:apply"))
    assert page.status_code == 200
    data = {
        "fields_of_study": [f.pk for f in fields("digital")],
        "level_min": "3",
        "level_max": "6",
        "languages": ["ja"],
        "expertise": "Statistics lecturer.",
        "affiliation-TOTAL_FORMS": "3",
        "affiliation-INITIAL_FORMS": "0",
        "affiliation-0-organisation": str(people.org_a.pk),
        "affiliation-0-relationship": "consultant",
        "affiliation-0-started_on": "2022-01-01",
        "affiliation-0-ended_on": "2023-12-31",
    }
    response = client.post(reverse("review:apply"), data)
    assert response.status_code == 302
    application = ReviewerApplication.objects.get(applicant=applicant)
    assert application.state == ApplicationState.PENDING
    assert (application.level_min, application.level_max, application.languages) == (3, 6, ["ja"])
    assert application.affiliations == [
        {
            "organisation": people.org_a.pk,
            "organisation_name": "組織A",
            "relationship": "consultant",
            "started_on": "2022-01-01",
            "ended_on": "2023-12-31",
        }
    ]
    html = client.get(reverse("review:apply")).content.decode()
    assert "Waiting for the secretariat" in html
    assert 'name="expertise"' not in html  # no second application while one waits


def test_one_application_waits_at_a_time(applicant):
    apply_as(applicant)
    with pytest.raises(DomainError) as refused:
        apply_as(applicant)
    assert refused.value.code == "state"
    assert ReviewerApplication.objects.count() == 1


@pytest.mark.parametrize(
    "overrides",
    [
        {"fields_of_study": []},
        {"level_min": 6, "level_max": 5},
        {"level_max": 9},
        {"languages": []},
        {"languages": ["japanese"]},
        {"expertise": "   "},
        {"affiliations": [{"relationship": "employee", "started_on": date(2020, 1, 1)}]},
        {
            "affiliations": [
                {
                    "organisation_name": "X",
                    "relationship": "employee",
                    "started_on": date(2020, 1, 1),
                    "ended_on": date(2019, 1, 1),
                }
            ]
        },
    ],
)
def test_an_incomplete_application_is_refused_and_nothing_is_kept(applicant, overrides):
    with pytest.raises(DomainError):
        apply_as(applicant, **overrides)
    assert not ReviewerApplication.objects.exists()


def test_signing_in_is_needed_to_apply(client, reference_data):
    response = client.get(reverse("review:apply"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


# Invitations to apply.


def test_an_invited_person_applies_through_the_emailed_link(
    people, applicant, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        accrediting.invite_to_apply(actor=people.secretariat, email="Applicant@example.org")
    (message,) = mail.outbox
    assert message.to == ["Applicant@example.org"]
    link = next(line for line in message.body.splitlines() if "/review/apply/" in line)
    token = parse_qs(urlsplit(link).query)["invitation"][0]
    assert accrediting.read_invitation(token, applicant.email) == people.secretariat.pk
    assert AuditEvent.objects.filter(action="reviewer.invite_to_apply").count() == 1

    application = apply_as(applicant, invitation=token)
    assert application.invited_by == people.secretariat


def test_an_invitation_works_only_for_its_email_untampered_and_in_time(
    people, applicant, monkeypatch, settings
):
    token = accrediting.invitation_token(applicant.email, people.secretariat.pk)
    someone_else = UserFactory(email="other@example.org")
    for user, bad in ((someone_else, token), (applicant, token[:-2] + "xx")):
        with pytest.raises(DomainError) as refused:
            apply_as(user, invitation=bad)
        assert refused.value.code == "invitation"
    settings.REVIEWER_APPLY_INVITATION_DAYS = 30
    days_ago = time.time() - 31 * 86400
    monkeypatch.setattr("django.core.signing.time.time", lambda: days_ago)
    old = accrediting.invitation_token(applicant.email, people.secretariat.pk)
    monkeypatch.undo()
    assert accrediting.read_invitation(old, applicant.email) is None
    assert not ReviewerApplication.objects.exists()


def test_a_bad_invitation_link_is_dropped_from_the_page(client, applicant):
    client.force_login(applicant)
    response = client.get(reverse("review:apply"), {"invitation": "forged"})
    assert "not valid for your email address" in " ".join(
        str(m) for m in response.context["messages"]
    )
    assert 'value="forged"' not in response.content.decode()


def test_only_the_secretariat_invites(client, people, django_capture_on_commit_callbacks):
    for user in (people.committee, people.reviewer.user, people.provider_a):
        with pytest.raises(DomainError):
            accrediting.invite_to_apply(actor=user, email="x@example.org")
    client.force_login(people.committee)
    response = client.post(reverse("desk:reviewer_invite"), {"email": "x@example.org"})
    assert response.status_code == 404
    client.force_login(people.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("desk:reviewer_invite"), {"email": "x@example.org"})
    assert [m.to for m in mail.outbox] == [["x@example.org"]]


# The secretariat decides.


def accept_data(**overrides):
    today = timezone.localdate()
    return {
        "fields_of_study": [f.pk for f in fields("digital")],  # narrower than applied for
        "level_min": "4",
        "level_max": "6",
        "languages": ["ja", "en"],
        "valid_from": today.isoformat(),
        "valid_until": (today + timedelta(days=3 * 365)).isoformat(),
        "training_record": "Reviewer induction, April.",
    } | overrides


def test_accepting_accredits_with_the_scope_and_gives_the_role(
    client, people, applicant, django_capture_on_commit_callbacks
):
    application = apply_as(applicant)
    client.force_login(people.secretariat)
    detail = client.get(reverse("desk:reviewer_application", args=[application.pk]))
    assert "Ten years teaching data science." in detail.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("desk:reviewer_application_accept", args=[application.pk]), accept_data()
        )
    assert response.status_code == 302
    application.refresh_from_db()
    accreditation = application.accreditation
    assert application.state == ApplicationState.ACCEPTED
    assert application.decided_by == people.secretariat
    assert list(accreditation.fields_of_study.values_list("code", flat=True)) == ["digital"]
    assert (accreditation.level_min, accreditation.level_max) == (4, 6)
    assert accreditation.languages == ["en", "ja"]
    assert accreditation.training_record == "Reviewer induction, April."
    assert accreditation.reviewer.user == applicant
    assert roles.REVIEWER in roles.user_roles(type(applicant).objects.get(pk=applicant.pk))
    (affiliation,) = Affiliation.objects.filter(reviewer=accreditation.reviewer)
    assert (affiliation.organisation_name, affiliation.started_on) == (
        "Tokyo Data Institute",
        date(2020, 4, 1),
    )
    assert [m.to for m in mail.outbox] == [[applicant.email]]
    # No language chosen yet: the email is in Japanese, the site's default.
    assert "承認されました" in mail.outbox[0].subject


def test_an_application_is_decided_once(people, applicant):
    application = apply_as(applicant)
    accrediting.application_refuse(actor=people.secretariat, application=application, reason="No.")
    with pytest.raises(DomainError) as refused:
        accrediting.application_accept(
            actor=people.secretariat,
            application=application,
            fields_of_study=fields("digital"),
            level_min=1,
            level_max=8,
            languages=["ja"],
            valid_from=date(2030, 1, 1),
            valid_until=date(2031, 1, 1),
        )
    assert refused.value.code == "state"
    assert not applicant.groups.filter(name=roles.REVIEWER).exists()


def test_refusing_needs_a_reason_that_the_applicant_is_told(
    client, people, applicant, django_capture_on_commit_callbacks
):
    application = apply_as(applicant)
    client.force_login(people.secretariat)
    url = reverse("desk:reviewer_application_refuse", args=[application.pk])
    client.post(url, {"reason": ""})
    application.refresh_from_db()
    assert application.state == ApplicationState.PENDING
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "No experience of assessment yet."})
    application.refresh_from_db()
    assert application.state == ApplicationState.REFUSED
    assert application.refusal_reason == "No experience of assessment yet."
    (message,) = mail.outbox
    assert "No experience of assessment yet." in message.body
    client.force_login(applicant)
    own_page = client.get(reverse("review:apply")).content.decode()
    assert "No experience of assessment yet." in own_page
    assert not applicant.groups.filter(name=roles.REVIEWER).exists()


def test_a_bad_acceptance_keeps_the_application_pending(client, people, applicant):
    application = apply_as(applicant)
    client.force_login(people.secretariat)
    today = timezone.localdate()
    response = client.post(
        reverse("desk:reviewer_application_accept", args=[application.pk]),
        accept_data(valid_until=(today - timedelta(days=1)).isoformat()),
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.state == ApplicationState.PENDING
    assert not applicant.groups.filter(name=roles.REVIEWER).exists()


# Who sees what.


def test_the_desk_pages_are_not_found_for_anyone_else(client, people, applicant):
    application = apply_as(applicant)
    accreditation = people.reviewer.accreditations.get()
    staff_only = [
        ("get", reverse("desk:reviewers")),
        ("get", reverse("desk:reviewer_application", args=[application.pk])),
        ("post", reverse("desk:reviewer_application_accept", args=[application.pk])),
        ("post", reverse("desk:reviewer_application_refuse", args=[application.pk])),
        ("get", reverse("desk:reviewer_renew", args=[accreditation.pk])),
    ]
    for user in (people.provider_a, people.reviewer.user, people.outsider, applicant):
        client.force_login(user)
        for method, url in staff_only:
            assert getattr(client, method)(url).status_code == 404, (user, url)
    # The committee sees the reviewers but does not handle applications or renewals.
    client.force_login(people.committee)
    page = client.get(reverse("desk:reviewers"))
    assert page.status_code == 200
    assert "Applications waiting" not in page.content.decode()
    for method, url in staff_only[1:]:
        assert getattr(client, method)(url).status_code == 404, url
    application.refresh_from_db()
    assert application.state == ApplicationState.PENDING


def test_a_missing_application_is_not_found(client, people):
    client.force_login(people.secretariat)
    assert client.get(reverse("desk:reviewer_application", args=[999])).status_code == 404


# The reviewers page.


def test_the_reviewers_page_shows_scope_validity_and_status(client, people):
    today = timezone.localdate()
    expiring = accredited_reviewer(
        fields=("green",), valid_until=today + timedelta(days=20), email="soon@example.org"
    )
    expired = accredited_reviewer(
        valid_from=today - timedelta(days=400),
        valid_until=today - timedelta(days=1),
        email="gone@example.org",
    )
    client.force_login(people.secretariat)
    html = client.get(reverse("desk:reviewers")).content.decode()
    for reviewer in (people.reviewer, expiring, expired):
        assert reviewer.user.email in html
    assert date_format(today + timedelta(days=20)) in html
    assert "Expiring soon" in html and "Expired" in html
    only_expiring = client.get(reverse("desk:reviewers"), {"status": "expiring"})
    emails = {row[0].user.email for row in only_expiring.context["page"]}
    assert emails == {"soon@example.org"}


def test_the_reviewers_page_keeps_a_constant_query_count(
    client, people, django_assert_max_num_queries
):
    def grow(n):
        for _ in range(n):
            accredited_reviewer(fields=("digital", "green"))
            apply_as(UserFactory())

    client.force_login(people.secretariat)
    grow(2)
    with django_assert_max_num_queries(30) as few:
        assert client.get(reverse("desk:reviewers")).status_code == 200
    grow(25)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("desk:reviewers")).status_code == 200


# Standing affiliations.


def test_a_reviewer_declares_and_ends_affiliations(client, people):
    client.force_login(people.reviewer.user)
    url = reverse("review:affiliations")
    assert client.get(url).status_code == 200
    client.post(
        url,
        {"organisation": people.org_b.pk, "relationship": "board", "started_on": "2021-04-01"},
    )
    client.post(
        url,
        {"organisation_name": "Osaka Lab", "relationship": "employee", "started_on": "2019-01-01"},
    )
    board, lab = people.reviewer.affiliations.order_by("started_on").reverse()
    assert (board.organisation, board.organisation_name) == (people.org_b, "組織B")
    assert (lab.organisation, lab.organisation_name) == (None, "Osaka Lab")
    client.post(reverse("review:affiliation_end", args=[lab.pk]), {"ended_on": "2024-03-31"})
    lab.refresh_from_db()
    assert lab.ended_on == date(2024, 3, 31)
    html = client.get(url).content.decode()
    assert "Osaka Lab" in html and "31 March 2024" in html
    assert AuditEvent.objects.filter(action__startswith="affiliation.").count() == 3


def test_affiliations_are_the_reviewers_own(client, people):
    theirs = accrediting.affiliation_add(
        actor=people.second_reviewer.user,
        organisation_name="Elsewhere",
        relationship="employee",
        started_on=date(2020, 1, 1),
    )
    client.force_login(people.reviewer.user)
    response = client.post(reverse("review:affiliation_end", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.ended_on is None
    assert "Elsewhere" not in client.get(reverse("review:affiliations")).content.decode()
    for user in (people.outsider, people.provider_a):
        client.force_login(user)
        assert client.get(reverse("review:affiliations")).status_code == 404
        with pytest.raises(DomainError):
            accrediting.affiliation_add(
                actor=user, organisation_name="X", relationship="other", started_on=date.today()
            )


def test_an_affiliation_cannot_end_before_it_starts_or_twice(people):
    affiliation = accrediting.affiliation_add(
        actor=people.reviewer.user,
        organisation_name="Lab",
        relationship="employee",
        started_on=date(2020, 1, 1),
    )
    with pytest.raises(DomainError):
        accrediting.affiliation_end(
            actor=people.reviewer.user, affiliation=affiliation, ended_on=date(2019, 1, 1)
        )
    accrediting.affiliation_end(actor=people.reviewer.user, affiliation=affiliation)
    with pytest.raises(DomainError) as refused:
        accrediting.affiliation_end(actor=people.reviewer.user, affiliation=affiliation)
    assert refused.value.code == "state"
    affiliation.refresh_from_db()
    assert affiliation.ended_on == timezone.localdate()
