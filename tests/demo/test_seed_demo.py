"""seed_demo: realistic, complete, repeatable; and its bulk mode for benchmarks."""

import io
from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.formats import date_format
from wagtail.models import Page

from accreditation import analytics, services
from accreditation.content import StandardField
from accreditation.errors import DomainError
from accreditation.models import (
    ApiToken,
    AuditEvent,
    Decision,
    DecisionOutcome,
    Dossier,
    DossierState,
    RevisionComment,
)
from accreditation.standard import summarise
from cms.models import CatalogueItemPage, PathwayStep
from registry_export.models import RegistryDocument, StatusList
from registry_export.publishing import BUILDERS
from reviewers import analytics as reviewer_analytics
from reviewers.models import Recommendation, Review, ReviewerAccreditation, ReviewScore
from tests.accounts.codes import sign_in

pytestmark = pytest.mark.django_db
S = DossierState


def seed_demo(**options):
    call_command("seed_demo", stdout=io.StringIO(), **options)


def parse_instant(value):
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@pytest.fixture(scope="module")
def seeded(seeded_demo):
    """The demo accounts of the demo seeded once for this module (tests/conftest.py)."""
    return seeded_demo


def states():
    return dict(Dossier.objects.values_list("state").annotate(n=Count("pk")).order_by())


def test_the_demo_has_every_state_and_twenty_certified_items(seeded):
    counts = states()
    assert set(counts) == set(S.values)
    assert counts[S.ACCREDITED] >= 20
    # Every item that was ever certified has its ja and en page and its registry record.
    published = Dossier.objects.filter(state__in=[S.ACCREDITED, S.SUSPENDED, S.EXPIRED, S.REVOKED])
    assert CatalogueItemPage.objects.count() == 2 * published.count()
    # One registry document per format (OB 3.0, CTDL, ELM, schema.org).
    assert RegistryDocument.objects.count() == len(BUILDERS) * published.count()


def test_the_demo_catalogue_has_pathways_and_fees_to_browse(seeded, client):
    stackable = CatalogueItemPage.objects.filter(stand_alone=False, locale__language_code="en")
    assert stackable.exists()
    assert PathwayStep.objects.filter(page__in=stackable).count() == stackable.count()
    assert CatalogueItemPage.objects.filter(fee_amount=0).exists()
    assert CatalogueItemPage.objects.filter(fee_amount__gt=0, fee_currency="JPY").exists()
    assert "Master of Data Science" in client.get("/en/pathways/").content.decode()


def test_the_accounts_file_lists_a_signable_account_per_role(seeded, client):
    roles = {account["role"] for account in seeded}
    assert roles == {"provider", "reviewer", "secretariat", "committee", "admin"}
    providers = [a for a in seeded if a["role"] == "provider"]
    assert len({a["organisation"] for a in providers}) >= 2
    for account in seeded:
        keys = {"role", "email", "password", "organisation"}
        if account["role"] == "provider":
            keys.add("api_token")
        else:  # everyone else signs in with a second factor, the demo's app
            keys.add("totp_secret")
        assert set(account) == keys
        response = sign_in(
            client, account["email"], account["password"], account.get("totp_secret")
        )
        assert response.status_code == 302, account["email"]
        assert not response["Location"].startswith("/accounts/"), account["email"]
        assert client.session["_auth_user_id"]
        client.logout()


def test_each_provider_organisation_has_a_working_api_token(seeded, client):
    providers = [a for a in seeded if a["role"] == "provider"]
    assert len(providers) >= 2
    for account in providers:
        response = client.get(
            "/api/v1/provider/dossiers/",
            {"page_size": 200},
            HTTP_AUTHORIZATION=f"Bearer {account['api_token']}",
        )
        assert response.status_code == 200, account["organisation"]
        own = Dossier.objects.filter(organisation__slug=account["organisation"])
        body = response.json()
        assert body["count"] == own.count() > 0
        assert {d["id"] for d in body["results"]} == set(own.values_list("pk", flat=True))


def test_the_api_tokens_are_printed_and_stay_valid_when_seeded_again(seeded):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    for account in (a for a in seeded if a["role"] == "provider"):
        assert f"{account['organisation']} " in out.getvalue()
        assert account["api_token"] in out.getvalue()
    assert ApiToken.objects.filter(name="Demo script").count() == len(
        [a for a in seeded if a["role"] == "provider"]
    )


def test_running_it_twice_adds_nothing(seeded):
    before = (states(), CatalogueItemPage.objects.count(), RegistryDocument.objects.count())
    seed_demo()
    after = (states(), CatalogueItemPage.objects.count(), RegistryDocument.objects.count())
    assert after == before


