"""The one way emails are rendered: in the reader's language, subjects on one line."""

import pytest
from django.contrib.auth import get_user_model

from accreditation import mail
from accreditation.models import UserProfile
from tests.accreditation.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_people_without_a_choice_are_written_to_in_the_default_language():
    chose, never = UserFactory(), UserFactory()
    UserProfile.objects.create(user=chose, language="en")
    users = mail.with_email_language(get_user_model().objects.filter(pk__in=[chose.pk, never.pk]))
    assert dict(users.values_list("pk", "email_language")) == {chose.pk: "en", never.pk: "ja"}
    assert (mail.language_of(chose), mail.language_of(never)) == ("en", "ja")


def test_an_email_renders_in_the_given_language_with_a_one_line_subject():
    context = {"title": "データ", "organisation": "Org", "action": "x", "acted_by": "y"}
    context |= {"state": "s", "note": "", "when": None, "portal_url": "https://e.org/p"}
    subject_ja, body_ja = mail.render_email("email/dossier_event", context, "ja")
    subject_en, body_en = mail.render_email("email/dossier_event", context, "en")
    assert "\n" not in subject_ja and "\n" not in subject_en
    assert subject_ja != subject_en
    assert "https://e.org/p" in body_ja and "https://e.org/p" in body_en
