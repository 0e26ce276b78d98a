"""Move every object permission on organisations, dossiers and versions from guardian's
generic tables to the direct ones (0007), so that no grant is lost and none is left behind.

A generic grant whose object no longer exists grants nothing and has no row to point to: it
is dropped. Reversible: the way back copies the grants into the generic tables.
"""

from django.db import migrations

#: (model, direct user table, direct group table)
MOVES = [
    ("ProviderOrganisation", "OrganisationUserObjectPermission", "OrganisationGroupObjectPermission"),
    ("Dossier", "DossierUserObjectPermission", "DossierGroupObjectPermission"),
    ("DossierVersion", "VersionUserObjectPermission", "VersionGroupObjectPermission"),
]
BATCH = 5000


def _content_type(apps, model_name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.filter(app_label="accreditation", model=model_name.lower()).first()


def forwards(apps, schema_editor):
    for model_name, user_table, group_table in MOVES:
        content_type = _content_type(apps, model_name)
        if content_type is None:  # a new database: no grant can exist yet
            continue
        existing = {
            str(pk) for pk in apps.get_model("accreditation", model_name).objects.values_list("pk", flat=True)
        }
        for generic_name, direct_name, holder in (
            ("UserObjectPermission", user_table, "user_id"),
            ("GroupObjectPermission", group_table, "group_id"),
        ):
            generic = apps.get_model("guardian", generic_name).objects.filter(
                content_type=content_type
            )
            direct = apps.get_model("accreditation", direct_name)
            rows = [
                direct(
                    **{holder: holder_id},
                    permission_id=permission_id,
                    content_object_id=int(object_pk),
                )
                for holder_id, permission_id, object_pk in generic.values_list(
                    holder, "permission_id", "object_pk"
                ).iterator()
                if object_pk in existing
            ]
            direct.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
            generic.delete()


def backwards(apps, schema_editor):
    for model_name, user_table, group_table in MOVES:
        content_type = _content_type(apps, model_name)
        if content_type is None:
            continue
        for generic_name, direct_name, holder in (
            ("UserObjectPermission", user_table, "user_id"),
            ("GroupObjectPermission", group_table, "group_id"),
        ):
            generic = apps.get_model("guardian", generic_name)
            direct = apps.get_model("accreditation", direct_name).objects.all()
            rows = [
                generic(
                    **{holder: holder_id},
                    permission_id=permission_id,
                    content_type=content_type,
                    object_pk=str(object_id),
                )
                for holder_id, permission_id, object_id in direct.values_list(
                    holder, "permission_id", "content_object_id"
                ).iterator()
            ]
            generic.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
            direct.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accreditation", "0007_direct_object_permissions"),
        # It withdraws version grants from the generic table: it must find them there.
        ("reviewers", "0006_invited_reviewers_see_no_version"),
        ("guardian", "0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
