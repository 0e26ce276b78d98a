"""Backups that restore: the PostgreSQL database (pg_dump's custom format) and the files
(attachments, media) in one folder, with a manifest of what it holds.

`manage.py backup_register --output DIR` writes DIR/<UTC time>/ with database.dump, files.tar
and manifest.json (row counts of what matters: dossiers, versions, the audit trail, decisions,
reviews, signed registry records, attachments; and each file's SHA-256). `manage.py
restore_register FOLDER --database-url URL` brings it back into an *empty* database and the
configured file folders, then counts again and refuses to call it done if anything differs.
The accreditor's private key is not in it: it lives in the environment (ACCREDITOR_KEY) and is
backed up with the other secrets.
"""

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection

#: Tables whose row counts the manifest keeps and a restore must find again.
COUNTED = {
    "dossiers": "accreditation_dossier",
    "versions": "accreditation_dossierversion",
    "audit events": "accreditation_auditevent",
    "decisions": "accreditation_decision",
    "reviews": "reviewers_review",
    "registry documents": "registry_export_registrydocument",
    "attachments": "accreditation_dossierattachment",
}


class BackupError(Exception):
    pass


def database_url():
    """The PostgreSQL URL of the configured database, without its password (which the tools
    get from the environment, never on a command line others can read); a SQLite demo is one
    file to copy."""
    if connection.vendor != "postgresql":
        raise BackupError(
            "Backups need PostgreSQL (DATABASE_URL). A SQLite demo is its one file: copy it."
        )
    params = connection.get_connection_params()
    user, host = params.get("user", ""), params.get("host", "")
    port, name = params.get("port", "") or 5432, settings.DATABASES["default"]["NAME"]
    return f"postgresql://{user}@{host}:{port}/{name}"


def _password_environment():
    password = connection.get_connection_params().get("password")
    return {**os.environ, "PGPASSWORD": password} if password else None


def file_roots():
    """{name in the archive: folder} of the files a restore must bring back."""
    return {"private": Path(settings.PRIVATE_MEDIA_ROOT), "media": Path(settings.MEDIA_ROOT)}


def counts(url, password=None):
    """{label: rows} of the COUNTED tables in the database at `url`."""
    with psycopg.connect(url, **({"password": password} if password else {})) as db:
        return {
            label: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for label, table in COUNTED.items()
        }


def backup(output):
    """Write a backup folder under `output`; returns its path."""
    url = database_url()
    folder = Path(output) / datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    try:
        folder.mkdir(parents=True)
    except FileExistsError:
        raise BackupError(f"{folder} exists already: one backup a second at most.") from None
    _run(["pg_dump", "--format=custom", "--no-owner", f"--file={folder / 'database.dump'}", url])
    files = {}
    with tarfile.open(folder / "files.tar", "w") as archive:
        for name, root in file_roots().items():
            for path in sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []:
                member = f"{name}/{path.relative_to(root).as_posix()}"
                archive.add(path, arcname=member)
                files[member] = _sha256(path)
    password = connection.get_connection_params().get("password")
    manifest = {"made_at": folder.name, "counts": counts(url, password), "files": files}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return folder


def restore(folder, target_url):
    """Restore `folder` into the empty database at `target_url` and the configured file
    folders; returns the manifest. Raises BackupError when anything differs afterwards."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except (OSError, ValueError):
        raise BackupError(f"{folder} is not a backup: it has no readable manifest.json.") from None
    with psycopg.connect(target_url) as db:  # the target's password is in its URL, if any
        tables = db.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()[0]
    if tables:
        raise BackupError("The target database is not empty: restore into a new, empty one.")
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--exit-on-error",
            f"--dbname={target_url}",
            str(folder / "database.dump"),
        ]
    )
    roots = file_roots()
    with tarfile.open(folder / "files.tar") as archive:
        for member in archive.getmembers():
            name, _sep, relative = member.name.partition("/")
            root = roots.get(name)
            destination = (root / relative).resolve() if root else None
            if (
                not member.isfile()
                or destination is None
                or root.resolve() not in destination.parents
            ):
                raise BackupError(f"Unexpected entry in files.tar: {member.name}")
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, open(destination, "wb") as out:
                shutil.copyfileobj(source, out)
    problems = _differences(manifest, target_url, roots)
    if problems:
        raise BackupError("The restore differs from the backup: " + "; ".join(problems))
    return manifest


def _differences(manifest, url, roots):
    found = counts(url)
    problems = [
        f"{label}: {manifest['counts'][label]} backed up, {found[label]} restored"
        for label in COUNTED
        if found[label] != manifest["counts"][label]
    ]
    for member, digest in manifest["files"].items():
        name, _sep, relative = member.partition("/")
        path = roots[name] / relative
        if not path.is_file() or _sha256(path) != digest:
            problems.append(f"{member} is missing or changed")
    return problems


def _run(argv):
    result = subprocess.run(argv, capture_output=True, text=True, env=_password_environment())
    if result.returncode != 0:
        raise BackupError(f"{argv[0]} failed: {result.stderr.strip()}")


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()
