"""seed_demo: realistic, complete, repeatable; and its bulk mode for benchmarks."""

import io
import json

import pytest
from django.core.management import call_command
from django.db.models import Count
from wagtail.models import Page

from accreditation.models import ApiToken, Dossier, DossierState
from cms.models import CatalogueItemPage, PathwayStep
from registry_export.models import RegistryDocument
from registry_export.publishing import BUILDERS

pytestmark = pytest.mark.django_db
S = DossierState


def seed_demo(**options):
    call_command("seed_demo", stdout=io.StringIO(), **options)


@pytest.fixture
def seeded(tmp_path, django_capture_on_commit_callbacks):
    """The demo as `make demo` seeds it; publishing runs as on commit."""
    accounts_file = tmp_path / "accounts.json"
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo(accounts_json=str(accounts_file))
    return json.loads(accounts_file.read_text())


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
        assert set(account) == keys
        response = client.post(
            "/accounts/login/", {"login": account["email"], "password": account["password"]}
        )
        assert response.status_code == 302, account["email"]
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
