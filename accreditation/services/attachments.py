"""Files a provider attaches to a dossier: add, remove, and freeze them with a submitted version.

A file is recognised by its content, never by its name: a page renamed `syllabus.pdf` is still a
page, and a browser that trusted the name could run it. Only documents a reviewer can open
without risk are accepted (PDF, Office documents, common images), up to ATTACHMENT_MAX_BYTES.
"""

import hashlib
import unicodedata
import zipfile
from pathlib import PurePath

import filetype
from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from accreditation.access import require_perm
from accreditation.errors import DomainError
from accreditation.models import AttachmentKind, AuditEvent, Dossier, DossierAttachment

from ._common import lock

#: What filetype recognises and we accept: its extension → (extension stored, MIME type).
ACCEPTED_SIGNATURES = {
    "pdf": ("pdf", "application/pdf"),
    "png": ("png", "image/png"),
    "apng": ("png", "image/png"),
    "jpg": ("jpg", "image/jpeg"),
    "gif": ("gif", "image/gif"),
    "webp": ("webp", "image/webp"),
    "doc": ("doc", "application/msword"),
    "xls": ("xls", "application/vnd.ms-excel"),
    "ppt": ("ppt", "application/vnd.ms-powerpoint"),
}
#: Office Open XML documents are zip containers; the folder of the main part names the kind.
OFFICE_OPEN_XML = {
    "word/": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xl/": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ppt/": ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
}
#: filetype's names for a zip container (it guesses Office formats from the first entries only).
ZIP_SIGNATURES = {"zip", "docx", "xlsx", "pptx"}
#: For the `accept` attribute of the upload field: a hint to the browser, not a check.
ACCEPT_EXTENSIONS = ".pdf,.docx,.xlsx,.pptx,.doc,.xls,.ppt,.png,.jpg,.jpeg,.gif,.webp"
SIGNATURE_BYTES = 8192


@transaction.atomic
def attachment_add(*, actor, dossier: Dossier, kind: str, upload) -> DossierAttachment:
    """Attach an uploaded file to the working copy of an editable dossier.

    Everything is checked before anything is written: a refused file leaves no trace.
    """
    dossier = lock(dossier)
    _require_editable(actor, dossier)
    if kind not in AttachmentKind.values:
        raise DomainError(_("Choose what kind of document this is."), code="invalid")
    if upload is None:
        raise DomainError(_("Choose a file to attach."), code="invalid")
    original_name = clean_file_name(upload.name)
    _require_size(upload, original_name)
    extension, content_type = detect_type(upload, original_name)
    attachment = DossierAttachment(
        dossier=dossier,
        kind=kind,
        original_name=original_name,
        content_type=content_type,
        size=upload.size,
        sha256=_sha256(upload),
        uploaded_by=actor,
    )
    attachment.file.save(f"upload.{extension}", upload, save=False)
    try:
        attachment.save()
        AuditEvent.record(
            action="attachment.add",
            actor=actor,
            subject=attachment,
            dossier=dossier,
            note=original_name,  # the file name reads the same in every language
        )
    except Exception:
        attachment.file.delete(save=False)  # never a stored file without its row
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, actor, attachment: DossierAttachment) -> DossierAttachment:
    """Take a file off the working copy. The file itself stays: a submitted version may
    reference it, and what was submitted must remain readable."""
    dossier = lock(attachment.dossier)
    _require_editable(actor, dossier)
    attachment = DossierAttachment.objects.select_for_update().get(pk=attachment.pk)
    if attachment.removed_at is not None:
        raise DomainError(_("This file has already been removed."), code="state")
    attachment.removed_at = timezone.now()
    attachment.save(update_fields=["removed_at"])
    AuditEvent.record(
        action="attachment.remove",
        actor=actor,
        subject=attachment,
        dossier=dossier,
        note=attachment.original_name,
    )
    return attachment


def freeze_attachments(version):
    """Link the working copy's current files to the version being submitted (called by
    dossier_submit, inside its transaction)."""
    current = DossierAttachment.objects.filter(dossier_id=version.dossier_id, removed_at=None)
    version.attachments.set(current)


