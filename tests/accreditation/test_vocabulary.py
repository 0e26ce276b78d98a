"""The reference tables are the one source of their codes' names (accreditation.vocabulary)."""

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.template import Context, Template
from django.utils import translation

from accreditation import schema, vocabulary
from accreditation.diff import render_value
from accreditation.models import CreditSystem, FieldOfStudy, JurisdictionProfile, LevelFramework

pytestmark = pytest.mark.django_db


def format_codes():
    """The codes the interchange format allows, by reference table."""
    interchange = schema.schema()
    properties, definitions = interchange["properties"], interchange["$defs"]
    return {
        "framework": properties["level"]["properties"]["framework"]["enum"],
        "credit_system": definitions["credit_system"]["enum"],
        "jurisdiction": definitions["profile"]["enum"],
        "field_of_study": properties["field_of_study"]["enum"],
    }


@pytest.mark.parametrize("kind", sorted(vocabulary.TABLES))
def test_each_table_holds_exactly_the_codes_the_format_allows(kind):
    assert vocabulary.codes(kind) == set(format_codes()[kind])


def test_names_are_the_rows_in_the_language_asked():
    jeqf = LevelFramework.objects.get(code="JEQF")
    assert vocabulary.names("framework", "ja")["JEQF"] == jeqf.name_ja
    assert vocabulary.names("framework", "en")["JEQF"] == jeqf.name_en
    with translation.override("en"):
        assert (
            vocabulary.names("credit_system")["JP"] == CreditSystem.objects.get(code="JP").name_en
        )


def test_a_row_without_an_english_name_reads_in_japanese(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        JurisdictionProfile.objects.filter(code="EU").update(name_en="")
        profile = JurisdictionProfile.objects.get(code="EU")
        profile.save()
    assert vocabulary.names("jurisdiction", "en")["EU"] == profile.name_ja == "欧州連合"


def test_names_are_read_once_then_kept(django_assert_num_queries):
    with django_assert_num_queries(1):
        vocabulary.names("framework", "ja")
    with django_assert_num_queries(0):
        vocabulary.names("framework", "en")
        vocabulary.codes("framework")


def test_a_renamed_row_is_read_anew_once_the_change_is_committed(
    django_capture_on_commit_callbacks,
):
    vocabulary.names("credit_system", "en")
    system = CreditSystem.objects.get(code="ECTS")
    system.name_en = "European credit (ECTS)"
    with django_capture_on_commit_callbacks(execute=False) as pending:
        system.save()
    assert vocabulary.names("credit_system", "en")["ECTS"] == "ECTS credit"  # not committed
    for callback in pending:
        callback()
    assert vocabulary.names("credit_system", "en")["ECTS"] == "European credit (ECTS)"


def test_a_deleted_row_is_no_longer_named(django_capture_on_commit_callbacks):
    vocabulary.codes("field_of_study")
    with django_capture_on_commit_callbacks(execute=True):
        FieldOfStudy.objects.create(code="astronomy", name_ja="天文学", name_en="Astronomy")
    assert vocabulary.names("field_of_study", "en")["astronomy"] == "Astronomy"
    with django_capture_on_commit_callbacks(execute=True):
        FieldOfStudy.objects.get(code="astronomy").delete()
    assert "astronomy" not in vocabulary.codes("field_of_study")


def test_a_migration_forgets_every_kept_name():
    vocabulary.names("framework")
    LevelFramework.objects.filter(code="NSQF").update(name_en="NSQF (India)")  # no signal
    assert vocabulary.names("framework", "en")["NSQF"] == "India (NSQF)"
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert vocabulary.names("framework", "en")["NSQF"] == "NSQF (India)"


def test_the_pages_and_the_changes_name_a_code_as_its_table_does():
    template = Template(
        '{% load dossier_text %}{{ "JEQF"|label:"framework" }} / '
        '{{ codes|labels:"jurisdiction" }} / {% field_of_study_name "digital" %}'
    )
    with translation.override("en"):
        shown = template.render(Context({"codes": ["JP", "EU"]}))
        change = [
            render_value("EQF", "/level/framework"),
            render_value(["JP", "EU"], "/jurisdiction_profiles"),
            render_value("ECTS", "/learning_hours/credits_claimed/0/system"),
        ]
    digital = FieldOfStudy.objects.get(code="digital").name_en
    assert shown == f"Japan (JEQF) / Japan, European Union / {digital}"
    assert change == [
        "European Qualifications Framework (EQF)",
        "Japan, European Union",
        "ECTS credit",
    ]


def test_an_unknown_code_reads_as_itself():
    assert vocabulary.names("framework").get("XQF") is None
    template = Template('{% load dossier_text %}{{ "XQF"|label:"framework" }}')
    assert template.render(Context()) == "XQF"
