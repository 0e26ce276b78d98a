"""Dossier attachments: accepted by content, refused with a reason, frozen with a version,
served only to whoever may see them."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accreditation import services
from accreditation.errors import DomainError
from accreditation.models import AuditEvent, DossierAttachment, DossierState
from accreditation.services.attachments import attachment_add, attachment_remove, clean_file_name
from demo.workflow import advance
from reviewers import services as reviewer_services
from tests.accreditation.factories import dossier as make_dossier

pytestmark = pytest.mark.django_db
S = DossierState
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


# Minimal real files, built here so the tests say exactly what is inside them.


def pdf_bytes():
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def png_bytes():
    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def zip_bytes(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            # A fixed date: the same entries give the same bytes, whenever they are written.
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


CONTENT_TYPES = (
    '<?xml version="1.0"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)


def docx_bytes():
    return zip_bytes(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "word/document.xml": '<?xml version="1.0"?><w:document xmlns:w="http://schemas.'
            'openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>',
        }
    )


def xlsx_bytes():
    """The main part comes late, as some producers write it: only the zip directory tells."""
    return zip_bytes(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "_rels/.rels": "<Relationships/>",
            "docProps/app.xml": "<Properties/>",
            "docProps/core.xml": "<coreProperties/>",
            "customXml/item1.xml": "<item/>",
            "xl/workbook.xml": "<workbook/>",
        }
    )


def pptx_bytes():
    return zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "ppt/presentation.xml": "<p/>"})


def word97_bytes():
    """An OLE2 compound file header with the Word 97 marker where file tools look for it."""
    return (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"\xec\xa5\xc1\x00").ljust(
        1024, b"\x00"
    )


def upload(name, data, content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path, monkeypatch):
    """Files go to a temporary folder: the setting, and the storage the field already holds."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    field = DossierAttachment._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=tmp_path, base_url=None))
    return tmp_path


def stored_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file())


@pytest.fixture
def draft(people):
    return make_dossier(people.org_a, author=people.provider_a)


def add(people, dossier, name="syllabus.pdf", data=None, kind="syllabus"):
    return attachment_add(
        actor=people.provider_a,
        dossier=dossier,
        kind=kind,
        upload=upload(name, pdf_bytes() if data is None else data),
    )


# Accepted files


@pytest.mark.parametrize(
    ("name", "data", "content_type", "suffix"),
    [
        ("Syllabus 2025.pdf", pdf_bytes, "application/pdf", ".pdf"),
        ("rubric.png", png_bytes, "image/png", ".png"),
        ("sample assessment.docx", docx_bytes, DOCX, ".docx"),
        ("grades.xlsx", xlsx_bytes, XLSX, ".xlsx"),
        ("slides.pptx", pptx_bytes, PPTX, ".pptx"),
        ("old syllabus.doc", word97_bytes, "application/msword", ".doc"),
        # The name does not matter either way: what the content is decides.
        ("syllabus", pdf_bytes, "application/pdf", ".pdf"),
        ("syllabus.pdf", docx_bytes, DOCX, ".docx"),
    ],
)
def test_accepted_files_are_stored_under_a_name_nobody_can_guess(
    people, draft, private_storage, name, data, content_type, suffix
):
    payload = data()  # once: a zip's header carries the time it was written
    attachment = add(people, draft, name=name, data=payload)

    attachment.refresh_from_db()
    assert attachment.original_name == name
    assert attachment.content_type == content_type
    assert attachment.size == len(payload)
    assert attachment.uploaded_by == people.provider_a
    assert attachment.removed_at is None
    stored = attachment.file.name
    assert stored.startswith(f"dossiers/{draft.pk}/")
    assert stored.endswith(suffix)
    assert len(stored.rsplit("/", 1)[1]) == 32 + len(suffix)  # a uuid4 hex, not the name
    assert stored_files(private_storage) == [private_storage / stored]
    assert (private_storage / stored).read_bytes() == payload
    event = AuditEvent.objects.get(action="attachment.add")
    assert (event.actor, event.dossier, event.subject) == (people.provider_a, draft, attachment)


# Refused files: a reason the provider can act on, and nothing stored


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("syllabus.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64),
        ("syllabus.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("syllabus.docx", zip_bytes({"readme.txt": "not an office document"})),
        ("syllabus.docx", zip_bytes({"word/document.xml": "<w/>"})),  # no [Content_Types].xml
        ("syllabus.pdf", b""),
    ],
    ids=["executable", "html", "plain-zip", "zip-without-content-types", "empty"],
)
def test_a_file_that_is_not_what_we_accept_is_refused_whatever_its_name(
    people, draft, private_storage, name, data
):
    with pytest.raises(DomainError) as refusal:
        add(people, draft, name=name, data=data)

    assert refusal.value.code == "type"
    assert name in str(refusal.value.message)
    if data:
        assert "not an accepted type of file" in str(refusal.value.message)
    assert not DossierAttachment.objects.exists()
    assert not AuditEvent.objects.filter(action="attachment.add").exists()
    assert stored_files(private_storage) == []


