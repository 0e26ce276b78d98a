from django.db import migrations

from accreditation.reference_data import (
    load_credit_systems,
    load_jurisdiction_profiles,
    load_level_frameworks,
)


def forwards(apps, schema_editor):
    load_credit_systems(apps.get_model("accreditation", "CreditSystem"))
    load_level_frameworks(apps.get_model("accreditation", "LevelFramework"))
    load_jurisdiction_profiles(apps.get_model("accreditation", "JurisdictionProfile"))


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0003_provider_side")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
