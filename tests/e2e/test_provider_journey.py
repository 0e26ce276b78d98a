"""A provider's journey in the browser: describe a course completely, watch the screening as
the draft autosaves, never lose what was typed, submit, answer the secretariat's comment on a
field, correct it and resubmit; the secretariat then sees what changed with the answer beside it.

The editor's rows grow with the page's buttons (no reload), autosave runs in the background
and refreshes the screening beside the form; a reload shows what autosave kept.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from accreditation.models import Dossier, DossierState

from .test_happy_path import expect_message, sign_in, sign_out, status_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE_EN = "Applied Machine Learning for Manufacturing"


def autosave(page: Page):
    """Run the page's autosave now instead of waiting for its timer, and wait for the answer."""
    with page.expect_response(re.compile(r"/autosave/$")):
        page.evaluate("document.querySelector('form.dossier-editor').dossierAutosave()")


def fill_identity_and_purpose(page: Page):
    page.get_by_label("Title (Japanese)").fill("製造業のための機械学習応用")
    page.get_by_label("Title (English)").fill(TITLE_EN)
    page.get_by_label("Summary (Japanese)").fill("工場データで予測モデルを作り、評価する。")
    page.get_by_label("Summary (English)").fill(
        "Build and evaluate predictive models on plant data."
    )
    page.get_by_label("Field of study").select_option("digital")
    page.get_by_label("ISCED-F code").fill("0613")
    page.get_by_label("Aim (Japanese)").fill("製造現場でAIを使える技術者を育てる。")
    page.get_by_label("Aim (English)").fill("Train engineers to apply AI on the shop floor.")
    page.get_by_label("Target learners (Japanese)").fill("製造業の技術者")
    page.get_by_label("Target learners (English)").fill("Manufacturing engineers")


def fill_the_rest(page: Page):
    page.get_by_label("Contact hours").fill("40")
    page.get_by_label("Self-study hours").fill("40")
    page.get_by_label("Assessment hours").fill("10")
    credits = page.locator("[data-rows=credits]")
    credits.get_by_label("Credit system").select_option("JP")
    credits.get_by_label(re.compile(r"^Credits")).fill("2")

    topics = page.locator("[data-rows=topics]")
    topics.get_by_label("Topic (Japanese)").nth(0).fill("回帰と分類")
    topics.get_by_label("Topic (English)").nth(0).fill("Regression and classification")
    topics.get_by_role("button", name="Add a topic").click()
    topics.get_by_label("Topic (Japanese)").nth(1).fill("異常検知")
    topics.get_by_label("Topic (English)").nth(1).fill("Anomaly detection")
    page.get_by_label("Delivery mode").select_option(label="Online")
    page.get_by_label("Level in the framework").fill("6")

    page.get_by_role("checkbox", name="Project", exact=True).check()
    page.get_by_role("checkbox", name="Examination", exact=True).check()
    page.get_by_label("Pass criteria (Japanese)").fill("課題と試験の合計で60%以上")
    page.get_by_label("Pass criteria (English)").fill("60% or more over project and exam")
    page.get_by_label("Supervision and identity verification").select_option(
        label="Supervised online with identity check"
    )
    outcomes = page.locator("[data-rows=outcomes]")
    outcomes.get_by_label("Outcome (Japanese)").nth(0).fill("予測モデルを構築できる")
    outcomes.get_by_label("Outcome (English)").nth(0).fill("Can build a predictive model")
    outcomes.get_by_role("button", name="Add an outcome").click()
    outcomes.get_by_label("Outcome (Japanese)").nth(1).fill("モデルの精度を評価できる")
    outcomes.get_by_label("Outcome (English)").nth(1).fill("Can evaluate a model's accuracy")
    outcomes.get_by_label("Type").nth(1).select_option("competence")

    page.get_by_label(re.compile(r"^Fee:?$")).fill("50000")


