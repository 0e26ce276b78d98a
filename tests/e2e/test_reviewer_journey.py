"""A reviewer's journey in a real browser: accept an invitation, score part of the dossier,
let the draft save itself, close the browser, come back in a new one to find every word
restored, complete the review and submit it; the review is then locked.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from accreditation.content import StandardField
from accreditation.models import DossierState
from demo.workflow import advance
from reviewers import services
from reviewers.models import AssignmentState
from tests.accreditation.factories import dossier as make_dossier
from tests.e2e.test_happy_path import TITLE_EN, expect_message, sign_in, sign_out

LEVEL_COMMENT = "Level 5 is claimed but the outcomes read like level 4."
NOTE = "Draft note for the secretariat."


def field_group(page: Page, number, label):
    return page.get_by_role("group", name=f"{number}. {label}", exact=True)


def score(page: Page, number, label, value):
    field_group(page, number, label).get_by_role("radio", name=re.compile(rf"^{value} —")).check()


def hide_page(page: Page):
    """What the browser does when the tab is closed or hidden: the form saves itself."""
    page.evaluate(
        """() => {
            Object.defineProperty(
                document, "visibilityState", {value: "hidden", configurable: true}
            );
            document.dispatchEvent(new Event("visibilitychange"));
        }"""
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_reviewer_loses_nothing_when_the_browser_closes(
    live_server, verified_people, new_browser_page
):
    people = verified_people
    base_url = live_server.url
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), DossierState.IN_REVIEW, people.cast()
    )
    assignment = services.assignment_invite(
        actor=people.secretariat, dossier=dossier, reviewer=people.reviewer
    )
    fields = list(StandardField.choices)

    # First browser: accept, score three fields, write a comment; the draft saves itself.
    page = new_browser_page()
    sign_in(page, base_url, people.reviewer.user)
    page.goto(f"{base_url}/review/")
    expect(page.get_by_role("heading", name="Your review assignments")).to_be_visible()
    page.get_by_role("link", name=TITLE_EN).click()
    page.get_by_label(re.compile("I have no conflict of interest with Org A")).check()
    page.get_by_role("button", name="Accept and review").click()
    expect_message(page, "Thank you. The dossier and the scoring form are open.")
    expect(page.get_by_role("heading", name="Your scores (rubric version 1)")).to_be_visible()
    # The descriptors of the review's rubric version explain each level.
    expect(page.get_by_text("No aim, target learners or need is stated.")).to_be_visible()

    score(page, 1, fields[0][1], 3)
    score(page, 2, fields[1][1], 2)
    score(page, 4, fields[3][1], 1)
    page.get_by_label("Comment (required below 2)").nth(3).fill(LEVEL_COMMENT)
    page.get_by_label(re.compile("^Confidential note to staff")).fill(NOTE)
    hide_page(page)
    expect(
        page.get_by_role("status").filter(has_text="Draft saved automatically at")
    ).to_be_visible()
    page.context.close()  # no "Save draft", no sign-out: the browser is simply closed

    # A new browser, a new session: the draft is there.
    page = new_browser_page()
    sign_in(page, base_url, people.reviewer.user)
    page.goto(f"{base_url}/review/assignments/{assignment.pk}/")
    expect(
        field_group(page, 1, fields[0][1]).get_by_role("radio", name=re.compile("^3 —"))
    ).to_be_checked()
    expect(
        field_group(page, 2, fields[1][1]).get_by_role("radio", name=re.compile("^2 —"))
    ).to_be_checked()
    expect(
        field_group(page, 4, fields[3][1]).get_by_role("radio", name=re.compile("^1 —"))
    ).to_be_checked()
    expect(page.get_by_label("Comment (required below 2)").nth(3)).to_have_value(LEVEL_COMMENT)
    expect(page.get_by_label(re.compile("^Confidential note to staff"))).to_have_value(NOTE)
    expect(field_group(page, 3, fields[2][1]).get_by_role("radio").first).not_to_be_checked()

    # Complete and submit.
    for number in (3, 5, 6):
        score(page, number, fields[number - 1][1], 2)
    page.get_by_role("radio", name="Revise and resubmit", exact=True).check()
    page.get_by_role("button", name="Submit review").click()
    expect_message(page, "Review submitted. Thank you.")
    expect(page.get_by_text(re.compile(r"^Submitted .*; locked\.$"))).to_be_visible()
    expect(page.get_by_role("button", name="Submit review")).to_have_count(0)
    expect(page.get_by_text(LEVEL_COMMENT)).to_be_visible()
    sign_out(page)

    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.SUBMITTED
    review = assignment.review
    assert review.is_locked and review.rubric.version == 1
    assert review.scores.get(criterion="level").comment == LEVEL_COMMENT
    assert sorted(review.scores.values_list("score", flat=True)) == [1, 2, 2, 2, 2, 3]
