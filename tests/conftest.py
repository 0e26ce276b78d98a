"""Fixtures shared by every test, and the rules for tests that need outside services.

Tests marked `services` need PostgreSQL (DATABASE_URL) and Redis; tests marked `browser` need
Debian's Chromium. Without them those tests are skipped and listed at the end; with
REQUIRE_SERVICES=1 (CI) a missing service fails them instead, so nothing passes by skipping.

`make test` runs the suite on every core with pytest-xdist (`-n 0` in PYTEST_ARGS for one
process). What each worker keeps to itself: its test database (pytest-django suffixes the name
with the worker id, `test_mc_…_gw0`; SQLite's is in memory), its temporary folder, and with it
every file the code writes (`scratch_files`). What they share: the test Redis db (15), where
every key a test makes is named after that test's own queue or node and removed by it, and no
test flushes the db; and Hypothesis' example database, whose writes are atomic.
"""

import os
import shutil
import socket

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + Playwright

REQUIRED = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = "/usr/bin/chromium"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
#: The user property a skipped service or browser test carries in its report, so the summary
#: finds it on the xdist controller too (the skip itself happens in a worker).
UNAVAILABLE = "unavailable"


def _port_open(host, port):
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _missing_services():
    reasons = []
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql")):
        reasons.append("DATABASE_URL is not a PostgreSQL URL")
    if not _port_open("127.0.0.1", 6379):
        reasons.append("Redis is not answering on 127.0.0.1:6379")
    return reasons


def _missing_browser():
    return [] if shutil.which(CHROMIUM) else [f"{CHROMIUM} is not installed"]


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction"))
    fixtures = getattr(item, "fixturenames", ())
    return transactional or "transactional_db" in fixtures or "live_server" in fixtures


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Transactional tests (browser, worker) last, whatever reordered the items before.

    They flush the database when they end, migration data included (reference tables, roles,
    the rubric, Wagtail's site), which the other tests rely on. pytest-django puts them last,
    but pytest's own grouping of tests by parametrized session fixtures (Playwright's browser)
    can move them back among the others.
    """
    items.sort(key=_is_transactional)


def _uses_database(item):
    fixtures = getattr(item, "fixturenames", ())
    return item.get_closest_marker("django_db") is not None or "db" in fixtures


_transactional_ran = []


def _check_order(item):
    """A database test after a transactional one in the same process would find the migration
    data flushed and fail for no reason of its own. Under xdist `--dist load` keeps each
    worker's tests in collection order, so this holds; `loadfile` or `loadscope` would break
    it, and this says so instead of a missing rubric or site."""
    if not _uses_database(item):
        return
    if _is_transactional(item):
        _transactional_ran.append(item.nodeid)
    elif _transactional_ran:
        pytest.fail(
            f"{item.nodeid} runs after the transactional test {_transactional_ran[0]}, which"
            " flushed the migration data: run transactional tests last (xdist: --dist load)",
            pytrace=False,
        )


def pytest_runtest_setup(item):
    _check_order(item)
    for marker, probe in (("services", _missing_services), ("browser", _missing_browser)):
        if item.get_closest_marker(marker) is None:
            continue
        reasons = probe()
        if not reasons:
            continue
        message = f"needs {marker}: " + "; ".join(reasons)
        if REQUIRED:
            pytest.fail(f"{message} (REQUIRE_SERVICES=1: a skip would hide it)")
        item.user_properties.append((UNAVAILABLE, marker))
        pytest.skip(message)


def unavailable_tests(reports):
    """{marker: [nodeid, …]} of the tests skipped for a missing service or browser."""
    found = {}
    for report in reports:
        for name, value in report.user_properties:
            if name == UNAVAILABLE:
                found.setdefault(value, []).append(report.nodeid)
    return found


def pytest_terminal_summary(terminalreporter):
    skipped = terminalreporter.stats.get("skipped", [])
    for marker, nodeids in unavailable_tests(skipped).items():
        terminalreporter.write_sep("=", f"SKIPPED {len(nodeids)} '{marker}' tests", yellow=True)
        for nodeid in sorted(nodeids):
            terminalreporter.write_line(nodeid)
        reasons = _missing_services() if marker == "services" else _missing_browser()
        terminalreporter.write_line("Reason: " + "; ".join(reasons))
        terminalreporter.write_line("CI (.ci/run) provides them and requires these tests.")


@pytest.fixture(scope="session", autouse=True)
def scratch_files(tmp_path_factory):
    """Every file the code writes goes to this process's temporary folder: uploads and
    attachments, the registry dumps. Never the repository's media/ and var/, which two xdist
    workers (or a demo running from the same checkout) would share."""
    from django.apps import apps
    from django.conf import settings
    from django.db.models import FileField
    from django.test import override_settings

    root = tmp_path_factory.mktemp("files")
    private = settings.STORAGES["private"]
    options = {**private["OPTIONS"], "location": str(root / "private")}
    storages = {**settings.STORAGES, "private": {**private, "OPTIONS": options}}
    with override_settings(
        MEDIA_ROOT=root / "media",
        PRIVATE_MEDIA_ROOT=root / "private",
        REGISTRY_DUMP_DIR=root / "dumps",
        STORAGES=storages,
    ):
        # A field given a storage callable keeps the storage it returned at import.
        fields = [
            field
            for model in apps.get_models()
            for field in model._meta.get_fields()
            if isinstance(field, FileField) and hasattr(field, "_storage_callable")
        ]
        imported = [(field, field.storage) for field in fields]
        for field in fields:
            field.storage = field._storage_callable()
        try:
            yield root
        finally:
            for field, storage in imported:
                field.storage = storage


@pytest.fixture(autouse=True)
def empty_cache():
    """The database rolls back between tests but the cache does not: a page rendered for one
    test must not be served to the next (cms.page_cache)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def accreditor_key_file(settings, tmp_path):
    """Each test signs with its own development key, created on first use in a temporary
    directory: never the repository's var/ key, never ACCREDITOR_KEY from the environment."""
    settings.ACCREDITOR_KEY = ""
    settings.ACCREDITOR_KEY_FILE = tmp_path / "var" / "accreditor_key"
    settings.ACCREDITOR_KEY_GENERATE = True
    return settings.ACCREDITOR_KEY_FILE