def _require_editable(actor, dossier):
    require_perm(actor, "accreditation.change_dossier", dossier)
    if not dossier.is_editable():
        raise DomainError(
            _("Files cannot be changed while the dossier is “%(state)s”.")
            % {"state": dossier.get_state_display()},
            code="state",
        )


def clean_file_name(name):
    """The uploaded file's own name, without any folder, control characters or excess length;
    shown to people and given back on download, never used to store the file."""
    name = PurePath(str(name or "").replace("\\", "/")).name
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    if len(name) > 255:
        stem, dot, suffix = name.rpartition(".")
        name = f"{stem[: 254 - len(suffix)]}.{suffix}" if dot and len(suffix) < 11 else name[:255]
    return name or "file"


def _require_size(upload, name):
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise DomainError(
            _("“%(name)s” is too large (%(size)s): files may be up to %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="size",
        )
    if upload.size == 0:
        raise DomainError(_("“%(name)s” is empty.") % {"name": name}, code="type")


def served_name(original_name, extension):
    """The name a download is given: the uploaded name's stem (already without folders and
    control or bidi characters, clean_file_name) and the extension of what the file really is.
    "notes.html" that is a GIF downloads as "notes.gif"; "report.pdf.exe" that is a PDF as
    "report.pdf"."""
    stem = original_name.rsplit(".", 1)[0] if "." in original_name[1:] else original_name
    suffix = f".{extension}"
    return stem if stem.lower().endswith(suffix) else f"{stem}{suffix}"


def detect_type(upload, name):
    """(extension, MIME type) of what the file really is, or a refusal naming the file."""
    upload.seek(0)
    head = upload.read(SIGNATURE_BYTES)
    upload.seek(0)
    guess = filetype.guess(head)
    detected = None
    if guess is not None and guess.extension in ZIP_SIGNATURES:
        detected = _office_open_xml(upload)
        if detected is not None:
            _require_modest_archive(upload, name)
    elif guess is not None:
        detected = ACCEPTED_SIGNATURES.get(guess.extension)
    upload.seek(0)
    if detected is None:
        raise DomainError(
            _(
                "“%(name)s” is not an accepted type of file. Attach a PDF, an Office document "
                "(Word, Excel, PowerPoint) or an image (PNG, JPEG, GIF, WebP)."
            )
            % {"name": name},
            code="type",
        )
    return detected


def _office_open_xml(upload):
    """A zip is accepted only as an Office document: it declares its parts in
    [Content_Types].xml and keeps the main one under word/, xl/ or ppt/. Only the directory
    is read, nothing is decompressed."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for folder, detected in OFFICE_OPEN_XML.items():
        if any(name.startswith(folder) for name in names):
            return detected
    return None


def _require_modest_archive(upload, name):
    """An Office document is a zip: refuse one that would unpack to more than
    ATTACHMENT_MAX_UNPACKED_BYTES or holds more than ATTACHMENT_MAX_ENTRIES parts (a "zip
    bomb" a reviewer's Office would choke on). The sizes its directory declares are checked,
    then the parts are unpacked, counting, up to the limit: a directory may lie."""
    limit, most = settings.ATTACHMENT_MAX_UNPACKED_BYTES, settings.ATTACHMENT_MAX_ENTRIES
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            declared = sum(entry.file_size for entry in entries)
            if (
                len(entries) > most
                or declared > limit
                or _unpacked(archive, entries, limit) > limit
            ):
                raise _too_big_unpacked(name, limit)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        raise DomainError(
            _("“%(name)s” cannot be opened as an Office document.") % {"name": name},
            code="type",
        ) from None
    finally:
        upload.seek(0)


def _unpacked(archive, entries, limit):
    """Bytes the parts really unpack to, read in chunks, stopping once past `limit`."""
    total = 0
    for entry in entries:
        with archive.open(entry) as part:
            while chunk := part.read(1024 * 1024):
                total += len(chunk)
                if total > limit:
                    return total
    return total


def _too_big_unpacked(name, limit):
    return DomainError(
        _(
            "“%(name)s” unpacks to more than %(limit)s, or holds too many parts: an Office "
            "document that large is refused. Split it, or attach it as a PDF."
        )
        % {"name": name, "limit": filesizeformat(limit)},
        code="size",
    )


def _sha256(upload):
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()
