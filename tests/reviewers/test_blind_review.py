"""Blind review: a provider never learns who reviewed its dossier, in any page, email or API
answer; in double-blind review a reviewer does not learn who the provider is either.

The leak test builds a reviewed and decided dossier (two reviewers with distinctive names and
emails) and reads everything the provider's members can read about it.
"""

import json

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accreditation.models import DecisionOutcome, DossierState
from accreditation.services import dossier_decide
from accreditation.services.tokens import api_token_create
from demo.workflow import advance
from registry_export.models import RegistryDocument
from reviewers import services
from reviewers.models import Recommendation
from tests.accreditation.factories import dossier as make_dossier

pytestmark = pytest.mark.django_db
S = DossierState
FIELDS = ["purpose", "learning_hours", "content", "level", "assessment", "learning_outcomes"]
CONFIDENTIAL = "Confidential: the provider's dean is a friend of the committee chair."

REVIEWERS = [
    {"first_name": "Zebulon", "last_name": "Quackenbush", "email": "zebulon.q@rev-one.example"},
    {"first_name": "Ophelia", "last_name": "Thistlewood", "email": "ophelia.t@rev-two.example"},
]


@pytest.fixture(autouse=True)
def fresh_throttle():
    """API throttle counts live in the cache, which outlives a test's database."""
    cache.clear()
    yield
    cache.clear()


def name_reviewers(people):
    for profile, identity in zip((people.reviewer, people.second_reviewer), REVIEWERS, strict=True):
        for attribute, value in identity.items():
            setattr(profile.user, attribute, value)
        profile.user.save()


def forbidden_strings():
    strings = set()
    for identity in REVIEWERS:
        strings |= {identity["first_name"], identity["last_name"], identity["email"]}
        strings.add(f"{identity['first_name']} {identity['last_name']}")
        strings |= set(identity["email"].split("@"))
    strings.add(CONFIDENTIAL)
    return strings


def review_and_decide(people, outcome):
    """Both reviewers score every field (with comments) and the committee decides."""
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), S.IN_REVIEW, people.cast()
    )
    for number, profile in enumerate((people.reviewer, people.second_reviewer), start=1):
        assignment = services.assignment_invite(
            actor=people.secretariat, dossier=dossier, reviewer=profile
        )
        services.assignment_accept(actor=profile.user, assignment=assignment, no_conflict=True)
        services.review_save(
            actor=profile.user,
            assignment=assignment,
            scores={field: (number, f"Comment {number} on {field}.") for field in FIELDS},
            recommendation=Recommendation.REVISE,
            confidential_note=CONFIDENTIAL,
        )
        services.review_submit(actor=profile.user, assignment=assignment)
    dossier_decide(
        actor=people.committee, dossier=dossier, outcome=outcome, rationale="Decided on evidence."
    )
    dossier.refresh_from_db()
    return dossier


def provider_pages(client, dossier):
    urls = [
        reverse("portal:list"),
        reverse("portal:detail", args=[dossier.pk]),
        reverse("portal:organisation", args=[dossier.organisation_id]),
    ]
    if dossier.is_editable():
        urls.append(reverse("portal:edit", args=[dossier.pk]))
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    return pages


def public_documents(client, dossier):
    """The catalogue page and the registry's documents of a certified item."""
    documents = {}
    response = client.get(reverse("catalogue_item", args=[dossier.credential_id]), follow=True)
    assert response.status_code == 200
    documents["catalogue"] = response.content.decode()
    for kind in RegistryDocument.objects.filter(credential_id=dossier.credential_id).values_list(
        "kind", flat=True
    ):
        url = reverse("registry:document", args=[dossier.credential_id, kind])
        documents[url] = client.get(url).content.decode()
    for language in ("ja", "en"):
        url = f"/api/v1/credentials/?language={language}&status=all"
        answer = client.get(url)
        assert answer.json()["count"] == 1
        documents[url] = answer.content.decode()
    return documents


def api_answers(client, people, dossier):
    _token, raw_key = api_token_create(
        actor=people.provider_a, organisation=people.org_a, name="LMS sync"
    )
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw_key}"}
    base = "/api/v1/provider/dossiers/"
    answers = {}
    for url in (base, f"{base}{dossier.pk}/", f"{base}{dossier.pk}/screening/"):
        response = client.get(url, **headers)
        assert response.status_code == 200, url
        answers[url] = response.content.decode()
    return answers


def provider_emails(people):
    members = {people.provider_a.email, people.viewer_a.email}
    return [m for m in mail.outbox if set(m.to) & members]


def assert_no_leak(texts):
    for where, text in texts.items():
        for secret in forbidden_strings():
            assert secret not in text, f"{secret!r} leaks in {where}"