def test_a_provider_describes_a_course_completely_and_submits_it(
    verified_people, live_server, new_browser_page, artifacts_dir
):
    page = new_browser_page()
    sign_in(page, live_server.url, verified_people.provider_a)
    page.goto(f"{live_server.url}/portal/dossiers/new/")
    fill_identity_and_purpose(page)
    # The first save creates the draft; the form comes back with the screening beside it.
    page.get_by_role("button", name="Save draft").click()
    expect_message(page, "Draft saved.")
    page.get_by_role("link", name="Edit").click()

    fill_the_rest(page)
    autosave(page)
    screening = page.locator("#screening")
    expect(screening.get_by_text("Eligible", exact=True)).to_be_visible()
    expect(page.locator(".autosave-status")).to_contain_text("Saved automatically at")

    # A course of 1,500 hours is a degree: the screening says so as soon as autosave runs.
    page.get_by_label("Self-study hours").fill("1450")
    autosave(page)
    expect(screening.get_by_text("Not eligible yet")).to_be_visible()
    expect(screening.locator("[data-check=not_macro]")).to_have_class(re.compile(r"\bfail\b"))
    page.get_by_label("Self-study hours").fill("40")
    autosave(page)
    expect(screening.get_by_text("Eligible", exact=True)).to_be_visible()

    # Nothing typed is lost: a reload shows what autosave kept, rows included.
    page.reload()
    expect(page.get_by_label("Topic (English)").nth(1)).to_have_value("Anomaly detection")
    expect(page.get_by_label("Outcome (English)").nth(1)).to_have_value(
        "Can evaluate a model's accuracy"
    )
    page.screenshot(path=artifacts_dir / "provider-editor.png", full_page=True)

    page.get_by_role("button", name="Save draft").click()
    expect_message(page, "Draft saved.")
    page.get_by_role("button", name="Submit for accreditation").click()
    expect_message(page, "Submitted. The secretariat will screen your dossier.")
    expect(status_of(page)).to_have_text("Submitted")

    dossier = Dossier.objects.get(content__title__en=TITLE_EN)
    assert dossier.state == DossierState.SUBMITTED
    version = dossier.versions.get()
    assert version.content["learning_hours"] == {
        "contact": 40,
        "self_study": 40,
        "assessment": 10,
        "credits_claimed": [{"system": "JP", "value": 2}],
    }
    assert [o["type"] for o in version.content["learning_outcomes"]] == ["skill", "competence"]
    assert version.content["fee"] == {"amount": 50000, "currency": "JPY"}


def secretariat_returns_with_a_comment(page: Page, base_url, user, dossier):
    sign_in(page, base_url, user)
    page.goto(f"{base_url}/desk/cases/{dossier.pk}/")
    # Staff see the intake screening of the submitted version.
    expect(page.get_by_role("heading", name="Screening of version 1")).to_be_visible()
    expect(page.locator("#screening").get_by_text("Eligible", exact=True)).to_be_visible()
    page.get_by_label("What must the provider complete?").fill("Please make the pass mark precise.")
    page.get_by_text("Comments on fields").first.click()
    rows = page.locator("form").filter(has=page.get_by_role("button", name="Return to provider"))
    rows.get_by_label("Field").first.select_option("/assessment/pass_criteria")
    rows.get_by_label("Comment").first.fill("Which share of the marks comes from the exam?")
    page.get_by_role("button", name="Return to provider").click()
    expect(status_of(page)).to_have_text("Revision requested")
    sign_out(page)


def provider_answers_and_resubmits(page: Page, base_url, user, dossier):
    sign_in(page, base_url, user)
    page.goto(f"{base_url}/portal/dossiers/{dossier.pk}/")
    comments = page.locator(".revision-comments")
    expect(comments).to_contain_text("Which share of the marks comes from the exam?")
    # Resubmission waits for every answer.
    page.get_by_role("button", name="Resubmit").click()
    expect_message(page, "Answer every comment of the revision request before resubmitting.")
    comments.get_by_label("Your answer").fill("The exam counts for 40%, the project for 60%.")
    comments.get_by_role("button", name="Save the answer").click()
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Pass criteria (English)").fill("60% overall: project 60%, exam 40%")
    page.get_by_role("button", name="Save draft").click()
    expect_message(page, "Draft saved.")
    page.get_by_role("button", name="Resubmit").click()
    expect(status_of(page)).to_have_text("Submitted")
    sign_out(page)


def secretariat_sees_the_change_and_the_answer(page: Page, base_url, user, dossier):
    sign_in(page, base_url, user)
    page.goto(f"{base_url}/desk/cases/{dossier.pk}/")
    changes = page.locator(".version-diff")
    expect(
        changes.get_by_role("heading", name="Changes from version 1 to version 2")
    ).to_be_visible()
    expect(changes).to_contain_text("The exam counts for 40%, the project for 60%.")
    expect(changes.locator("ins")).to_contain_text(["60% overall: project 60%, exam 40%"])
    page.screenshot(path=ARTIFACTS_DIFF, full_page=True)


ARTIFACTS_DIFF = "test-artifacts/e2e/desk-version-diff.png"


def test_a_provider_answers_a_revision_request_and_resubmits(
    verified_people, live_server, new_browser_page
):
    from tests.accreditation.factories import dossier as make_dossier

    people = verified_people
    draft = make_dossier(people.org_a, author=people.provider_a)
    page = new_browser_page()
    sign_in(page, live_server.url, people.provider_a)
    page.goto(f"{live_server.url}/portal/dossiers/{draft.pk}/")
    page.get_by_role("button", name="Submit for accreditation").click()
    expect(status_of(page)).to_have_text("Submitted")
    sign_out(page)

    secretariat_returns_with_a_comment(page, live_server.url, people.secretariat, draft)
    provider_answers_and_resubmits(page, live_server.url, people.provider_a, draft)
    secretariat_sees_the_change_and_the_answer(page, live_server.url, people.secretariat, draft)

    draft.refresh_from_db()
    assert draft.state == DossierState.SUBMITTED
    comment = draft.revision_comments.get()
    assert comment.answered_in == draft.versions.get(number=2)