def test_a_file_over_the_size_limit_is_refused(people, draft, private_storage, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(DomainError) as refusal:
        add(people, draft, data=pdf_bytes().ljust(200, b"%"))

    assert refusal.value.code == "size"
    assert str(refusal.value.message) == (
        "“syllabus.pdf” is too large (200\xa0bytes): files may be up to 100\xa0bytes."
    )
    assert not DossierAttachment.objects.exists()
    assert stored_files(private_storage) == []


def test_an_unknown_kind_is_refused(people, draft, private_storage):
    with pytest.raises(DomainError, match="Choose what kind of document"):
        add(people, draft, kind="cv")
    assert not DossierAttachment.objects.exists()
    assert stored_files(private_storage) == []


def test_files_cannot_change_once_the_dossier_is_submitted(people, draft, private_storage):
    attachment = add(people, draft)
    services.dossier_submit(actor=people.provider_a, dossier=draft)

    with pytest.raises(DomainError) as refusal:
        add(people, draft, name="rubric.pdf")
    assert refusal.value.code == "state"
    assert str(refusal.value.message) == "Files cannot be changed while the dossier is “Submitted”."
    with pytest.raises(DomainError):
        attachment_remove(actor=people.provider_a, attachment=attachment)

    assert list(DossierAttachment.objects.values_list("pk", "removed_at")) == [
        (attachment.pk, None)
    ]
    assert len(stored_files(private_storage)) == 1


def test_a_viewer_member_cannot_upload(client, people, draft, private_storage):
    client.force_login(people.viewer_a)
    response = client.post(
        reverse("portal:attachment_add", args=[draft.pk]),
        {"kind": "syllabus", "file": upload("syllabus.pdf", pdf_bytes())},
        follow=True,
    )

    assert response.status_code == 200
    assert "You are not allowed to do this." in response.content.decode()
    assert not DossierAttachment.objects.exists()
    assert stored_files(private_storage) == []


def test_another_organisation_cannot_upload(client, people, draft, private_storage):
    client.force_login(people.provider_b)
    response = client.post(
        reverse("portal:attachment_add", args=[draft.pk]),
        {"kind": "syllabus", "file": upload("syllabus.pdf", pdf_bytes())},
    )
    assert response.status_code == 404
    assert stored_files(private_storage) == []


# Through the portal


def test_upload_then_remove_from_the_dossier_page(client, people, draft, private_storage):
    client.force_login(people.provider_a)
    page = reverse("portal:detail", args=[draft.pk])
    html = client.get(page).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert reverse("portal:attachment_add", args=[draft.pk]) in html

    response = client.post(
        reverse("portal:attachment_add", args=[draft.pk]),
        {"kind": "rubric", "file": upload("Rubric v2.pdf", pdf_bytes())},
        follow=True,
    )
    attachment = DossierAttachment.objects.get()
    assert response.redirect_chain == [(page, 302)]
    html = response.content.decode()
    assert "The file has been attached." in html
    assert "Rubric v2.pdf" in html
    assert "Assessment rubric" in html
    assert reverse("attachments:download", args=[attachment.pk]) in html

    response = client.post(
        reverse("portal:attachment_remove", args=[draft.pk, attachment.pk]), follow=True
    )
    html = response.content.decode()
    assert "The file has been removed from the dossier." in html
    assert "Rubric v2.pdf" not in html
    attachment.refresh_from_db()
    assert attachment.removed_at is not None
    assert len(stored_files(private_storage)) == 1  # kept: a version may reference it
    assert AuditEvent.objects.filter(action="attachment.remove", dossier=draft).count() == 1


def test_a_refused_upload_is_explained_on_the_page(client, people, draft, private_storage):
    client.force_login(people.provider_a)
    response = client.post(
        reverse("portal:attachment_add", args=[draft.pk]),
        {"kind": "syllabus", "file": upload("syllabus.pdf", b"<html></html>")},
        follow=True,
    )
    assert "“syllabus.pdf” is not an accepted type of file." in response.content.decode()
    assert not DossierAttachment.objects.exists()


def test_a_viewer_sees_the_files_but_no_upload_form(client, people, draft):
    attachment = add(people, draft)
    client.force_login(people.viewer_a)
    html = client.get(reverse("portal:detail", args=[draft.pk])).content.decode()
    assert reverse("attachments:download", args=[attachment.pk]) in html
    assert reverse("portal:attachment_add", args=[draft.pk]) not in html
    assert reverse("portal:attachment_remove", args=[draft.pk, attachment.pk]) not in html


def test_the_dossier_page_makes_as_many_queries_for_20_files_as_for_2(
    client, people, django_assert_max_num_queries
):
    small = make_dossier(people.org_a, author=people.provider_a)
    large = make_dossier(people.org_a, author=people.provider_a)
    for dossier, count in ((small, 2), (large, 20)):
        for n in range(count):
            add(people, dossier, name=f"file-{n}.pdf")
    client.force_login(people.provider_a)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as baseline:
        assert client.get(reverse("portal:detail", args=[small.pk])).status_code == 200
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = client.get(reverse("portal:detail", args=[large.pk]))
    assert response.content.decode().count(".pdf</a>") == 20


# Freezing with the submitted version


def test_submission_freezes_the_current_files_and_resubmission_the_new_ones(people, draft):
    kept = add(people, draft, name="syllabus.pdf")
    dropped = add(people, draft, name="old.pdf", kind="other")
    attachment_remove(actor=people.provider_a, attachment=dropped)

    dossier = advance(draft, S.REVISION_REQUESTED, people.cast())  # submits version 1
    first = dossier.versions.get()
    assert list(first.attachments.all()) == [kept]

    attachment_remove(actor=people.provider_a, attachment=kept)
    rubric = add(people, dossier, name="rubric.png", data=png_bytes(), kind="rubric")
    second = services.dossier_submit(actor=people.provider_a, dossier=dossier)

    assert second.number == 2
    assert list(second.attachments.all()) == [rubric]
    assert list(first.attachments.all()) == [kept]  # what v1 was submitted with stays
    assert kept.file.storage.exists(kept.file.name)


# Serving


@pytest.fixture
def in_review(people):
    """A dossier in review, assigned to `people.reviewer`: syllabus.pdf was submitted with it,
    draft-only.pdf was removed before submission."""
    dossier = make_dossier(people.org_a, author=people.provider_a)
    submitted = add(people, dossier, name="syllabus.pdf")
    removed = add(people, dossier, name="draft-only.pdf")
    attachment_remove(actor=people.provider_a, attachment=removed)
    dossier = advance(dossier, S.IN_REVIEW, people.cast())
    reviewer_services.assignment_invite(
        actor=people.secretariat, dossier=dossier, reviewer=people.reviewer
    )
    return dossier, submitted, removed


def download(client, attachment):
    return client.get(reverse("attachments:download", args=[attachment.pk]))


def test_a_member_downloads_with_safe_headers(client, people, draft):
    attachment = add(people, draft, name="Syllabus 2025.pdf")
    client.force_login(people.viewer_a)

    response = download(client, attachment)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Syllabus 2025.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_japanese_file_name_is_given_back_intact(client, people, draft):
    attachment = add(people, draft, name="シラバス.pdf")
    client.force_login(people.provider_a)
    response = download(client, attachment)
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E3%82%B7%E3%83%A9%E3%83%90%E3%82%B9.pdf"
    )


