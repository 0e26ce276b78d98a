"""Backups that restore (accreditation/backups.py): `backup_register` then `restore_register`
into an empty PostgreSQL database brings back the same dossiers, audit trail, signed records
and files, and says so only after counting them again."""

import io
import uuid

import psycopg
import pytest
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command
from django.db import connection

from accreditation import backups
from accreditation.models import AuditEvent, DossierAttachment, DossierState
from demo.workflow import advance
from registry_export.models import RegistryDocument
from tests.accreditation.factories import dossier as make_dossier
from tests.accreditation.test_attachments import add

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def private_root(settings, tmp_path_factory, monkeypatch):
    """Attachments in a folder of the test's own (as tests/accreditation/test_attachments.py)."""
    root = tmp_path_factory.mktemp("private")
    settings.PRIVATE_MEDIA_ROOT = root
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    field = DossierAttachment._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=root, base_url=None))
    return root


@pytest.fixture
def empty_database():
    """A new, empty PostgreSQL database beside the test's; dropped afterwards."""
    base = backups.database_url()
    name = f"restore_{uuid.uuid4().hex[:12]}"
    admin = base.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    yield base.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_into_an_empty_database_with_the_same_records_and_files(
    reference_data, people, private_root, empty_database, tmp_path_factory
):
    """`reference_data` first: a transactional test may follow another that flushed it."""
    dossier = make_dossier(people.org_a, author=people.provider_a)
    attachment = add(people, dossier, name="syllabus.pdf")
    advance(dossier, DossierState.ACCREDITED, people.cast())
    stored = private_root / attachment.file.name
    original = stored.read_bytes()
    expected = {
        "dossiers": 1,
        "attachments": DossierAttachment.objects.count(),
        "audit events": AuditEvent.objects.count(),
        "registry documents": RegistryDocument.objects.count(),
    }

    out = io.StringIO()
    call_command("backup_register", output=str(tmp_path_factory.mktemp("backups")), stdout=out)
    folder = out.getvalue().split("Backed up to ", 1)[1].strip()
    stored.unlink()  # the disk is lost too

    out = io.StringIO()
    call_command("restore_register", folder, database_url=empty_database, stdout=out)
    assert out.getvalue().startswith("Restored and checked: 1 dossiers")
    restored = backups.counts(empty_database)
    assert {label: restored[label] for label in expected} == expected
    assert restored["audit events"] > 5 and restored["decisions"] == 1
    assert stored.read_bytes() == original
    with psycopg.connect(empty_database) as db:
        (state,) = db.execute("SELECT state FROM accreditation_dossier").fetchone()
    assert state == "accredited"


def test_a_restore_refuses_a_database_that_is_not_empty(tmp_path, private_root):
    out = io.StringIO()
    call_command("backup_register", output=str(tmp_path), stdout=out)
    folder = out.getvalue().split("Backed up to ", 1)[1].strip()
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_register", folder, database_url=backups.database_url())
    assert connection.vendor == "postgresql"


def test_a_folder_that_is_not_a_backup_is_refused_clearly(tmp_path, private_root):
    with pytest.raises(CommandError, match=r"is not a backup: it has no readable manifest\.json"):
        call_command("restore_register", str(tmp_path), database_url=backups.database_url())
