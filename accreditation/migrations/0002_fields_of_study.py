from django.db import migrations

from accreditation.reference_data import load_fields_of_study


def forwards(apps, schema_editor):
    load_fields_of_study(apps.get_model("accreditation", "FieldOfStudy"))


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
