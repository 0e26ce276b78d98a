"""The bench's sign-ins and addresses, run inside the seeded register (`manage.py shell`).

Signs each role in through the real sign-in pages (allauth, and the second factor with the
demo app's code) in Django's test client, which writes the session where gunicorn reads it
(the same database and cache), and prints JSON: {"sessions": {role: session id},
"pages": [[role, label, path]], "badge": a learner's badge for the verify API, "token": the
demo provider's API key}. bench/bench_pages.py runs it; nothing here is timed.
"""

import json

from django.conf import settings
from django.test import Client

from accreditation.models import Dossier, DossierState
from cms.models import CatalogueItemPage
from demo import scale, seed
from demo.badges import learner_badge
from demo.management.commands.demo_badges import earned
from demo.second_factor import DEMO_TOTP_SECRET, current_code
from reviewers.models import Assignment

HOST = "127.0.0.1"  # as bench/bench_pages.py serves it (DJANGO_ALLOWED_HOSTS)
ROLES = {
    "provider": f"provider.{scale.DEMO_PROVIDER}@example.org",
    "secretariat": "secretariat@example.org",
    "committee": "committee@example.org",
    "reviewer": seed.DEMO_REVIEWER,
}


def signed_in(email):
    client = Client(SERVER_NAME=HOST)
    response = client.post("/accounts/login/", {"login": email, "password": seed.PASSWORD})
    if response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/":
        response = client.post("/accounts/2fa/authenticate/", {"code": current_code()[0]})
    assert response.status_code == 302, (email, response.status_code)
    assert not response["Location"].startswith("/accounts/"), (email, response["Location"])
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def pages():
    demo_org = Dossier.objects.filter(organisation__slug=scale.DEMO_PROVIDER)
    own = demo_org.order_by("-pk").first()
    deciding = Dossier.objects.filter(state=DossierState.AWAITING_DECISION).order_by("-pk")[0]
    item = CatalogueItemPage.objects.filter(live=True, locale__language_code="ja").last()
    assert Assignment.objects.filter(reviewer__user__email=seed.DEMO_REVIEWER).exists()
    return [
        ["anonymous", "/healthz", "/healthz"],
        ["anonymous", "/accounts/login/", "/accounts/login/"],
        ["anonymous", "/ja/catalogue/ (cached)", "/ja/catalogue/"],
        ["anonymous", "catalogue item (cached)", item.url],
        ["anonymous", "catalogue item, 304", item.url],
        ["anonymous", "POST /api/v1/verify/", "/api/v1/verify/"],
        ["provider", "/portal/", "/portal/"],
        ["provider", "/portal/dossiers/<id>/", f"/portal/dossiers/{own.pk}/"],
        ["token", "/api/v1/provider/dossiers/", "/api/v1/provider/dossiers/"],
        ["secretariat", "/desk/", "/desk/"],
        [
            "secretariat",
            "/desk/?q=データ&state=in_review",
            "/desk/?q=%E3%83%87%E3%83%BC%E3%82%BF&state=in_review",
        ],
        ["secretariat", "/desk/overview/", "/desk/overview/"],
        ["secretariat", "/desk/assign-batch/", "/desk/assign-batch/"],
        ["committee", "/desk/cases/<id>/", f"/desk/cases/{deciding.pk}/"],
        ["reviewer", "/review/", "/review/"],
    ]


def badge():
    item = CatalogueItemPage.objects.filter(live=True, status="active").first()
    return learner_badge(item.credential_id, issued=earned(item.credential_id))


def main():
    from accreditation.models import ProviderOrganisation

    organisation = ProviderOrganisation.objects.get(slug=scale.DEMO_PROVIDER)
    print(
        json.dumps(
            {
                "sessions": {role: signed_in(email) for role, email in ROLES.items()},
                "pages": pages(),
                "badge": badge(),
                "token": seed.demo_api_key(organisation),
                "totp": DEMO_TOTP_SECRET,
            },
            ensure_ascii=False,
        )
    )


main()