def test_another_organisation_and_outsiders_get_404(client, people, draft):
    attachment = add(people, draft)
    for user in (people.provider_b, people.outsider, people.second_reviewer.user):
        client.force_login(user)
        assert download(client, attachment).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, people, draft):
    attachment = add(people, draft)
    response = download(client, attachment)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_missing_attachment_is_404(client, people):
    client.force_login(people.secretariat)
    assert client.get(reverse("attachments:download", args=[999])).status_code == 404


def test_staff_download_any_file_and_see_the_versions_files(client, people, in_review):
    dossier, submitted, removed = in_review
    client.force_login(people.secretariat)
    assert download(client, submitted).status_code == 200
    assert download(client, removed).status_code == 200

    html = client.get(reverse("desk:case", args=[dossier.pk])).content.decode()
    assert reverse("attachments:download", args=[submitted.pk]) in html
    assert reverse("attachments:download", args=[removed.pk]) not in html
    assert "portal/dossiers" not in html  # read-only: no upload or remove forms
    client.force_login(people.committee)
    assert download(client, removed).status_code == 200


def accept(people):
    assignment = people.reviewer.assignments.get()
    reviewer_services.assignment_accept(
        actor=people.reviewer.user, assignment=assignment, no_conflict=True
    )
    return assignment


