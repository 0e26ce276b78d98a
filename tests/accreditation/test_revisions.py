"""Revision requests point by point: comments on fields, the provider's answers, the
resubmission they gate, and the diff staff and reviewers read with the answers beside it."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accreditation import services
from accreditation.errors import DomainError
from accreditation.models import AuditEvent, Dossier, DossierState, RevisionComment
from accreditation.services.revisions import field_label, revision_comment_answer
from accreditation.templatetags.revision_tags import revision_comment_rows
from demo.workflow import advance
from reviewers import services as reviewer_services
from tests.accreditation.factories import dossier as make_dossier

pytestmark = pytest.mark.django_db
S = DossierState

HOURS = {"pointer": "/learning_hours", "comment": "Split the contact hours by week."}
CRITERIA = {"pointer": "/assessment/pass_criteria", "comment": "Say how the project is marked."}


def in_state(people, state):
    return advance(make_dossier(people.org_a, author=people.provider_a), state, people.cast())


def returned(people, comments=(HOURS, CRITERIA)):
    """A submitted dossier the secretariat returned with comments on fields."""
    dossier = in_state(people, S.SUBMITTED)
    services.dossier_return(
        actor=people.secretariat, dossier=dossier, note="Incomplete.", comments=list(comments)
    )
    dossier.refresh_from_db()
    return dossier


def revisions_requested(people, comments=(HOURS, CRITERIA)):
    """A reviewed dossier on which the committee requested revisions with comments."""
    dossier = in_state(people, S.AWAITING_DECISION)
    services.dossier_decide(
        actor=people.committee,
        dossier=dossier,
        outcome="revisions_requested",
        rationale="Outcomes must be specific.",
        comments=list(comments),
    )
    dossier.refresh_from_db()
    return dossier


def answer_all(people, dossier, answer="Done: see the new text."):
    for comment in RevisionComment.objects.filter(dossier=dossier, answered_in__isnull=True):
        revision_comment_answer(actor=people.provider_a, comment=comment, answer=answer)


def revise_and_resubmit(people, dossier):
    """The provider answers every comment, changes the pass criteria and resubmits."""
    answer_all(people, dossier)
    content = dossier.content
    content["assessment"]["pass_criteria"]["en"] = "70% or more, marked on the published rubric"
    services.dossier_update(actor=people.provider_a, dossier=dossier, content=content)
    return services.dossier_submit(actor=people.provider_a, dossier=dossier)


# Comments on return and on a revision request.


def test_the_secretariat_returns_a_dossier_with_comments_on_fields(people):
    dossier = returned(people)
    assert dossier.state == S.REVISION_REQUESTED
    comments = list(RevisionComment.objects.filter(dossier=dossier))
    assert [(c.pointer, c.comment, c.author, c.version.number) for c in comments] == [
        ("/learning_hours", HOURS["comment"], people.secretariat, 1),
        ("/assessment/pass_criteria", CRITERIA["comment"], people.secretariat, 1),
    ]
    assert not any(c.is_answered or c.answered_in_id for c in comments)


def test_the_committee_requests_revisions_with_comments_on_fields(people):
    dossier = revisions_requested(people, comments=[CRITERIA])
    comment = RevisionComment.objects.get(dossier=dossier)
    assert (comment.pointer, comment.author, comment.version.number) == (
        "/assessment/pass_criteria",
        people.committee,
        1,
    )


def test_comments_stay_optional(people):
    dossier = returned(people, comments=())
    assert dossier.state == S.REVISION_REQUESTED
    assert not RevisionComment.objects.exists()


@pytest.mark.parametrize(
    ("rows", "detail"),
    [
        ([{"pointer": "/nonsense", "comment": "?"}], "Comment 1: “/nonsense” is not a field"),
        ([HOURS, {"pointer": "/title", "comment": "  "}], "Comment 2 (Title): write the comment."),
        ([{"pointer": "", "comment": "Which field?"}], "Comment 1: choose the field"),
    ],
)
def test_a_bad_comment_refuses_the_return_and_changes_nothing(people, rows, detail):
    dossier = in_state(people, S.SUBMITTED)
    events = AuditEvent.objects.filter(dossier=dossier).count()
    with pytest.raises(DomainError) as refused:
        services.dossier_return(
            actor=people.secretariat, dossier=dossier, note="Incomplete.", comments=rows
        )
    assert refused.value.message == "Some comments on fields are not complete."
    assert any(line.startswith(detail) for line in refused.value.details), refused.value.details
    assert Dossier.objects.get(pk=dossier.pk).state == S.SUBMITTED
    assert not RevisionComment.objects.exists()
    assert AuditEvent.objects.filter(dossier=dossier).count() == events


def test_comments_only_go_with_a_revision_request(people):
    dossier = in_state(people, S.AWAITING_DECISION)
    with pytest.raises(DomainError, match="only accompany a request for revisions"):
        services.dossier_decide(
            actor=people.committee,
            dossier=dossier,
            outcome="approved",
            rationale="Fine.",
            comments=[HOURS],
        )
    assert Dossier.objects.get(pk=dossier.pk).state == S.AWAITING_DECISION
    assert not dossier.decisions.exists()


def test_the_desk_return_form_posts_its_rows_of_comments(client, people):
    dossier = in_state(people, S.SUBMITTED)
    client.force_login(people.secretariat)
    page = client.get(reverse("desk:case", args=[dossier.pk]))
    assert b'name="comments-0-pointer"' in page.content
    assert b'<option value="/assessment/pass_criteria">' in page.content
    client.post(
        reverse("desk:action", args=[dossier.pk, "return"]),
        {
            "note": "Incomplete.",
            "comments-TOTAL_FORMS": "3",
            "comments-INITIAL_FORMS": "0",
            "comments-0-pointer": "/learning_hours",
            "comments-0-comment": "Split the hours.",
            "comments-1-pointer": "",
            "comments-1-comment": "",
            "comments-2-pointer": "/title",
            "comments-2-comment": "Shorter, please.",
        },
    )
    assert list(
        RevisionComment.objects.filter(dossier=dossier).values_list("pointer", "comment")
    ) == [("/learning_hours", "Split the hours."), ("/title", "Shorter, please.")]


def test_the_desk_decision_form_posts_its_rows_of_comments(client, people):
    dossier = in_state(people, S.AWAITING_DECISION)
    client.force_login(people.committee)
    client.post(
        reverse("desk:decide", args=[dossier.pk]),
        {
            "outcome": "revisions_requested",
            "rationale": "Be specific.",
            "comments-TOTAL_FORMS": "1",
            "comments-INITIAL_FORMS": "0",
            "comments-0-pointer": "/learning_outcomes",
            "comments-0-comment": "Use observable verbs.",
        },
    )
    assert Dossier.objects.get(pk=dossier.pk).state == S.REVISION_REQUESTED
    comment = RevisionComment.objects.get(dossier=dossier)
    assert (comment.pointer, comment.author) == ("/learning_outcomes", people.committee)


# The provider's answers.


def test_a_provider_editor_answers_a_comment(people):
    dossier = returned(people)
    comment = RevisionComment.objects.filter(dossier=dossier).first()
    revision_comment_answer(actor=people.provider_a, comment=comment, answer="  Split by week. ")
    comment.refresh_from_db()
    assert (comment.answer, comment.answered_by) == ("Split by week.", people.provider_a)
    assert comment.answered_at is not None
    event = AuditEvent.objects.filter(dossier=dossier).last()
    assert (event.action, event.actor, event.note) == (
        "revision_comment.answer",
        people.provider_a,
        "/learning_hours",
    )


@pytest.mark.parametrize("who", ["viewer_a", "provider_b", "secretariat", "committee"])
def test_only_the_providers_editors_answer(people, who):
    dossier = returned(people)
    comment = RevisionComment.objects.filter(dossier=dossier).first()
    with pytest.raises(DomainError) as refused:
        revision_comment_answer(actor=getattr(people, who), comment=comment, answer="Mine.")
    assert refused.value.code == "forbidden"
    comment.refresh_from_db()
    assert comment.answer == ""


def test_an_empty_answer_is_refused(people):
    dossier = returned(people)
    comment = RevisionComment.objects.filter(dossier=dossier).first()
    with pytest.raises(DomainError, match="Write an answer"):
        revision_comment_answer(actor=people.provider_a, comment=comment, answer="   ")


def test_answers_are_closed_once_resubmitted(people):
    dossier = returned(people)
    revise_and_resubmit(people, dossier)
    comment = RevisionComment.objects.filter(dossier=dossier).first()
    with pytest.raises(DomainError) as refused:
        revision_comment_answer(actor=people.provider_a, comment=comment, answer="Changed mind.")
    assert refused.value.code == "state"
    comment.refresh_from_db()
    assert comment.answer == "Done: see the new text."


# Resubmission gated on the answers.


def test_resubmission_is_refused_while_a_comment_is_unanswered(people):
    dossier = returned(people)
    first = RevisionComment.objects.filter(dossier=dossier).first()
    revision_comment_answer(actor=people.provider_a, comment=first, answer="Split by week.")
    with pytest.raises(DomainError) as refused:
        services.dossier_submit(actor=people.provider_a, dossier=dossier)
    assert refused.value.code == "unanswered"
    assert refused.value.details == [f"Assessment: pass criteria: {CRITERIA['comment']}"]
    dossier.refresh_from_db()
    assert dossier.state == S.REVISION_REQUESTED
    assert dossier.versions.count() == 1


def test_resubmission_once_answered_closes_the_request_with_the_new_version(people):
    dossier = revisions_requested(people)
    version = revise_and_resubmit(people, dossier)
    dossier.refresh_from_db()
    assert (dossier.state, version.number) == (S.SUBMITTED, 2)
    assert set(RevisionComment.objects.values_list("answered_in", flat=True)) == {version.pk}


def test_a_later_request_is_answered_on_its_own(people):
    """Comments closed by version 2 do not count against the next request."""
    dossier = returned(people, comments=[HOURS])
    second = revise_and_resubmit(people, dossier)
    services.dossier_return(
        actor=people.secretariat, dossier=dossier, note="Again.", comments=[CRITERIA]
    )
    dossier.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        services.dossier_submit(actor=people.provider_a, dossier=dossier)
    assert refused.value.details == [f"Assessment: pass criteria: {CRITERIA['comment']}"]
    third = revise_and_resubmit(people, dossier)
    answered_in = dict(RevisionComment.objects.values_list("pointer", "answered_in"))
    assert answered_in == {"/learning_hours": second.pk, "/assessment/pass_criteria": third.pk}


# The provider's page.


def portal_page(client, user, dossier):
    client.force_login(user)
    return client.get(reverse("portal:detail", args=[dossier.pk]))


@pytest.mark.parametrize(
    ("make", "who"), [(returned, "secretariat"), (revisions_requested, "committee")]
)
def test_the_provider_sees_each_comment_by_its_field_never_its_author(client, people, make, who):
    author = getattr(people, who)
    author.first_name, author.last_name = "Kazuko", "Shinsaiin"
    author.save()
    dossier = make(people)
    html = portal_page(client, people.provider_a, dossier).content.decode()
    assert "Learning hours" in html and HOURS["comment"] in html
    assert "Assessment: pass criteria" in html and CRITERIA["comment"] in html
    assert f"From the {who}" in html
    for trace in (author.email, "Kazuko", "Shinsaiin"):
        assert trace not in html
    first = RevisionComment.objects.filter(dossier=dossier).first()
    assert reverse("portal:answer_comment", args=[dossier.pk, first.pk]) in html


def test_a_provider_viewer_reads_the_comments_without_answer_forms(client, people):
    dossier = returned(people)
    html = portal_page(client, people.viewer_a, dossier).content.decode()
    assert HOURS["comment"] in html
    assert 'name="answer"' not in html


def test_the_provider_answers_over_http(client, people):
    dossier = returned(people)
    comment = RevisionComment.objects.filter(dossier=dossier).first()
    client.force_login(people.provider_a)
    response = client.post(
        reverse("portal:answer_comment", args=[dossier.pk, comment.pk]),
        {"answer": "Split by week."},
        follow=True,
    )
    assert "Your answer has been saved." in [str(m) for m in response.context["messages"]]
    comment.refresh_from_db()
    assert comment.answer == "Split by week."
    assert "Split by week." in response.content.decode()


def test_answering_another_dossiers_comment_is_a_404(client, people):
    mine = returned(people)
    other = returned(people)
    comment = RevisionComment.objects.filter(dossier=other).first()
    client.force_login(people.provider_a)
    response = client.post(
        reverse("portal:answer_comment", args=[mine.pk, comment.pk]), {"answer": "Hm."}
    )
    assert response.status_code == 404
    client.force_login(people.provider_b)
    response = client.post(
        reverse("portal:answer_comment", args=[other.pk, comment.pk]), {"answer": "Hm."}
    )
    assert response.status_code == 404
    comment.refresh_from_db()
    assert comment.answer == ""


def test_the_provider_page_runs_a_constant_number_of_queries(
    client, people, django_assert_max_num_queries
):
    few = returned(people, comments=[HOURS])
    client.force_login(people.provider_a)
    with django_assert_max_num_queries(40) as small:
        client.get(reverse("portal:detail", args=[few.pk]))
    many = returned(people, comments=[HOURS, CRITERIA] * 6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("portal:detail", args=[many.pk]))
    assert response.content.decode().count('name="answer"') == 12


# The diff with the answers, for staff and reviewers.


def resubmitted_for_review(people):
    """Version 2, after a committee request with comments, back in review, with the first
    reviewer invited and accepted on it."""
    dossier = revisions_requested(people)
    revise_and_resubmit(people, dossier)
    services.dossier_accept_for_review(actor=people.secretariat, dossier=dossier)
    assignment = reviewer_services.assignment_invite(
        actor=people.secretariat, dossier=dossier, reviewer=people.reviewer
    )
    reviewer_services.assignment_accept(
        actor=people.reviewer.user, assignment=assignment, no_conflict=True
    )
    return dossier, assignment


def assert_shows_diff_with_answers(html):
    assert "Changes from version 1 to version 2" in html
    assert "Assessment: pass criteria" in html
    assert "/assessment/pass_criteria/en" in html
    assert "60% or more on the project" in html
    assert "70% or more, marked on the published rubric" in html
    assert CRITERIA["comment"] in html and HOURS["comment"] in html
    assert html.count("Done: see the new text.") == 2
    assert "Comment from the committee" in html
    assert "Unchanged in the new version." in html  # the learning hours were not changed


def test_staff_see_the_diff_with_the_answers(client, people):
    dossier, _assignment = resubmitted_for_review(people)
    client.force_login(people.secretariat)
    html = client.get(reverse("desk:case", args=[dossier.pk])).content.decode()
    assert_shows_diff_with_answers(html)


def test_the_reviewer_sees_the_diff_with_the_answers_but_not_who_asked(client, people):
    people.committee.first_name, people.committee.last_name = "Kazuko", "Shinsaiin"
    people.committee.save()
    _dossier, assignment = resubmitted_for_review(people)
    client.force_login(people.reviewer.user)
    html = client.get(reverse("review:assignment", args=[assignment.pk])).content.decode()
    assert_shows_diff_with_answers(html)
    for trace in (people.committee.email, "Kazuko", "Shinsaiin"):
        assert trace not in html


def test_the_japanese_diff_names_places_and_values_not_pointers_or_codes(client, people):
    dossier = revisions_requested(people)
    answer_all(people, dossier)
    content = dossier.content
    content["learning_outcomes"][0]["statement"]["ja"] = "データを正しく可視化できる"
    content["learning_outcomes"][0]["type"] = "competence"
    content["assessment"]["supervision"] = "supervised_onsite_id"
    services.dossier_update(actor=people.provider_a, dossier=dossier, content=content)
    services.dossier_submit(actor=people.provider_a, dossier=dossier)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"
    client.force_login(people.secretariat)
    html = client.get(reverse("desk:case", args=[dossier.pk])).content.decode()
    diff = html[html.index('class="card version-diff"') :]
    diff = diff[: diff.index("</section>")]
    rows = {
        pointer: " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for pointer, row in re.findall(r'<tr data-pointer="([^"]+)">(.*?)</tr>', diff, re.S)
    }
    assert rows == {
        "/learning_outcomes/0/statement/ja": (
            "学習成果 1・記述（日本語） 変更 データを可視化できる データを正しく可視化できる"
        ),
        "/learning_outcomes/0/type": "学習成果 1・種別 変更 スキル コンピテンス",
        "/assessment/supervision": (
            "アセスメント：監督と本人確認 変更 "
            "オンライン監督・本人確認あり 会場での監督・本人確認あり"
        ),
    }
    visible = re.sub(r"<[^>]+>", " ", diff)
    for raw in ("/learning_outcomes", "competence", "supervised_", "skill"):
        assert raw not in visible


def test_no_diff_is_shown_for_a_first_version(client, people):
    dossier = in_state(people, S.IN_REVIEW)
    client.force_login(people.secretariat)
    html = client.get(reverse("desk:case", args=[dossier.pk])).content.decode()
    assert "Changes from version" not in html


def test_the_diff_costs_a_constant_number_of_queries(client, people, django_assert_max_num_queries):
    small, _assignment = resubmitted_for_review(people)
    client.force_login(people.secretariat)
    with django_assert_max_num_queries(60) as few:
        client.get(reverse("desk:case", args=[small.pk]))
    # More comments and more changed fields on the second dossier.
    big = revisions_requested(people, comments=[HOURS, CRITERIA] * 5)
    content = big.content
    content["learning_outcomes"] = content["learning_outcomes"] * 4
    content["content"]["topics"].append({"ja": "機械学習", "en": "Machine learning"})
    services.dossier_update(actor=people.provider_a, dossier=big, content=content)
    revise_and_resubmit(people, big)
    services.dossier_accept_for_review(actor=people.secretariat, dossier=big)
    reviewer_services.assignment_invite(
        actor=people.secretariat, dossier=big, reviewer=people.reviewer
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("desk:case", args=[big.pk]))
    assert response.content.decode().count("Done: see the new text.") == 10


def test_the_desk_rows_of_comments_are_rendered_once_per_language():
    rows = {}
    for language in ("ja", "en"):
        with translation.override(language):
            rows[language] = revision_comment_rows()
            label = str(field_label("/assessment/pass_criteria"))
            assert f'<option value="/assessment/pass_criteria">{label}</option>' in rows[language]
            assert revision_comment_rows() is rows[language]  # stored, not rendered again
    assert rows["ja"] != rows["en"]
    assert 'name="comments-TOTAL_FORMS" value="3"' in rows["en"]