def test_bulk_mode_reaches_the_number_of_certified_items(seeded, client):
    seed_demo(credentials=60)
    assert states()[S.ACCREDITED] == 60
    assert CatalogueItemPage.objects.filter(status="active").count() == 2 * 60
    assert Page.find_problems() == ([], [], [], [], [])  # the page tree is consistent
    bulk = Dossier.objects.filter(provider_reference__startswith="BULK-").first()
    page = CatalogueItemPage.objects.get(
        translation_key=bulk.credential_id, locale__language_code="en"
    )
    assert client.get(page.url).status_code == 200
    document = client.get(f"/registry/items/{bulk.credential_id}/ob3-achievement.jsonld")
    assert document.json()["achievementType"] == "MicroCredential"
    provider = bulk.organisation.memberships.first().user
    assert provider.has_perm("accreditation.view_dossier", bulk)
    # Asking again for the same number adds nothing.
    seed_demo(credentials=60)
    assert states()[S.ACCREDITED] == 60


def test_a_batch_of_dossiers_waits_for_reviewers_and_can_be_assigned(seeded):
    """The demo gives the secretariat a batch to assign automatically, with enough reviewers."""
    from reviewers.autoassign import needing_reviewers, propose

    waiting = Dossier.objects.filter(state=S.IN_REVIEW, provider_reference__endswith="-2027")
    assert waiting.count() == 12
    assert set(waiting) <= set(needing_reviewers())
    proposal = propose(list(needing_reviewers()))
    assert [row.dossier for row in proposal.rows if row.unfilled] == []


def test_the_demo_badges_verify_as_their_items_stand(seeded, tmp_path, client):
    """`make demo` writes a learner's badge per public state, to try /verify/ with."""
    out = io.StringIO()
    call_command("demo_badges", output=str(tmp_path / "badges"), stdout=out)
    verdicts = {}
    for state in ("accredited", "suspended", "revoked", "expired"):
        badge = (tmp_path / "badges" / f"{state}.json").read_text(encoding="utf-8")
        answer = client.post("/api/v1/verify/", badge, content_type="application/json").json()
        verdicts[state] = answer["verdict"]
        assert {c["check"]: c["passed"] for c in answer["checks"]}["badge_signature"] is True
    assert verdicts == {
        "accredited": "certified",
        "suspended": "suspended",
        "revoked": "revoked",
        "expired": "expired",
    }
    assert "Wrote 4 badges" in out.getvalue()


# A truthful history: the demo's past happened in order, at past moments, and its scores agree
# with its decisions.


def demo_user(email):
    return get_user_model().objects.get(email=email)


def test_lapsed_items_lapsed_in_the_past_and_the_status_lists_are_valid_now(seeded, client):
    now, today = timezone.now(), timezone.localdate()
    expired = Dossier.objects.get(provider_reference="FOOD-120", state=S.EXPIRED)
    approval = expired.decisions.get(outcome=DecisionOutcome.APPROVED)
    # Approved for a year, lapsed at the end of it, expired by the scheduler the next night.
    assert approval.valid_from == timezone.localdate(approval.decided_at)
    assert approval.valid_until < today
    assert timezone.localdate(expired.state_changed_at) == approval.valid_until + timedelta(1)
    for reference, state in (("ACC-110", S.SUSPENDED), ("SPT-110", S.REVOKED)):
        dossier = Dossier.objects.get(provider_reference=reference, state=state)
        decided = dossier.decisions.get(outcome=DecisionOutcome.APPROVED)
        assert decided.decided_at < dossier.state_changed_at < now - timedelta(days=7)
        assert decided.valid_until > today
        page = CatalogueItemPage.objects.get(
            translation_key=dossier.credential_id, locale__language_code="ja"
        )
        assert page.status_since == timezone.localdate(dossier.state_changed_at)
    for status_list in StatusList.objects.all():
        document = status_list.document
        assert parse_instant(document["validFrom"]) <= now < parse_instant(document["validUntil"])
    # The catalogue never says a lapsed item is valid until a date.
    listing = client.get("/ja/catalogue/", {"status": "all"}).content.decode()
    with translation.override("ja"):
        until = date_format(approval.valid_until)  # 2026年7月31日
    assert f"認証は{until}に失効しました。" in listing
    assert f"{until}まで有効" not in listing


def test_every_step_happened_in_order_in_the_past(seeded):
    now = timezone.now()
    assert AuditEvent.objects.filter(created_at__gt=now).count() == 0
    events = list(AuditEvent.objects.order_by("pk").values_list("created_at", flat=True))
    assert events == sorted(events)  # written in the order they happened
    reviews = Review.objects.filter(submitted_at__isnull=False).select_related(
        "assignment__version", "assignment__reviewer"
    )
    assert reviews.count() >= 50
    for review in reviews:
        assignment = review.assignment
        assert assignment.version.submitted_at < assignment.invited_at
        assert assignment.invited_at < assignment.responded_at < review.submitted_at
        on = timezone.localdate(review.submitted_at)
        assert ReviewerAccreditation.objects.filter(
            reviewer=assignment.reviewer, valid_from__lte=on, valid_until__gte=on
        ).exists(), f"{assignment.reviewer} was not accredited on {on}"
    for decision in Decision.objects.select_related("version"):
        submitted = reviews.filter(assignment__version=decision.version)
        assert submitted.count() == 2
        assert max(r.submitted_at for r in submitted) < decision.decided_at
    # Days to weeks in each state, not one instant: first submission to approval varies.
    waits = [
        (decision.decided_at - decision.dossier.versions.get(number=1).submitted_at).days
        for decision in Decision.objects.filter(outcome=DecisionOutcome.APPROVED)
    ]
    assert min(waits) >= 14 and max(waits) - min(waits) >= 28


