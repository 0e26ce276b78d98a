"""Conditions of an approval: set with the decision, evidence from the provider (checked by
content), sign-off or sending back by staff, overdue ones on the desk; providers never see
who signed off."""

from datetime import timedelta

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from accreditation import services, workflow
from accreditation.errors import DomainError
from accreditation.models import (
    AuditEvent,
    ConditionState,
    Decision,
    DecisionCondition,
    DecisionOutcome,
    Dossier,
    DossierState,
)
from accreditation.services.conditions import (
    condition_reject_evidence,
    condition_sign_off,
    condition_submit_evidence,
)
from demo.workflow import advance
from tests.accreditation.factories import dossier as make_dossier
from tests.accreditation.test_attachments import pdf_bytes

pytestmark = pytest.mark.django_db
S = DossierState


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path, monkeypatch):
    """Evidence goes to a temporary folder, like the attachments in their tests."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    field = DecisionCondition._meta.get_field("evidence")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=tmp_path, base_url=None))


def in_days(n):
    return timezone.localdate() + timedelta(days=n)


def upload(name="evidence.pdf", data=None):
    return SimpleUploadedFile(name, pdf_bytes() if data is None else data)


def awaiting(people, org=None, author=None):
    return advance(
        make_dossier(org or people.org_a, author=author or people.provider_a),
        S.AWAITING_DECISION,
        people.cast(author),
    )


def approve(people, dossier, conditions, **kwargs):
    return services.dossier_decide(
        actor=people.committee,
        dossier=dossier,
        outcome=DecisionOutcome.APPROVED,
        rationale="Meets the standard, with conditions.",
        conditions=conditions,
        **kwargs,
    )


def approved_with(people, n=1, org=None, author=None):
    dossier = awaiting(people, org, author)
    rows = [
        {"text_ja": f"条件{i}", "text_en": f"Publish rubric {i}", "due_on": in_days(30 + i)}
        for i in range(n)
    ]
    decision = approve(people, dossier, rows)
    return dossier, list(decision.conditions.order_by("pk"))


def signed_in(client, user):
    client.force_login(user)
    return client


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


# Created with the decision.


def test_the_committee_approves_with_conditions_from_the_desk_with_the_default_validity(
    client, people
):
    dossier = awaiting(people)
    client = signed_in(client, people.committee)
    form = client.get(reverse("desk:case", args=[dossier.pk])).content.decode()
    assert 'name="conditions-0-due_on"' in form
    assert 'name="valid_years" min="1" max="10" value="3"' in form
    client.post(
        reverse("desk:decide", args=[dossier.pk]),
        {
            "outcome": "approved",
            "rationale": "Meets the standard.",
            "conditions-0-text_ja": "評価ルーブリックを公開すること。",
            "conditions-0-text_en": "Publish the assessment rubric.",
            "conditions-0-due_on": in_days(90).isoformat(),
            "conditions-1-text_ja": "",
            "conditions-1-text_en": "",
            "conditions-1-due_on": "",
        },
    )
    dossier.refresh_from_db()
    decision = Decision.objects.get()
    assert dossier.state == S.ACCREDITED  # an approval with conditions is still an approval
    assert decision.valid_until == decision.valid_from.replace(year=decision.valid_from.year + 3)
    (condition,) = decision.conditions.all()
    assert (condition.text_en, condition.due_on, condition.state) == (
        "Publish the assessment rubric.",
        in_days(90),
        ConditionState.OPEN,
    )
    assert AuditEvent.objects.filter(action="condition.create", object_id=condition.pk).exists()


def test_the_default_validity_follows_the_setting(people, settings):
    settings.ACCREDITATION_VALIDITY_YEARS = 5
    decision = approve(people, awaiting(people), [])
    assert decision.valid_until.year - decision.valid_from.year == 5


@pytest.mark.parametrize(
    ("outcome", "row", "message"),
    [
        (
            DecisionOutcome.REJECTED,
            {"text_en": "Fix it.", "due_on": in_days(30)},
            "Conditions can only accompany an approval.",
        ),
        (
            DecisionOutcome.APPROVED,
            {"text_en": "Fix it.", "due_on": in_days(0)},
            "Condition 1: the due date must be in the future.",
        ),
        (
            DecisionOutcome.APPROVED,
            {"text_en": "Fix it.", "due_on": in_days(4 * 366)},
            "Condition 1: the due date must fall within the validity period.",
        ),
        (
            DecisionOutcome.APPROVED,
            {"text_en": "", "text_ja": "", "due_on": in_days(30)},
            "Condition 1: write what the provider must do.",
        ),
        (
            DecisionOutcome.APPROVED,
            {"text_en": "Fix it.", "due_on": "next spring"},
            "Condition 1: give a due date (YYYY-MM-DD).",
        ),
    ],
)
def test_bad_conditions_refuse_the_whole_decision(people, outcome, row, message):
    dossier = awaiting(people)
    with pytest.raises(DomainError) as refused:
        services.dossier_decide(
            actor=people.committee,
            dossier=dossier,
            outcome=outcome,
            rationale="Because.",
            conditions=[row],
        )
    assert str(refused.value.message) == message
    dossier.refresh_from_db()
    assert dossier.state == S.AWAITING_DECISION
    assert not Decision.objects.exists() and not DecisionCondition.objects.exists()


def test_a_condition_reads_in_the_readers_language_with_a_fallback(people):
    _dossier, (condition,) = approved_with(people)
    assert condition.text("ja") == "条件0"
    assert condition.text("en") == "Publish rubric 0"
    condition.text_en = ""
    assert condition.text("en") == "条件0"


# Evidence, sign-off, sending back.


def test_evidence_is_submitted_from_the_portal_and_signed_off_on_the_desk(client, people):
    dossier, (condition,) = approved_with(people)
    provider = signed_in(client, people.provider_a)
    page = provider.get(reverse("portal:detail", args=[dossier.pk])).content.decode()
    assert "Publish rubric 0" in page and 'name="file"' in page
    provider.post(
        reverse("portal:condition_evidence", args=[dossier.pk, condition.pk]),
        {"file": upload("rubric.pdf"), "note": "Published on our site."},
    )
    condition.refresh_from_db()
    assert condition.state == ConditionState.EVIDENCE_SUBMITTED
    assert (condition.evidence_name, condition.evidence_note) == (
        "rubric.pdf",
        "Published on our site.",
    )
    assert condition.evidence_content_type == "application/pdf"

    desk = signed_in(client, people.secretariat)
    case = desk.get(reverse("desk:case", args=[dossier.pk])).content.decode()
    assert (
        "rubric.pdf" in case
        and reverse("desk:condition_sign_off", args=[dossier.pk, condition.pk]) in case
    )
    desk.post(reverse("desk:condition_sign_off", args=[dossier.pk, condition.pk]))
    condition.refresh_from_db()
    assert condition.state == ConditionState.SIGNED_OFF
    assert condition.signed_off_by == people.secretariat and condition.signed_off_at


def test_evidence_of_a_refused_type_is_refused_and_nothing_is_stored(client, people, tmp_path):
    dossier, (condition,) = approved_with(people)
    response = signed_in(client, people.provider_a).post(
        reverse("portal:condition_evidence", args=[dossier.pk, condition.pk]),
        {"file": upload("rubric.pdf", b"<html><script>alert(1)</script></html>")},
        follow=True,
    )
    assert any("is not an accepted type of file" in m for m in messages_of(response))
    condition.refresh_from_db()
    assert condition.state == ConditionState.OPEN and not condition.evidence
    assert not any(tmp_path.rglob("*.pdf"))


def test_a_missing_file_is_refused(people):
    _dossier, (condition,) = approved_with(people)
    with pytest.raises(DomainError):
        condition_submit_evidence(actor=people.provider_a, condition=condition, upload=None)


def test_sent_back_evidence_is_uploaded_again_then_signed_off(client, people):
    dossier, (condition,) = approved_with(people)
    condition_submit_evidence(actor=people.provider_a, condition=condition, upload=upload())
    with pytest.raises(DomainError):
        condition_reject_evidence(actor=people.committee, condition=condition, reason=" ")
    desk = signed_in(client, people.committee)
    desk.post(
        reverse("desk:condition_reject", args=[dossier.pk, condition.pk]),
        {"reason": "The rubric is not public yet."},
    )
    condition.refresh_from_db()
    assert condition.state == ConditionState.OPEN
    assert condition.rejection_reason == "The rubric is not public yet."
    with pytest.raises(DomainError):  # nothing to sign off while it is open again
        condition_sign_off(actor=people.committee, condition=condition)

    provider = signed_in(client, people.provider_a)
    page = provider.get(reverse("portal:detail", args=[dossier.pk])).content.decode()
    assert "The rubric is not public yet." in page and 'name="file"' in page
    provider.post(
        reverse("portal:condition_evidence", args=[dossier.pk, condition.pk]),
        {"file": upload("rubric-v2.pdf")},
    )
    condition.refresh_from_db()
    assert (condition.state, condition.evidence_name) == (
        ConditionState.EVIDENCE_SUBMITTED,
        "rubric-v2.pdf",
    )
    with pytest.raises(DomainError):  # once submitted, not again until sent back
        condition_submit_evidence(actor=people.provider_a, condition=condition, upload=upload())
    condition_sign_off(actor=people.committee, condition=condition)
    actions = list(
        AuditEvent.objects.filter(object_id=condition.pk, action__startswith="condition.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "condition.create",
        "condition.submit_evidence",
        "condition.reject_evidence",
        "condition.submit_evidence",
        "condition.sign_off",
    ]


def test_conditions_are_not_followed_up_once_the_item_is_revoked(people):
    dossier, (condition,) = approved_with(people)
    services.dossier_revoke(actor=people.committee, dossier=dossier, note="Fraud.")
    with pytest.raises(DomainError) as refused:
        condition_submit_evidence(actor=people.provider_a, condition=condition, upload=upload())
    assert refused.value.code == "state"


# A refused step (workflow.CONDITIONS) changes nothing and says why.


def _as_stored(condition):
    condition = DecisionCondition.objects.get(pk=condition.pk)
    return (
        condition.state,
        condition.evidence.name,
        condition.rejection_reason,
        condition.signed_off_by_id,
        AuditEvent.objects.filter(object_id=condition.pk, action__startswith="condition.").count(),
    )


def _refused(call, condition):
    before = _as_stored(condition)
    with pytest.raises(DomainError) as refused:
        call()
    assert _as_stored(condition) == before
    return refused.value.code, str(refused.value)


def _not_possible(state):
    return str(workflow.CONDITIONS.not_possible) % {"state": state.label}


def test_a_condition_step_from_the_wrong_state_is_refused_and_stores_no_file(people, tmp_path):
    _dossier, (condition,) = approved_with(people)
    assert _refused(
        lambda: condition_sign_off(actor=people.committee, condition=condition), condition
    ) == ("state", _not_possible(ConditionState.OPEN))
    condition_submit_evidence(actor=people.provider_a, condition=condition, upload=upload())
    stored = sorted(tmp_path.rglob("*.pdf"))
    assert _refused(
        lambda: condition_submit_evidence(
            actor=people.provider_a, condition=condition, upload=upload()
        ),
        condition,
    ) == ("state", _not_possible(ConditionState.EVIDENCE_SUBMITTED))
    assert sorted(tmp_path.rglob("*.pdf")) == stored


def test_evidence_sent_back_without_a_reason_is_refused_with_the_tables_words(people):
    _dossier, (condition,) = approved_with(people)
    condition_submit_evidence(actor=people.provider_a, condition=condition, upload=upload())
    missing = str(workflow.CONDITIONS.step("reject_evidence").missing_note)
    assert _refused(
        lambda: condition_reject_evidence(actor=people.committee, condition=condition, reason=" "),
        condition,
    ) == ("invalid", missing)


def test_a_condition_step_without_its_permission_is_refused(people):
    _dossier, (condition,) = approved_with(people)
    forbidden = ("forbidden", str(translation.gettext("You are not allowed to do this.")))

    def submit():
        condition_submit_evidence(actor=people.outsider, condition=condition, upload=upload())

    def sign_off():
        condition_sign_off(actor=people.provider_a, condition=condition)

    def send_back():
        condition_reject_evidence(actor=people.provider_a, condition=condition, reason="No.")

    assert _refused(submit, condition) == forbidden
    condition_submit_evidence(actor=people.provider_a, condition=condition, upload=upload())
    assert _refused(sign_off, condition) == forbidden
    assert _refused(send_back, condition) == forbidden


# Permissions: missing and forbidden are both 404; providers never see staff names.


def test_another_provider_and_outsiders_get_404(client, people):
    dossier, (condition,) = approved_with(people)
    condition_submit_evidence(actor=people.provider_a, condition=condition, upload=upload())
    evidence = reverse("portal:condition_evidence", args=[dossier.pk, condition.pk])
    download = reverse("attachments:condition_evidence", args=[condition.pk])
    for user in (people.provider_b, people.outsider, people.reviewer.user):
        client = signed_in(client, user)
        assert client.post(evidence, {"file": upload()}).status_code == 404
        assert client.get(download).status_code == 404
    # The right condition under another dossier's URL is a 404 too.
    other, _conditions = approved_with(people, org=people.org_b, author=people.provider_b)
    client = signed_in(client, people.provider_b)
    wrong = reverse("portal:condition_evidence", args=[other.pk, condition.pk])
    assert client.post(wrong, {"file": upload()}).status_code == 404
    # Providers never reach the desk's sign-off.
    client = signed_in(client, people.provider_a)
    sign_off = reverse("desk:condition_sign_off", args=[dossier.pk, condition.pk])
    assert client.post(sign_off).status_code == 404
    condition.refresh_from_db()
    assert condition.state == ConditionState.EVIDENCE_SUBMITTED


def test_the_provider_downloads_its_evidence_as_an_attachment(client, people):
    _dossier, (condition,) = approved_with(people)
    condition_submit_evidence(actor=people.provider_a, condition=condition, upload=upload())
    response = signed_in(client, people.viewer_a).get(
        reverse("attachments:condition_evidence", args=[condition.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_a_viewer_member_cannot_submit_evidence(client, people):
    dossier, (condition,) = approved_with(people)
    client = signed_in(client, people.viewer_a)
    page = client.get(reverse("portal:detail", args=[dossier.pk])).content.decode()
    assert "Publish rubric 0" in page and 'name="file"' not in page
    response = client.post(
        reverse("portal:condition_evidence", args=[dossier.pk, condition.pk]),
        {"file": upload()},
        follow=True,
    )
    assert messages_of(response) == ["You are not allowed to do this."]
    condition.refresh_from_db()
    assert condition.state == ConditionState.OPEN


def test_the_provider_never_sees_who_signed_off(client, people):
    dossier, (condition,) = approved_with(people)
    people.committee.first_name, people.committee.last_name = "Hanako", "Kettei"
    people.committee.save()
    condition_submit_evidence(actor=people.provider_a, condition=condition, upload=upload())
    condition_sign_off(actor=people.committee, condition=condition)
    page = signed_in(client, people.provider_a).get(reverse("portal:detail", args=[dossier.pk]))
    html = page.content.decode()
    assert "Signed off" in html
    for secret in ("Hanako", "Kettei", people.committee.email):
        assert secret not in html
    desk = signed_in(client, people.secretariat).get(reverse("desk:case", args=[dossier.pk]))
    assert "Hanako Kettei" in desk.content.decode()  # staff see it


# Overdue conditions on the desk.


def test_overdue_conditions_are_shown_on_the_desk(client, people):
    dossier, (late, _on_time) = approved_with(people, n=2)
    DecisionCondition.objects.filter(pk=late.pk).update(due_on=in_days(-1))  # time has passed
    client = signed_in(client, people.secretariat)
    cases = client.get(reverse("desk:cases")).content.decode()
    assert "Overdue conditions" in cases and "Publish rubric 0" in cases
    assert "Publish rubric 1" not in cases  # not due yet
    assert "Condition overdue" in cases  # the marker on the case's row
    case = client.get(reverse("desk:case", args=[dossier.pk])).content.decode()
    assert "overdue" in case
    # Evidence in, it is no longer overdue (staff have it to sign off).
    late.refresh_from_db()
    condition_submit_evidence(actor=people.provider_a, condition=late, upload=upload())
    cases = client.get(reverse("desk:cases")).content.decode()
    assert "Overdue conditions" not in cases and "Condition overdue" not in cases


# Constant numbers of queries.


def test_the_pages_keep_a_constant_number_of_queries(client, people, django_assert_max_num_queries):
    def overdue(conditions):
        DecisionCondition.objects.filter(pk__in=[c.pk for c in conditions]).update(
            due_on=in_days(-1)
        )

    small, small_conditions = approved_with(people, n=1)
    overdue(small_conditions)
    desk = signed_in(client, people.secretariat)
    with django_assert_max_num_queries(40) as few_on_the_list:
        desk.get(reverse("desk:cases"))

    big, conditions = approved_with(people, n=10)
    overdue(conditions)
    for condition in conditions[:5]:
        condition.refresh_from_db()
        condition_submit_evidence(actor=people.provider_a, condition=condition, upload=upload())
    with django_assert_max_num_queries(len(few_on_the_list.captured_queries)):
        response = desk.get(reverse("desk:cases"))
    assert response.content.decode().count("Publish rubric") == 6  # 1 + 5 without evidence

    for user, name in [(people.provider_a, "portal:detail"), (people.secretariat, "desk:case")]:
        client = signed_in(client, user)
        with django_assert_max_num_queries(60) as few:
            client.get(reverse(name, args=[small.pk]))
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(reverse(name, args=[big.pk]))
        assert response.content.decode().count("Publish rubric") >= 10


@pytest.mark.parametrize(
    ("years", "language", "refusal"),
    [
        (-1, "en", "The validity period must be between 1 and 10 years."),
        (11, "ja", "有効期間は1年以上10年以下としてください。"),
    ],
)
def test_a_validity_outside_its_bounds_is_refused_and_decides_nothing(
    people, years, language, refusal
):
    dossier = awaiting(people)
    with translation.override(language), pytest.raises(DomainError) as refused:
        services.dossier_decide(
            actor=people.committee,
            dossier=dossier,
            outcome="approved",
            rationale="Meets the standard.",
            valid_years=years,
        )
    assert str(refused.value.message) == refusal
    assert Dossier.objects.get(pk=dossier.pk).state == S.AWAITING_DECISION
    assert not dossier.decisions.exists()


def test_the_longest_validity_is_given(people):
    decision = services.dossier_decide(
        actor=people.committee,
        dossier=awaiting(people),
        outcome="approved",
        rationale="Meets the standard.",
        valid_years=10,
    )
    assert decision.valid_until.year - decision.valid_from.year == 10
