"""A revision request point by point: comments attached to fields, the provider's answers.

The secretariat (returning a dossier at intake) and the committee (requesting revisions) may
attach comments to fields of the version they return. The provider answers each one; the
dossier can only be resubmitted once every comment of the open request has an answer, and the
new version then closes the request (`answered_in`), so the next reader sees the answers beside
the changes.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accreditation.access import require_perm
from accreditation.content import FIELD_LABELS, field_label
from accreditation.errors import DomainError, require_text
from accreditation.models import AuditEvent, DossierState, RevisionComment

from ._common import lock

#: The fields a comment may be attached to: every field of the content (the provider's own
#: reference is not part of the content the reviewers judge).
COMMENTABLE_FIELDS = [pointer for pointer in FIELD_LABELS if pointer != "/provider_reference"]


def field_choices():
    """(pointer, label) pairs for the desk's field selector, in the dossier's reading order."""
    return [(pointer, field_label(pointer)) for pointer in COMMENTABLE_FIELDS]


def clean_comments(comments):
    """The comments as [(pointer, text)], or a DomainError naming every bad row.

    Rows left entirely empty (an unused row of the desk's form) are skipped.
    """
    cleaned, problems = [], []
    for number, row in enumerate(comments or [], start=1):
        pointer = (row.get("pointer") or "").strip()
        comment = (row.get("comment") or "").strip()
        if not pointer and not comment:
            continue
        if pointer not in COMMENTABLE_FIELDS:
            problems.append(
                _("Comment %(n)s: choose the field it is about.") % {"n": number}
                if not pointer
                else _("Comment %(n)s: “%(pointer)s” is not a field of the dossier.")
                % {"n": number, "pointer": pointer}
            )
        elif not comment:
            problems.append(
                _("Comment %(n)s (%(field)s): write the comment.")
                % {"n": number, "field": field_label(pointer)}
            )
        else:
            cleaned.append((pointer, comment))
    if problems:
        raise DomainError(
            _("Some comments on fields are not complete."), code="invalid", details=problems
        )
    return cleaned


def attach_comments(*, actor, dossier, version, comments):
    """Store the cleaned comments on `version`. Called by the return and decision services,
    inside their transaction, after the transition succeeded."""
    RevisionComment.objects.bulk_create(
        RevisionComment(
            dossier=dossier, version=version, pointer=pointer, comment=text, author=actor
        )
        for pointer, text in comments
    )


def open_comments(dossier):
    """The comments of the revision request in progress: not yet closed by a resubmission."""
    return RevisionComment.objects.filter(dossier=dossier, answered_in__isnull=True)


def require_all_answered(dossier):
    """Refuse the resubmission, listing them, while a comment has no answer."""
    unanswered = [comment for comment in open_comments(dossier) if not comment.is_answered]
    if unanswered:
        raise DomainError(
            _("Answer every comment of the revision request before resubmitting."),
            code="unanswered",
            details=[
                f"{field_label(comment.pointer)}: {comment.comment}" for comment in unanswered
            ],
        )


def close_request(dossier, version):
    """The new version answers the open request."""
    open_comments(dossier).update(answered_in=version)


@transaction.atomic
def revision_comment_answer(*, actor, comment: RevisionComment, answer: str) -> RevisionComment:
    """The provider answers (or re-words the answer to) a comment of the open request."""
    dossier = lock(comment.dossier)
    require_perm(actor, "accreditation.change_dossier", dossier)
    comment = RevisionComment.objects.select_for_update().get(pk=comment.pk)
    if dossier.state != DossierState.REVISION_REQUESTED or comment.answered_in_id is not None:
        raise DomainError(
            _("Comments can only be answered while the dossier awaits your revision."),
            code="state",
        )
    answer = require_text(answer, _("Write an answer to the comment."))
    comment.answer = answer
    comment.answered_by = actor
    comment.answered_at = timezone.now()
    comment.save(update_fields=["answer", "answered_by", "answered_at"])
    AuditEvent.record(
        action="revision_comment.answer",
        actor=actor,
        subject=comment,
        dossier=dossier,
        note=comment.pointer,
    )
    return comment
