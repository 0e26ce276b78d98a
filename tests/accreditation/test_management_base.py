"""Management commands speak one language: English, or Japanese with --language ja.

A command run from a shell starts in settings.LANGUAGE_CODE, Japanese; the tests enter that
language around call_command to run commands as `manage.py` does.
"""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from tests.accreditation.factories import complete_content

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    with translation.override("ja"):  # as from a shell: LANGUAGE_CODE is "ja"
        call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def one_bad_record(tmp_path):
    bad = complete_content()
    del bad["title"]["ja"]
    path = tmp_path / "dossiers.json"
    path.write_text(json.dumps([bad], ensure_ascii=False), encoding="utf-8")
    return path


def test_import_dossiers_reports_in_english_by_default(people, one_bad_record):
    err = io.StringIO()
    with pytest.raises(CommandError) as failed, translation.override("ja"):
        call_command("import_dossiers", str(one_bad_record), "--organisation=org-a", stderr=err)
    assert err.getvalue().splitlines() == ["record 0 /title/ja: This field is required."]
    assert str(failed.value) == "The file has 1 problem: nothing was imported."


def test_import_dossiers_reports_in_japanese_when_asked(people, one_bad_record):
    err = io.StringIO()
    with pytest.raises(CommandError) as failed, translation.override("en"):
        call_command(
            "import_dossiers",
            str(one_bad_record),
            "--organisation=org-a",
            "--language=ja",
            stderr=err,
        )
    assert err.getvalue().splitlines() == ["レコード 0 /title/ja: この項目は必須です。"]
    assert str(failed.value) == "ファイルに1件の問題があるため、何も取り込みませんでした。"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "No organisation has the slug “nowhere”."),
        ("ja", "スラッグ「nowhere」の提供機関はありません。"),
    ],
)
def test_a_command_error_is_in_the_commands_language(tmp_path, language, message):
    path = tmp_path / "empty.json"
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(CommandError) as failed:
        run("import_dossiers", str(path), "--organisation=nowhere", f"--language={language}")
    assert str(failed.value) == message


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("en", "1 record: the file can be imported."),
        ("ja", "1 件のレコード：このファイルは取り込めます。"),
    ],
)
def test_a_successful_check_is_in_the_commands_language(people, tmp_path, language, line):
    path = tmp_path / "ok.json"
    path.write_text(json.dumps([complete_content()], ensure_ascii=False), encoding="utf-8")
    out, _err = run(
        "import_dossiers", str(path), "--organisation=org-a", "--check", f"--language={language}"
    )
    assert out.splitlines() == [line]


@pytest.mark.parametrize(("language", "prefix"), [("en", "Current key: "), ("ja", "現在の鍵：")])
def test_rotate_accreditor_key_speaks_the_commands_language(language, prefix):
    out, _err = run("rotate_accreditor_key", f"--language={language}")
    assert out.startswith(f"{prefix}did:web:")


@pytest.mark.parametrize(
    ("language", "summary"),
    [("en", "Exported 0 documents to {dir}."), ("ja", "0 件の文書を {dir} に書き出しました。")],
)
def test_export_registry_speaks_the_commands_language(tmp_path, language, summary):
    out, _err = run("export_registry", "--output", str(tmp_path), f"--language={language}")
    assert out.splitlines()[-1] == summary.format(dir=tmp_path)


def test_the_demo_commands_are_english_only():
    with pytest.raises(CommandError, match="unrecognized arguments: --language"):
        call_command("demo_badges", "--language=ja")