def test_an_invited_reviewer_gets_no_file_before_accepting(client, people, in_review):
    """Least privilege: the invitation shows its title, summary and deadlines; the dossier's
    files open with the acceptance and its no-conflict declaration."""
    _dossier, submitted, _removed = in_review
    client.force_login(people.reviewer.user)
    assert download(client, submitted).status_code == 404
    invitation = people.reviewer.assignments.get()
    html = client.get(reverse("review:assignment", args=[invitation.pk])).content.decode()
    assert reverse("attachments:download", args=[submitted.pk]) not in html
    assert "syllabus.pdf" not in html


def test_the_assigned_reviewer_gets_only_the_versions_files(client, people, in_review):
    _dossier, submitted, removed = in_review
    accept(people)
    client.force_login(people.reviewer.user)
    assert download(client, submitted).status_code == 200
    assert download(client, removed).status_code == 404

    client.force_login(people.second_reviewer.user)
    assert download(client, submitted).status_code == 404


def test_the_reviewer_sees_the_files_beside_the_dossier_once_accepted(client, people, in_review):
    _dossier, submitted, _removed = in_review
    assignment = accept(people)
    client.force_login(people.reviewer.user)

    html = client.get(reverse("review:assignment", args=[assignment.pk])).content.decode()

    assert reverse("attachments:download", args=[submitted.pk]) in html
    assert "draft-only.pdf" not in html
    assert "portal/dossiers" not in html


def test_a_reviewer_who_declined_never_had_the_files(client, people, in_review):
    _dossier, submitted, _removed = in_review
    assignment = people.reviewer.assignments.get()
    reviewer_services.assignment_decline(
        actor=people.reviewer.user, assignment=assignment, reason="Too busy."
    )
    client.force_login(people.reviewer.user)
    assert download(client, submitted).status_code == 404


@pytest.mark.parametrize(
    ("uploaded", "kept"),
    [
        ("C:\\Users\\me\\Syllabus.pdf", "Syllabus.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("line\nbreak\x00.pdf", "linebreak.pdf"),
        ("", "file"),
        ("a" * 300 + ".pdf", "a" * 251 + ".pdf"),
    ],
)
def test_the_shown_file_name_keeps_no_folder_nor_control_characters(uploaded, kept):
    assert clean_file_name(uploaded) == kept


# Served names and archive limits (issue 13: the name says what the file is)


def gif_html_polyglot():
    return b"GIF89a\x01\x00\x01\x00\x00\x00\x00;<html><script>alert(1)</script></html>"


@pytest.mark.parametrize(
    ("uploaded", "data", "served"),
    [
        ("notes.html", gif_html_polyglot, "notes.gif"),
        ("report.pdf.exe", pdf_bytes, "report.pdf"),
        ("syllabus\u202efdp.exe", pdf_bytes, "syllabusfdp.pdf"),
        ("Syllabus 2025.PDF", pdf_bytes, "Syllabus 2025.pdf"),
        ("rubric", png_bytes, "rubric.png"),
        (".hidden", pdf_bytes, ".hidden.pdf"),
    ],
)
def test_a_file_is_served_under_the_extension_of_what_it_is(
    client, people, draft, uploaded, data, served
):
    attachment = add(people, draft, name=uploaded, data=data())
    client.force_login(people.provider_a)
    response = download(client, attachment)
    assert response["Content-Disposition"] == f'attachment; filename="{served}"'
    page = client.get(reverse("portal:detail", args=[draft.pk])).content.decode()
    assert f">{served}</a>" in page


def office_zip(parts, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_an_office_document_that_unpacks_beyond_the_limit_is_refused(people, draft, settings):
    settings.ATTACHMENT_MAX_UNPACKED_BYTES = 1024 * 1024
    bomb = office_zip({"word/document.xml": b"\0" * (2 * 1024 * 1024)})
    assert len(bomb) < 10_000  # two megabytes of zeros, a few kilobytes on the wire
    with pytest.raises(DomainError) as refused:
        add(people, draft, name="bomb.docx", data=bomb)
    assert "unpacks to more than 1.0\xa0MB" in str(refused.value.message)
    assert not draft.attachments.exists()


def test_an_office_document_with_too_many_parts_is_refused(people, draft, settings):
    settings.ATTACHMENT_MAX_ENTRIES = 10
    crowded = office_zip({f"word/part{n}.xml": b"<x/>" for n in range(20)})
    with pytest.raises(DomainError, match="too many parts"):
        add(people, draft, name="crowded.docx", data=crowded)


def test_an_ordinary_office_document_is_within_the_limits(people, draft):
    attachment = add(
        people, draft, name="plan.docx", data=office_zip({"word/document.xml": b"<w/>"})
    )
    assert attachment.content_type.endswith("wordprocessingml.document")