def test_scores_vary_by_reviewer_and_agree_with_each_decision(seeded):
    def summaries(version):
        scores = {criterion: [] for criterion in StandardField.values}
        for row in ReviewScore.objects.filter(
            review__assignment__version=version, review__submitted_at__isnull=False
        ):
            scores[row.criterion].append(row.score)
        return {criterion: summarise(values) for criterion, values in scores.items()}

    for decision in Decision.objects.select_related("version"):
        fields = summaries(decision.version)
        failing = {criterion for criterion, summary in fields.items() if not summary.passes}
        if decision.outcome == DecisionOutcome.APPROVED:
            assert failing == set(), decision.dossier.provider_reference
        elif decision.outcome == DecisionOutcome.REJECTED:
            assert failing, decision.dossier.provider_reference
        else:  # a revision request names the weak fields, and only those
            commented = set(
                RevisionComment.objects.filter(version=decision.version).values_list(
                    "pointer", flat=True
                )
            )
            assert {f"/{criterion}" for criterion in failing} == commented != set()
    rejected = Dossier.objects.get(provider_reference="AGR-130")
    assert 0 in summaries(rejected.versions.get()).get(StandardField.ASSESSMENT).scores
    for review in Review.objects.filter(submitted_at__isnull=False).prefetch_related("scores"):
        scores = [row.score for row in review.scores.all()]
        assert all(row.comment for row in review.scores.all() if row.score < 2)
        if min(scores) < 2:
            assert review.recommendation in {Recommendation.REVISE, Recommendation.REJECT}
        else:
            assert review.recommendation in {
                Recommendation.APPROVE,
                Recommendation.APPROVE_WITH_CONDITIONS,
            }
    used = set(ReviewScore.objects.values_list("score", flat=True))
    assert used >= {0, 1, 2, 3}


def test_the_invite_picker_names_each_reviewer_by_email_and_affiliation(seeded, client):
    """The README's walkthrough invites reviewer1@ and reviewer2@: the picker must say who is
    who, and where they work."""
    dossier = Dossier.objects.get(provider_reference="LAW-120", state=S.SUBMITTED)
    client.force_login(demo_user("secretariat@example.org"))
    services.dossier_accept_for_review(actor=demo_user("secretariat@example.org"), dossier=dossier)
    html = client.get(dossier.get_desk_url()).content.decode()
    assert "reviewer1@example.org" in html and "東北情報大学" in html
    assert "reviewer2@example.org" in html and "Walker Learning Design Ltd" in html


def test_the_desk_figures_are_meaningful_and_the_dumps_are_there(seeded, client):
    period, _problems = analytics.period_from({}, timezone.localdate())
    stays = {row.state: row for row in analytics.time_in_state(period)}
    for state in (S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.AWAITING_DECISION):
        assert stays[state].completed >= 10
        assert 1 < stays[state].median < stays[state].p90 < 60, stays[state]
    for row in reviewer_analytics.reliability(period):
        assert 0 < row.alpha.value < 1, row
    manifest = client.get("/registry/dumps/").json()
    assert manifest["counts"]["documents"] == RegistryDocument.objects.count()
    for entry in manifest["files"]:
        assert client.get(entry["url"].removeprefix("http://testserver")).status_code == 200


def test_the_appeal_is_heard_by_the_committee_member_who_did_not_reject_it(seeded):
    chair, member = demo_user("committee@example.org"), demo_user("committee2@example.org")
    dossier = Dossier.objects.get(provider_reference="HIS-110", state=S.APPEALED)
    assert dossier.decisions.get().decided_by == chair

    with pytest.raises(DomainError) as refused:
        services.dossier_decide(
            actor=chair, dossier=dossier, outcome=DecisionOutcome.APPROVED, rationale="認める。"
        )
    assert refused.value.code == "conflict"
    dossier.refresh_from_db()
    assert (dossier.state, dossier.decisions.count()) == (S.APPEALED, 1)

    decision = services.dossier_decide(
        actor=member,
        dossier=dossier,
        outcome=DecisionOutcome.APPROVED,
        rationale="ルーブリックの公開を確認した。The rubric is published.",
    )
    dossier.refresh_from_db()
    assert (dossier.state, decision.on_appeal, decision.decided_by) == (
        S.ACCREDITED,
        True,
        member,
    )
