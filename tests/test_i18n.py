"""The whole UI in Japanese (the default) and English, with a working language switcher."""

import gettext
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

LOCALE = settings.BASE_DIR / "locale" / "ja" / "LC_MESSAGES"


def po_entries():
    """(msgid, msgstr) pairs of django.po, with plural forms' first string; header left out."""
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    entries = []
    for block in text.split("\n\n"):
        if "#, fuzzy" in block:
            entries.append(("FUZZY", ""))
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
        if msgid and msgstr:
            join = lambda lines: "".join(re.findall(r'"(.*)"', lines))  # noqa: E731
            entries.append((join(msgid.group(1)), join(msgstr.group(1))))
    return [(i, s) for i, s in entries if i]


def test_every_message_is_translated_and_compiled():
    entries = po_entries()
    assert len(entries) > 400
    untranslated = [msgid for msgid, msgstr in entries if not msgstr]
    assert untranslated == []
    with open(LOCALE / "django.mo", "rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    stale = [
        msgid for msgid, _msgstr in entries if msgid not in catalog and (msgid, 0) not in catalog
    ]
    assert stale == [], "django.mo is older than django.po: run make messages"


def test_an_appeal_is_called_igi_moshitate_in_every_message():
    """One word for one thing: 異議申立て, as the states and the audit trail say."""
    assert [msgid for msgid, msgstr in po_entries() if "不服" in msgstr] == []
    appeal_messages = [msgstr for msgid, msgstr in po_entries() if "appeal" in msgid.lower()]
    assert len(appeal_messages) > 15
    assert all("異議" in msgstr for msgstr in appeal_messages)


@pytest.mark.django_db
def test_a_new_visitor_gets_the_japanese_site(client):
    client.cookies.clear()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/ja/"
    page = client.get("/ja/catalogue/").content.decode()
    assert '<html lang="ja">' in page
    assert "認証済みマイクロクレデンシャル" in page
    with translation.override("ja"):
        assert translation.gettext("Catalogue") in page
        assert translation.gettext("Catalogue") != "Catalogue"


@pytest.mark.django_db
def test_the_language_switcher_keeps_the_page(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/ja/catalogue/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/catalogue/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"), [("ja", "提供機関ポータル"), ("en", "Provider portal")]
)
def test_the_portal_speaks_the_chosen_language(client, people, language, expected):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(people.provider_a)
    page = client.get(reverse("portal:list")).content.decode()
    assert f'<html lang="{language}">' in page
    assert expected in page


@pytest.mark.django_db
def test_system_notes_are_shown_in_the_readers_language(client, people):
    from accreditation.models import AuditEvent, DossierState
    from demo.workflow import advance
    from tests.accreditation.factories import dossier as make_dossier

    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), DossierState.EXPIRED, people.cast()
    )
    assert AuditEvent.objects.filter(dossier=dossier, action="dossier.expire").get().note == (
        "The validity period has ended."
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"
    client.force_login(people.provider_a)
    page = client.get(reverse("portal:detail", args=[dossier.pk])).content.decode()
    with translation.override("ja"):
        assert translation.gettext("The validity period has ended.") in page
    assert "The validity period has ended." not in page
