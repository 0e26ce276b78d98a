"""Bulk import: a JSON list of dossiers, all or nothing, every problem by index and pointer."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accreditation.errors import DomainError
from accreditation.models import AuditEvent, Dossier, DossierState
from accreditation.services.imports import import_dossiers
from demo.workflow import advance
from tests.accreditation.factories import complete_content, provider_member

pytestmark = pytest.mark.django_db
S = DossierState


def record(reference, **overrides):
    return {**complete_content(**overrides), "provider_reference": reference}


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_dossiers", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def write(tmp_path):
    def write(records):
        path = tmp_path / "dossiers.json"
        path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
        return path

    return write


def test_the_command_creates_drafts_for_the_organisation(people, write):
    path = write([record("A-1"), record("A-2"), complete_content()])
    out, _ = run(path, "--organisation", "org-a")
    assert "3 created, 0 updated" in out
    dossiers = Dossier.objects.filter(organisation=people.org_a)
    assert sorted(dossiers.values_list("provider_reference", flat=True)) == ["", "A-1", "A-2"]
    assert set(dossiers.values_list("state", flat=True)) == {S.DRAFT}
    assert "provider_reference" not in dossiers.get(provider_reference="A-1").content
    # The system acted; members of the organisation see and edit the drafts.
    assert AuditEvent.objects.get(action="dossier.create", object_id=dossiers[0].pk).actor is None
    assert people.provider_a.has_perm("accreditation.change_dossier", dossiers[0])


def test_one_bad_record_imports_nothing_and_every_problem_is_reported(people, write):
    second = record("A-2")
    del second["title"]["ja"]
    third = record("A-3", level={"framework": "JEQF", "value": "five"})
    path = write([record("A-1"), second, third, record("A-1")])
    with pytest.raises(CommandError) as failed:
        run(path, "--organisation", "org-a")
    assert "3 problems: nothing was imported" in str(failed.value)
    assert Dossier.objects.count() == 0


def test_problems_name_the_record_and_the_pointer_in_both_languages(people, write):
    second = record("A-2")
    del second["title"]["ja"]
    records = [record("A-1"), second, "not a dossier", record("A-1")]
    with pytest.raises(DomainError) as refused:
        import_dossiers(actor=None, organisation=people.org_a, records=records)
    problems = refused.value.data["problems"]
    assert [(p["index"], p["pointer"]) for p in problems] == [
        (1, "/title/ja"),
        (2, ""),
        (3, "/provider_reference"),
    ]
    assert problems[0]["message"]["en"] == "This field is required."
    assert problems[0]["message"]["ja"] != problems[0]["message"]["en"]
    assert problems[2]["message"]["en"] == "This reference is also used by record 0 of the file."
    assert Dossier.objects.count() == 0


def test_the_cli_prints_each_problem_with_index_and_pointer(people, write):
    bad = record("A-2")
    del bad["title"]["ja"]
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_dossiers",
            str(write([record("A-1"), bad])),
            "--organisation=org-a",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert err.getvalue().splitlines() == ["record 1 /title/ja: This field is required."]


def test_a_known_reference_updates_that_draft(people, write):
    run(write([record("A-1"), record("A-2")]), "--organisation", "org-a")
    changed = record("A-1", summary={"ja": "改訂した要約", "en": "A revised summary"})
    out, _ = run(write([changed, record("A-3")]), "--organisation", "org-a")
    assert "1 created, 1 updated" in out
    assert Dossier.objects.count() == 3
    updated = Dossier.objects.get(provider_reference="A-1")
    assert updated.content["summary"]["en"] == "A revised summary"
    assert AuditEvent.objects.filter(action="dossier.import", object_id=updated.pk).count() == 1


def test_a_reference_of_a_submitted_dossier_refuses_the_whole_file(people, write):
    run(write([record("A-1")]), "--organisation", "org-a")
    submitted = Dossier.objects.get(provider_reference="A-1")
    advance(submitted, S.SUBMITTED, people.cast())
    with pytest.raises(DomainError) as refused:
        import_dossiers(
            actor=None,
            organisation=people.org_a,
            records=[record("A-2"), record("A-1", summary={"ja": "別", "en": "Else"})],
        )
    [problem] = refused.value.data["problems"]
    assert (problem["index"], problem["pointer"]) == (1, "/provider_reference")
    assert problem["message"]["en"] == "This dossier cannot be edited while it is “Submitted”."
    assert not Dossier.objects.filter(provider_reference="A-2").exists()
    submitted.refresh_from_db()
    assert submitted.content["summary"]["en"] == "The basics of data analysis."


def test_references_are_per_organisation(people, write):
    run(write([record("SAME")]), "--organisation", "org-b")
    out, _ = run(write([record("SAME")]), "--organisation", "org-a")
    assert "1 created, 0 updated" in out
    assert Dossier.objects.filter(provider_reference="SAME").count() == 2


def test_the_actor_option_imports_as_a_member_and_refuses_others(people, write):
    editor = provider_member(people.org_a, email="editor@example.org")
    run(write([record("A-1")]), "--organisation", "org-a", "--actor", "editor@example.org")
    dossier = Dossier.objects.get()
    assert dossier.created_by == editor
    with pytest.raises(CommandError):
        run(write([record("A-2")]), "--organisation", "org-a", "--actor", "b@example.org")
    assert Dossier.objects.count() == 1


def test_the_check_option_imports_nothing(people, write):
    out, _ = run(write([record("A-1")]), "--organisation", "org-a", "--check")
    assert "can be imported" in out
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(
    "content, message",
    [("{not json", "is not valid JSON (line 1, column 2)"), ('{"title": {}}', "must hold a list")],
)
def test_a_file_that_is_not_a_list_of_dossiers_is_refused(people, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    err = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("import_dossiers", str(path), "--organisation=org-a", stderr=err)
    assert message in str(failed.value) + err.getvalue()


def test_an_unknown_organisation_is_refused(db, write):
    with pytest.raises(CommandError, match="slug"):
        run(write([]), "--organisation", "nowhere")
