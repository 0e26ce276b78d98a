"""Least privilege: a reviewer sees a dossier version only once they have accepted its review.

Invitations used to grant `view_dossierversion` at once (so an invited reviewer could download
the attachments before declaring no conflict), and a decline or lapse took it back. Take it
back now from every reviewer whose assignment of that version was never accepted.
"""

from django.db import migrations

NEVER_ACCEPTED = ["invited", "declined", "lapsed"]


def withdraw(apps, schema_editor):
    Assignment = apps.get_model("reviewers", "Assignment")
    ContentType = apps.get_model("contenttypes", "ContentType")
    UserObjectPermission = apps.get_model("guardian", "UserObjectPermission")
    version_type = ContentType.objects.filter(app_label="accreditation", model="dossierversion")
    if not version_type.exists():
        return
    accepted = set(
        Assignment.objects.exclude(state__in=NEVER_ACCEPTED).values_list(
            "reviewer__user_id", "version_id"
        )
    )
    for user_id, version_id in Assignment.objects.filter(state__in=NEVER_ACCEPTED).values_list(
        "reviewer__user_id", "version_id"
    ):
        if (user_id, version_id) in accepted:
            continue  # another, accepted assignment of the same version
        UserObjectPermission.objects.filter(
            user_id=user_id,
            content_type=version_type.get(),
            object_pk=str(version_id),
            permission__codename="view_dossierversion",
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reviewers", "0005_invite"),
        ("guardian", "0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(withdraw, migrations.RunPython.noop)]
