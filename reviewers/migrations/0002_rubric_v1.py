from django.db import migrations

from reviewers.rubric_data import load_rubric_v1


def forwards(apps, schema_editor):
    load_rubric_v1(apps.get_model("reviewers", "Rubric"))


class Migration(migrations.Migration):
    dependencies = [("reviewers", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
