"""Fixtures shared by every test, and the rules for tests that need outside services.

Tests marked `services` need PostgreSQL (DATABASE_URL) and Redis; tests marked `browser` need
Debian's Chromium. Without them those tests are skipped and listed at the end; with
REQUIRE_SERVICES=1 (CI) a missing service fails them instead, so nothing passes by skipping.
"""

import os
import shutil
import socket

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + Playwright

REQUIRED = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = "/usr/bin/chromium"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
_unavailable = {}


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


def pytest_runtest_setup(item):
    for marker, probe in (("services", _missing_services), ("browser", _missing_browser)):
        if item.get_closest_marker(marker) is None:
            continue
        reasons = probe()
        if not reasons:
            continue
        message = f"needs {marker}: " + "; ".join(reasons)
        if REQUIRED:
            pytest.fail(f"{message} (REQUIRE_SERVICES=1: a skip would hide it)")
        _unavailable.setdefault(marker, []).append(item.nodeid)
        pytest.skip(message)


def pytest_terminal_summary(terminalreporter):
    for marker, nodeids in _unavailable.items():
        terminalreporter.write_sep("=", f"SKIPPED {len(nodeids)} '{marker}' tests", yellow=True)
        reasons = _missing_services() if marker == "services" else _missing_browser()
        terminalreporter.write_line("Reason: " + "; ".join(reasons))
        terminalreporter.write_line("CI (.ci/run) provides them and requires these tests.")


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


@pytest.fixture
def people(db):
    """One user per role, with an organisation for the provider and a reviewer accredited
    for 'digital'."""
    from tests.factories import make_people

    return make_people()
