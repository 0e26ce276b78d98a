"""Object permissions on organisations, dossiers and versions live in guardian's direct
tables (accreditation/models/permissions.py): lists filter on an integer key, and migration
0008 moved every existing grant there, losing none and leaving none behind."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from guardian.models import GroupObjectPermission, UserObjectPermission

from accreditation import selectors, services
from accreditation.models import (
    Dossier,
    DossierGroupObjectPermission,
    DossierVersion,
    OrganisationGroupObjectPermission,
    VersionGroupObjectPermission,
    VersionUserObjectPermission,
)
from tests.accreditation.factories import dossier as make_dossier

migration = importlib.import_module("accreditation.migrations.0008_move_object_permissions")

pytestmark = pytest.mark.django_db


def fresh(user):
    return type(user).objects.get(pk=user.pk)


def test_new_grants_go_to_the_direct_tables_and_nothing_to_the_generic_ones(people):
    dossier = make_dossier(people.org_a, author=people.provider_a)

    services.dossier_submit(actor=people.provider_a, dossier=dossier)  # grants on the version

    assert DossierGroupObjectPermission.objects.filter(content_object=dossier).count() == 3
    assert VersionGroupObjectPermission.objects.filter(content_object__dossier=dossier).exists()
    assert OrganisationGroupObjectPermission.objects.filter(content_object=people.org_a).exists()
    kinds = ContentType.objects.get_for_models(Dossier, DossierVersion).values()
    assert not GroupObjectPermission.objects.filter(content_type__in=kinds).exists()
    assert not UserObjectPermission.objects.filter(content_type__in=kinds).exists()


def test_the_providers_list_filters_on_the_integer_key_not_a_text_cast(people):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    make_dossier(people.org_b, author=people.provider_b)

    listed = selectors.provider_dossiers(fresh(people.provider_a))

    assert list(listed) == [dossier]
    sql = str(listed.query)
    assert "accreditation_dossiergroupobjectpermission" in sql
    assert "varchar" not in sql.lower() and "char)" not in sql.lower(), sql


def generic(model, holder, codename, object_pk):
    """A grant as guardian's generic tables held it before 0008."""
    table = UserObjectPermission if hasattr(holder, "username") else GroupObjectPermission
    field = "user" if table is UserObjectPermission else "group"
    row = table(
        **{field: holder},
        permission=Permission.objects.get(codename=codename),
        content_type=ContentType.objects.get_for_model(model),
        object_pk=str(object_pk),
    )
    table.objects.bulk_create([row])  # save() would look the object up: it may be gone


def test_the_migration_moves_every_grant_and_drops_those_of_deleted_objects(people):
    dossier = make_dossier(people.org_a, author=people.provider_a)
    services.dossier_submit(actor=people.provider_a, dossier=dossier)
    version = dossier.versions.get()
    for table in (DossierGroupObjectPermission, VersionGroupObjectPermission):
        table.objects.all().delete()  # start from the old layout: generic rows only
    group = people.org_a.members_group
    generic(Dossier, group, "view_dossier", dossier.pk)
    generic(DossierVersion, group, "view_dossierversion", version.pk)
    generic(DossierVersion, people.reviewer.user, "view_dossierversion", version.pk)
    generic(Dossier, group, "view_dossier", 999_999)  # its dossier was deleted
    assert not fresh(people.provider_a).has_perm("accreditation.view_dossier", dossier)

    migration.forwards(apps, None)

    assert fresh(people.provider_a).has_perm("accreditation.view_dossier", dossier)
    assert fresh(people.viewer_a).has_perm("accreditation.view_dossierversion", version)
    assert fresh(people.reviewer.user).has_perm("accreditation.view_dossierversion", version)
    assert list(selectors.provider_dossiers(fresh(people.viewer_a))) == [dossier]
    assert VersionUserObjectPermission.objects.get().user == people.reviewer.user
    kinds = ContentType.objects.get_for_models(Dossier, DossierVersion).values()
    assert not GroupObjectPermission.objects.filter(content_type__in=kinds).exists()
    assert not UserObjectPermission.objects.filter(content_type__in=kinds).exists()

    migration.backwards(apps, None)  # and back: the same grants, in the generic tables

    assert not VersionUserObjectPermission.objects.exists()
    assert sorted(
        GroupObjectPermission.objects.filter(content_type__in=kinds).values_list(
            "permission__codename", "object_pk"
        )
    ) == sorted([("view_dossier", str(dossier.pk)), ("view_dossierversion", str(version.pk))])
    assert UserObjectPermission.objects.filter(
        content_type__in=kinds, user=people.reviewer.user, object_pk=str(version.pk)
    ).exists()


@pytest.mark.services
def test_the_providers_list_reads_its_grants_by_index_among_thousands(people):
    """On PostgreSQL, with 3,000 dossiers of one provider among 6,000: the grants are read by
    index, and the rows looked at and put aside stay linear in the dossiers. (The generic
    table's `id::varchar IN …` plan put aside 543,664 rows for 1,009 dossiers.) The pages
    that list dossiers are checked alike in tests/test_query_plans.py."""
    from django.db import connection

    from accreditation.services.grants import grant_dossier_perms
    from tests import plans
    from tests.accreditation.factories import organisation

    assert connection.vendor == "postgresql"
    other = organisation(slug="org-c", name_en="Org C", name_ja="組織C")
    for org in (people.org_a, other):
        Dossier.objects.bulk_create(
            Dossier(organisation=org, provider_reference=f"{org.slug}-{n}") for n in range(3000)
        )
        grant_dossier_perms(Dossier.objects.filter(organisation=org), org)
    plans.analyze()
    listed = selectors.provider_dossiers(fresh(people.viewer_a))[:25]
    sql, params = listed.query.sql_with_params()
    explained = plans.Explained(sql, plans.explain(sql, params))

    grants = explained.scans(DossierGroupObjectPermission._meta.db_table)
    kinds = {n["Node Type"] for n in grants}
    assert grants and kinds <= {"Index Scan", "Index Only Scan"}, explained.plan
    put_aside = sum(plans.put_aside(n) for n in explained.nodes)
    assert put_aside <= Dossier.objects.count(), explained.plan
    assert len(list(listed)) == 25