@pytest.mark.parametrize(
    "outcome",
    [
        DecisionOutcome.APPROVED,
        DecisionOutcome.REVISIONS_REQUESTED,
        DecisionOutcome.REJECTED,
    ],
)
def test_no_provider_visible_surface_names_a_reviewer(
    client, people, reference_data, outcome, django_capture_on_commit_callbacks
):
    name_reviewers(people)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        dossier = review_and_decide(people, outcome)

    client.force_login(people.provider_a)
    texts = provider_pages(client, dossier)
    emails = provider_emails(people)
    assert emails, "the provider's members are told of each step"
    texts |= {f"email {i}: {m.subject}": f"{m.subject}\n{m.body}" for i, m in enumerate(emails)}
    texts |= api_answers(client, people, dossier)
    if outcome == DecisionOutcome.APPROVED:
        client.logout()
        texts |= public_documents(client, dossier)

    assert_no_leak(texts)
    # The provider does read the reviews themselves, with the reviewers numbered.
    detail = texts[reverse("portal:detail", args=[dossier.pk])]
    assert "Reviewer 1" in detail and "Reviewer 2" in detail
    assert "Comment 1 on purpose." in detail and "Comment 2 on level." in detail


def test_the_provider_sees_no_scores_before_the_decision(client, people, reference_data):
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), S.AWAITING_DECISION, people.cast()
    )
    client.force_login(people.provider_a)
    html = client.get(reverse("portal:detail", args=[dossier.pk])).content.decode()
    assert "Reviewer 1" not in html
    assert "Reviewers' scores" not in html


def test_another_organisation_never_reads_the_reviews(client, people, reference_data):
    dossier = review_and_decide(people, DecisionOutcome.REJECTED)
    client.force_login(people.provider_b)
    assert client.get(reverse("portal:detail", args=[dossier.pk])).status_code == 404


# Double-blind review: reviewers do not learn who the provider is.


@pytest.fixture
def provider_identity(people):
    """What would tell a reviewer who the provider is: its names, website and members."""
    org = people.org_a
    org.website = "https://org-a-university.example"
    org.save()
    for member, (first, last) in (
        (people.provider_a, ("Hortensia", "Vandersloot")),
        (people.viewer_a, ("Bartholomew", "Grunewald")),
    ):
        member.first_name, member.last_name = first, last
        member.save()
    return [
        org.name_en,
        org.name_ja,
        "org-a-university.example",
        "Hortensia",
        "Vandersloot",
        "Bartholomew",
        "Grunewald",
        people.provider_a.email,
        people.viewer_a.email,
    ]


def reviewer_pages(client, people, further_information_url):
    dossier = advance(
        make_dossier(
            people.org_a,
            author=people.provider_a,
            further_information_url=further_information_url,
        ),
        S.IN_REVIEW,
        people.cast(),
    )
    assignment = services.assignment_invite(
        actor=people.secretariat, dossier=dossier, reviewer=people.reviewer
    )
    client.force_login(people.reviewer.user)
    pages = {
        "queue": client.get(reverse("review:queue")).content.decode(),
        "invitation": client.get(reverse("review:assignment", args=[assignment.pk])),
    }
    pages["invitation"] = pages["invitation"].content.decode()
    services.assignment_accept(actor=people.reviewer.user, assignment=assignment, no_conflict=True)
    scoring = client.get(reverse("review:assignment", args=[assignment.pk]))
    pages["scoring"] = scoring.content.decode()
    return pages


def test_double_blind_reviewers_do_not_learn_who_the_provider_is(
    client, people, reference_data, settings, provider_identity
):
    settings.REVIEW_BLINDNESS = "double"
    pages = reviewer_pages(client, people, "https://org-a-university.example/courses/ds")
    for where, html in pages.items():
        for secret in provider_identity:
            assert secret not in html, f"{secret!r} shown to a double-blind reviewer in {where}"
    assert "Provider withheld (double-blind review)" in pages["scoring"]
    assert 'name="score_purpose"' in pages["scoring"]  # the scoring form is still there


def test_single_blind_reviewers_see_the_provider(client, people, reference_data, settings):
    settings.REVIEW_BLINDNESS = "single"
    pages = reviewer_pages(client, people, "https://org-a-university.example/courses/ds")
    assert all(people.org_a.name_en in html for html in pages.values())


def test_the_api_gives_the_provider_numbered_reviews(client, people, reference_data):
    dossier = review_and_decide(people, DecisionOutcome.REVISIONS_REQUESTED)
    answer = api_answers(client, people, dossier)[f"/api/v1/provider/dossiers/{dossier.pk}/"]
    reviews = json.loads(answer)["reviews"]
    assert [r["version"] for r in reviews] == [1]
    assert reviews[0]["criteria"]["level"] == [
        {"reviewer": 1, "score": 1, "comment": "Comment 1 on level."},
        {"reviewer": 2, "score": 2, "comment": "Comment 2 on level."},
    ]


def test_double_blind_reviewers_emails_and_link_page_withhold_the_provider(settings):
    """The invitation email, the reminder context and the link page name the provider only as
    REVIEW_BLINDNESS allows."""
    from django.template.loader import render_to_string

    settings.REVIEW_BLINDNESS = "double"
    from reviewers import blind

    class Organisation:
        name = "Toto Distinctive University"

    name = blind.provider_name_for_reviewer(Organisation())
    body = render_to_string(
        "email/reviewers/invitation_body.txt",
        {
            "version": {"content": {"title": {"ja": "題", "en": "Title"}}, "number": 1},
            "provider_name": name,
            "link": "https://example.org/x",
            "assignment": {"respond_by": None, "review_due": None},
        },
    )
    assert "Toto Distinctive University" not in body
    assert str(blind.WITHHELD) in body
