"""A new database, as `migrate` leaves it: the reference data, the rubric, the role groups and
the site are exactly what their loaders define, however the plan orders the migrations
(accreditation/migrations/0001_initial.py applies the third-party apps first, for speed)."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import GroupPagePermission, Page, Site

from accreditation.models import (
    CreditSystem,
    FieldOfStudy,
    JurisdictionProfile,
    LevelEquivalence,
    LevelFramework,
)
from accreditation.reference_data import (
    CREDIT_SYSTEMS,
    FIELDS_OF_STUDY,
    JURISDICTION_PROFILES,
    LEVEL_FRAMEWORKS,
)
from cms import editorial_content
from reviewers.models import Rubric

PROJECT_APPS = {"accreditation", "reviewers", "cms", "registry_export"}


def migrated_state():
    """Every row the migrations and their post_migrate handlers write, in a stable order."""
    tables = {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (
            FieldOfStudy,
            CreditSystem,
            LevelFramework,
            LevelEquivalence,
            JurisdictionProfile,
            Rubric,
        )
    }
    tables["Group"] = [
        (group.name, sorted(group.permissions.values_list("content_type__app_label", "codename")))
        for group in Group.objects.order_by("name")
    ]
    tables["Page"] = list(
        Page.objects.order_by("path").values_list(
            "path", "slug", "locale__language_code", "content_type__model", "title", "live"
        )
    )
    tables["Site"] = list(
        Site.objects.values_list("hostname", "port", "root_page__path", "is_default_site")
    )
    tables["GroupPagePermission"] = sorted(
        GroupPagePermission.objects.values_list("group__name", "page__path", "permission__codename")
    )
    return tables


@pytest.mark.django_db
def test_the_new_database_holds_exactly_what_the_loaders_define(request):
    # Given the test database, made by `migrate`.
    migrated = migrated_state()
    assert [row["code"] for row in migrated["FieldOfStudy"]] == [
        code for code, *_ in FIELDS_OF_STUDY
    ]
    assert [row["code"] for row in migrated["CreditSystem"]] == [
        code for code, *_ in CREDIT_SYSTEMS
    ]
    assert [row["code"] for row in migrated["LevelFramework"]] == [
        code for code, *_ in LEVEL_FRAMEWORKS
    ]
    assert sorted(row["code"] for row in migrated["JurisdictionProfile"]) == sorted(
        profile[0] for profile in JURISDICTION_PROFILES
    )
    assert len(migrated["LevelEquivalence"]) == sum(
        int((high - low) / step) + 1 for _, _, _, low, high, step in LEVEL_FRAMEWORKS
    )
    assert [row["version"] for row in migrated["Rubric"]] == [1]
    pages = {(slug, language) for _, slug, language, *_ in migrated["Page"]}
    assert {(page["slug"], "ja") for page in editorial_content.PAGES} <= pages
    assert {(page["slug"], "en") for page in editorial_content.PAGES} <= pages
    ((*_, default),) = migrated["Site"]
    assert default is True

    # When every loader runs again (each is idempotent).
    request.getfixturevalue("reference_data")

    # Then nothing changes: the migrations wrote exactly what the loaders define.
    assert migrated_state() == migrated


@pytest.mark.django_db
def test_a_new_database_applies_the_project_migrations_after_the_third_party_ones():
    """The order accreditation 0001's dependencies set, which keeps `migrate` fast: every
    third-party migration it names (and their ancestors) comes before the project's first."""
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    plan = [
        (migration.app_label, migration.name)
        for migration, _ in executor.migration_plan(graph.leaf_nodes(), clean_start=True)
    ]
    first_own = min(index for index, (app, _) in enumerate(plan) if app in PROJECT_APPS)
    named = graph.forwards_plan(("accreditation", "0001_initial"))[:-1]
    third_party = [key for key in named if key[0] not in PROJECT_APPS]
    assert {app for app, _ in third_party} >= {"wagtailcore", "wagtailimages", "taggit", "guardian"}
    assert all(plan.index(key) < first_own for key in third_party)
