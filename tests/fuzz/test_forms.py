"""No form answers 5xx, whatever it is sent: a property-based test over every form of the demo.

For each kind of user (providers with dossiers in different states, the secretariat, the chair
and a member of the committee, reviewers at different stages, someone signed out) the forms
their pages offer are found by following their links (tests/fuzz/forms.py); hypothesis then
fills them with what a person, a script or an attacker might send (the page's own values,
other choices, empty fields, long, foreign and control text, numbers that are not numbers,
files that are not what they say) and each answer must be below 500. On-commit work (emails,
publishing) runs after each request as it would.

Cases per kind of user: FUZZ_EXAMPLES (default 60; CI runs 1,000 each on PostgreSQL, 10,000 in
all).
"""

import os
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.forms import crawl

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))

#: Who fuzzes, and where they start; the emails are the demo's (README, "Demo accounts").
USERS = {
    "provider": ("provider.toto-univ@example.org", ["/portal/", "/accounts/2fa/"]),
    # AGR-130, rejected within 30 days: the appeal form.
    "provider-rejected": ("provider.hokusei-kosen@example.org", ["/portal/"]),
    # COOK-110, revision requested: the answers to the committee's comments.
    "provider-revising": ("provider.mirai-digital@example.org", ["/portal/"]),
    "secretariat": (
        "secretariat@example.org",
        ["/desk/", "/desk/reviewers/", "/desk/assign-batch/"],
    ),
    "committee-chair": ("committee@example.org", ["/desk/?state=awaiting_decision", "/desk/"]),
    "committee-member": ("committee2@example.org", ["/desk/?state=appealed", "/desk/"]),
    "reviewer": ("reviewer1@example.org", ["/review/", "/review/affiliations/"]),
    "reviewer-scoring": ("reviewer2@example.org", ["/review/?status=all", "/review/"]),
    "reviewer-drafting": ("reviewer4@example.org", ["/review/?status=all", "/review/"]),
    "signed-out": (
        None,
        ["/ja/verify/", "/review/apply/", "/accounts/login/", "/accounts/signup/"],
    ),
}
#: Forms left out: signing out would end the run's session, not test a form.
LEFT_OUT = ("/accounts/logout/",)

NOT_NUMBERS = ["", "0", "-1", "1.5", "1e999", "NaN", "²", "٣", "9" * 30, "0x10", " 7 "]
ODD_TEXT = [
    "",
    " ",
    "x" * 6000,
    "データ\u3000サイエンス",
    "\u202egnp.exe",
    "<script>alert(1)</script>",
    "'; DROP TABLE x; --",
    "%00",
    "\x00",
    "a\x07b",
    "2026-02-30",
    "../../etc/passwd",
    "😀" * 50,
]
FILE_NAMES = ["a.pdf", "notes.html", "report.pdf.exe", "x.docx", "無題.png", ".pdf"]
text = st.one_of(
    st.sampled_from(ODD_TEXT),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=80),
    st.sampled_from(NOT_NUMBERS),
)


def value_for(field):
    """What one field may be sent: its own values, others, or nothing like them."""
    own = [v for v in [field.value, *field.options] if v is not None]
    if field.kind == "file":
        return st.builds(
            lambda name, body: SimpleUploadedFile(name, body),
            st.sampled_from(FILE_NAMES),
            st.sampled_from([b"", b"%PDF-1.4\n", b"GIF89a<html>", b"PK\x03\x04" + b"\0" * 64]),
        )
    if own:
        return st.one_of(st.sampled_from(own), text, st.lists(st.sampled_from(own), max_size=3))
    return text


def signed_in(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("who", list(USERS))
def test_no_form_answers_5xx(seeded_demo, who):
    email, start = USERS[who]
    user = get_user_model().objects.get(email=email) if email else None
    client = signed_in(user)
    forms = [f for f in crawl(client, start) if not f.action.endswith(LEFT_OUT)]
    assert len(forms) >= 2, [f.action for f in forms]  # the crawl found their pages
    print(
        who,
        len(forms),
        sorted({(f.method, f.action.replace("http://testserver", "")) for f in forms}),
    )

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
    )
    @given(data=st.data())
    def send(data):
        form = data.draw(st.sampled_from(forms), label="form")
        values = {}
        for name, field in form.fields.items():
            if data.draw(st.integers(0, 9), label=f"keep {name}"):  # most fields, not all
                values[name] = data.draw(value_for(field), label=name)
        if email and "_auth_user_id" not in client.session:
            client.force_login(user)  # a form signed them out (their password changed)
        with TestCase.captureOnCommitCallbacks(execute=True):
            if form.method == "post":
                response = client.post(form.action, values)
            else:
                response = client.get(form.action, values)
        assert response.status_code < 500, (form.action, values)
        answers[response.status_code // 100] += 1

    answers = Counter()
    send()
    # The cases reached the views, not only the door's refusals: some were taken.
    assert answers[2] + answers[3] > 0, answers
    print(f"{who}: {len(forms)} forms, answers by class {dict(sorted(answers.items()))}")
