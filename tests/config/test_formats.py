"""Dates and times in Asia/Tokyo, in one format per language (config/formats)."""

from datetime import UTC, date, datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from accreditation.models import ApiToken
from accreditation.services.tokens import api_token_create

#: 15:30 UTC on 1 December is 00:30 on 2 December in Tokyo: the date itself changes.
NEAR_MIDNIGHT = datetime(2026, 12, 1, 15, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "moment", "day"),
    [
        ("ja", "2026年12月2日 00:30", "2026年12月2日"),
        ("en", "2 December 2026, 00:30 JST", "2 December 2026"),
    ],
)
def test_each_language_writes_a_tokyo_moment_its_own_way(language, moment, day):
    with translation.override(language):
        assert date_format(timezone.localtime(NEAR_MIDNIGHT), "DATETIME_FORMAT") == moment
        assert date_format(date(2026, 12, 2)) == day


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "shown"),
    [("ja", "2026年12月2日 00:30"), ("en", "2 December 2026, 00:30 JST")],
)
def test_a_page_shows_a_utc_instant_near_midnight_on_the_tokyo_date(
    client, people, language, shown
):
    token, _key = api_token_create(actor=people.provider_a, organisation=people.org_a, name="LMS")
    ApiToken.objects.filter(pk=token.pk).update(created_at=NEAR_MIDNIGHT)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(people.provider_a)
    page = client.get(reverse("portal:tokens", args=[people.org_a.pk])).content.decode()
    assert shown in page
    assert "2026-12-01" not in page
    assert "15:30" not in page