@pytest.fixture(autouse=True)
def english():
    """Tests read English messages; tests/test_i18n.py checks the Japanese side."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def client(client, settings):
    """Django's test client, in English where the URL does not say /ja/ or /en/."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def reference_data(db):
    """Reference data, roles and the site, as migrations leave them. Transactional tests
    flush the database between tests, so those that need this state request it again."""
    from accreditation.models import (
        CreditSystem,
        FieldOfStudy,
        JurisdictionProfile,
        LevelEquivalence,
        LevelFramework,
    )
    from accreditation.reference_data import (
        load_credit_systems,
        load_fields_of_study,
        load_jurisdiction_profiles,
        load_level_equivalences,
        load_level_frameworks,
    )
    from accreditation.roles import ensure_role_groups
    from cms.site import ensure_site
    from reviewers.models import Rubric
    from reviewers.rubric_data import load_rubric_v1

    load_fields_of_study(FieldOfStudy)
    load_credit_systems(CreditSystem)
    load_level_frameworks(LevelFramework)
    load_level_equivalences(LevelFramework, LevelEquivalence)
    load_jurisdiction_profiles(JurisdictionProfile)
    load_rubric_v1(Rubric)
    ensure_role_groups()
    ensure_site()


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo as `make demo` seeds it (publishing runs as on commit), seeded once for the
    module that asks: inside a transaction rolled back when the module ends, in which each test
    runs in its own savepoint, so what one test changes is undone before the next. Seeding is
    the slow part (about 15 s); once per module instead of once per test. Yields the demo
    accounts as `seed_demo --accounts-json` writes them."""
    import io
    import json

    from django.core.management import call_command
    from django.db import transaction
    from django.test import TestCase, override_settings

    folder = tmp_path_factory.mktemp("seeded")
    accounts_file = folder / "accounts.json"
    with (
        django_db_blocker.unblock(),
        override_settings(
            REGISTRY_DUMP_DIR=folder / "dumps",
            ACCREDITOR_KEY="",
            ACCREDITOR_KEY_FILE=folder / "var" / "accreditor_key",
            ACCREDITOR_KEY_GENERATE=True,
        ),
        transaction.atomic(),
    ):
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("seed_demo", stdout=io.StringIO(), accounts_json=str(accounts_file))
        yield json.loads(accounts_file.read_text())
        transaction.set_rollback(True)


@pytest.fixture
def admin_user(admin_user):
    """pytest-django's superuser, with the second factor an admin must have."""
    from tests.accreditation.factories import with_second_factor

    return with_second_factor(admin_user)


@pytest.fixture
def people(db):
    """One user per role, with an organisation for the provider and a reviewer accredited
    for 'digital'."""
    from tests.factories import make_people

    return make_people()
