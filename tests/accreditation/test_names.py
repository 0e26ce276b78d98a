"""A person's name in the order its script reads, on pages and in emails, in both languages."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from accreditation.models import DossierState, UserProfile
from accreditation.names import display_name, full_name
from demo.workflow import advance
from reviewers import services as reviewer_services
from tests.accreditation.factories import UserFactory
from tests.accreditation.factories import dossier as make_dossier


@pytest.mark.parametrize(
    ("given", "family", "shown"),
    [
        ("一郎", "佐藤", "佐藤 一郎"),  # kanji: family name first, a space between
        ("さくら", "たなか", "たなか さくら"),  # kana
        ("ｻｸﾗ", "ﾀﾅｶ", "ﾀﾅｶ ｻｸﾗ"),  # half-width katakana
        ("小明", "王", "王 小明"),  # hanzi read the same way
        ("민수", "김", "김민수"),  # hangul: family first, no space
        ("Emma", "Walker", "Emma Walker"),  # Latin: given name first
        ("Sofia", "García", "Sofia García"),
        ("Ichiro", "Sato", "Ichiro Sato"),  # a Japanese person who writes in Latin letters
        ("一郎", "", "一郎"),
        ("", "佐藤", "佐藤"),
        ("  一郎 ", " 佐藤", "佐藤 一郎"),
        ("", "", ""),
    ],
)
def test_the_family_names_script_decides_the_order(given, family, shown):
    assert full_name(given, family) == shown


def test_an_api_tokens_user_reads_as_its_token_then_its_organisation():
    # tokens._token_user: first_name the token's name, last_name "(API <slug>)".
    assert full_name("一括登録", "(API toto-univ)") == "一括登録 (API toto-univ)"


@pytest.mark.django_db
def test_someone_without_a_name_is_shown_by_email_address():
    assert display_name(UserFactory(first_name="", last_name="", email="x@example.org")) == (
        "x@example.org"
    )
    assert display_name(None) == ""


@pytest.fixture
def sato(people):
    user = people.reviewer.user
    user.first_name, user.last_name = "一郎", "佐藤"
    user.save()
    return people.reviewer


@pytest.fixture
def reviewed_case(people, sato):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    return advance(dossier, DossierState.AWAITING_DECISION, people.cast())


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_desk_shows_a_japanese_reviewer_family_name_first(
    client, people, reviewed_case, language
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(people.secretariat)
    page = client.get(reverse("desk:case", args=[reviewed_case.pk])).content.decode()
    assert f'<html lang="{language}">' in page
    assert "佐藤 一郎" in page  # the reviews, the decision support, the timeline
    assert "一郎 佐藤" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_header_names_the_signed_in_person_family_name_first(client, sato, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(sato.user)
    page = client.get(reverse("review:queue")).content.decode()
    assert re.search(r'<span class="small">佐藤 一郎</span>', page)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "greeting"), [("ja", "佐藤 一郎 様"), ("en", "Dear 佐藤 一郎,")]
)
def test_the_invitation_email_greets_a_japanese_reviewer_family_name_first(
    people, sato, django_capture_on_commit_callbacks, language, greeting
):
    UserProfile.objects.create(user=sato.user, language=language)
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), DossierState.IN_REVIEW, people.cast()
    )
    with django_capture_on_commit_callbacks(execute=True):
        reviewer_services.assignment_invite(
            actor=people.secretariat, dossier=dossier, reviewer=sato
        )
    body = mail.outbox[-1].body
    assert body.splitlines()[0] == greeting
    assert "一郎 佐藤" not in body


@pytest.mark.django_db
def test_a_latin_name_keeps_given_name_first_in_a_japanese_email(
    people, django_capture_on_commit_callbacks
):
    reviewer = people.second_reviewer
    reviewer.user.first_name, reviewer.user.last_name = "Emma", "Walker"
    reviewer.user.save()
    UserProfile.objects.create(user=reviewer.user, language="ja")
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), DossierState.IN_REVIEW, people.cast()
    )
    with django_capture_on_commit_callbacks(execute=True):
        reviewer_services.assignment_invite(
            actor=people.secretariat, dossier=dossier, reviewer=reviewer
        )
    assert mail.outbox[-1].body.splitlines()[0] == "Emma Walker 様"
