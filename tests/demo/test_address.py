"""The demo stays at the address it was seeded for (demo/address.py and `make demo-address`)."""

import subprocess

import pytest
from django.core.management.base import CommandError

from accreditation.models import DossierState
from demo.address import check_seeded_for_this_address, seeded_issuer
from demo.workflow import advance
from tests.accreditation.factories import dossier as make_dossier
from tests.config import compose


@pytest.fixture
def signed_record(db, people, django_capture_on_commit_callbacks):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    with django_capture_on_commit_callbacks(execute=True):
        advance(dossier, DossierState.ACCREDITED, people.cast())
    return dossier


def test_a_database_with_nothing_signed_can_be_seeded_anywhere(db):
    assert seeded_issuer() is None
    check_seeded_for_this_address()


def test_seeding_at_the_address_the_records_name_goes_ahead(signed_record):
    assert seeded_issuer() == "did:web:testserver"
    check_seeded_for_this_address()


def test_seeding_at_another_address_is_refused_with_both_addresses(signed_record, settings):
    settings.SITE_URL = "http://127.0.0.1:8101"
    with pytest.raises(CommandError) as refused:
        check_seeded_for_this_address()
    assert "did:web:testserver" in str(refused.value)
    assert "SITE_URL=http://127.0.0.1:8101" in str(refused.value)


def make_demo_address(folder, site_url, **env):
    return subprocess.run(
        [
            "make",
            "-s",
            "-f",
            str(compose.ROOT / "Makefile"),
            "demo-address",
            f"SITE_URL={site_url}",
        ],
        cwd=folder,
        env={**compose.clean_environment(), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout


def sqlite_demo(folder, seeded_for):
    (folder / "var" / "dumps").mkdir(parents=True)
    (folder / "db.sqlite3").write_text("the old demo")
    (folder / "var" / "demo-site-url").write_text(seeded_for + "\n")


def test_make_keeps_a_demo_seeded_for_another_address_aside(tmp_path):
    sqlite_demo(tmp_path, "http://127.0.0.1:8000")
    said = make_demo_address(tmp_path, "http://127.0.0.1:8101")
    kept = tmp_path / "var" / "demo-127.0.0.1-8000.sqlite3"
    assert "seeded for http://127.0.0.1:8000" in said
    assert kept.read_text() == "the old demo"
    assert not (tmp_path / "db.sqlite3").exists()
    assert not (tmp_path / "var" / "dumps").exists()


def test_make_leaves_a_demo_at_its_own_address_or_on_another_database_alone(tmp_path):
    sqlite_demo(tmp_path, "http://127.0.0.1:8101")
    assert make_demo_address(tmp_path, "http://127.0.0.1:8101") == ""
    assert make_demo_address(tmp_path, "http://127.0.0.1:9", DATABASE_URL="postgres://x/y") == ""
    assert (tmp_path / "db.sqlite3").read_text() == "the old demo"
