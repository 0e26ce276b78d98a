"""Verifying a credential against the register: what /verify/ and its API answer.

An employer pastes or uploads a learner's Open Badges 3.0 badge (whose Achievement embeds our
endorsement) or the endorsement itself. We find our endorsement, check its Data Integrity
proof against our keys (current or retired), that it endorses the badge's achievement, and then
read the item's status on the register today: the signed record says what was decided, the
register says whether it still holds.

Every input, however broken, gets a `Result` with a stable reason code and a message in the
reader's language; nothing here raises.
"""

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openbadgeslib import baking
from openbadgeslib.ob3 import _canon_guard, _structure_screen
from pyld import jsonld as pyld_jsonld

from accreditation import content as dossier_content
from accreditation.models import DossierState
from accreditation.selectors import published_item

from . import dataintegrity, documents, jsonld, jwt_badges, keys
from .models import Endorsement

logger = logging.getLogger(__name__)

#: The largest credential we read: Open Badges verifiers hold Data Integrity documents to
#: 256 KiB (openbadgeslib's MAX_LDP_DOCUMENT_BYTES); a badge image may be larger.
MAX_DOCUMENT_BYTES = 256 * 1024
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
BADGE_TYPES = {"OpenBadgeCredential", "AchievementCredential"}
ENDORSEMENT_TYPE = "EndorsementCredential"
_JWT = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")


class Verdict:
    CERTIFIED = "certified"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    EXPIRED = "expired"
    NOT_VERIFIED = "not_verified"


class Reason:
    """Why a document was not verified: stable codes for API clients."""

    MALFORMED = "malformed"
    NOT_A_CREDENTIAL = "not_a_credential"
    NO_ENDORSEMENT = "no_endorsement_from_register"
    FOREIGN_ISSUER = "foreign_issuer"
    UNKNOWN_KEY = "unknown_key"
    TAMPERED = "tampered"
    BADGE_TAMPERED = "badge_tampered"
    SUBJECT_MISMATCH = "subject_mismatch"
    UNKNOWN_ITEM = "unknown_item"
    NOT_YET_VALID = "not_yet_valid"
    TOO_COMPLEX = "too_complex"


VERDICT_OF_STATE = {
    DossierState.ACCREDITED: Verdict.CERTIFIED,
    DossierState.SUSPENDED: Verdict.SUSPENDED,
    DossierState.REVOKED: Verdict.REVOKED,
    DossierState.EXPIRED: Verdict.EXPIRED,
}


@dataclass
class Check:
    code: str
    label: str
    #: True passed, False failed, None not checked (with the reason in `detail`).
    passed: bool | None
    detail: str = ""


@dataclass
class Result:
    verdict: str
    message: str
    reason: str = ""
    checks: list[Check] = field(default_factory=list)
    item: dict | None = None
    endorsement: dict | None = None
    badge: dict | None = None

    @property
    def verified(self):
        return self.verdict != Verdict.NOT_VERIFIED

    @property
    def signed_at(self):
        """When the register signed the endorsement (its proof's `created`), for the page to
        show in its reader's language and time zone; None when it cannot be read."""
        return _datetime(_field(self.endorsement, "signed"))

    def as_json(self):
        return {
            "verified": self.verified,
            "verdict": self.verdict,
            "reason": self.reason or None,
            "message": self.message,
            "checks": [
                {"check": c.code, "label": c.label, "passed": c.passed, "detail": c.detail}
                for c in self.checks
            ],
            "item": self.item,
            "endorsement": self.endorsement,
            "badge": self.badge,
        }


class _Stop(Exception):
    """Ends the checks early with a verdict of not verified."""

    def __init__(self, reason, message):
        super().__init__(message)
        self.reason = reason
        self.message = message


# Reading the input -----------------------------------------------------------------------


def read_upload(data: bytes):
    """The credential text carried by an uploaded file: JSON as is, or baked into a PNG or SVG
    badge image (Open Badges 3.0 §5.3). Raises _Stop with a precise reason."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise _Stop(Reason.MALFORMED, _("The file is larger than 5 MB."))
    try:
        if data.startswith(b"\x89PNG"):
            text = baking.extract_png(data, keyword=baking.ITXT_KEYWORD_OB3)
            carrier = _("PNG image")
        elif b"<svg" in data[:2048]:
            text = baking.extract_svg(data, element=baking.SVG_ELEMENT_OB3, text_fallback=True)
            carrier = _("SVG image")
        else:
            return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _Stop(
            Reason.MALFORMED, _("The file is neither UTF-8 JSON nor a PNG or SVG badge image.")
        ) from None
    except Exception as error:  # a damaged image: the libraries raise many kinds
        raise _Stop(Reason.MALFORMED, _("The badge image cannot be read: %s") % error) from None
    if not text:
        raise _Stop(
            Reason.NOT_A_CREDENTIAL,
            _("This %(carrier)s carries no Open Badges 3.0 credential.") % {"carrier": carrier},
        )
    return text


def too_large():
    """The answer to a credential over MAX_DOCUMENT_BYTES, wherever the size is found out."""
    return Result(
        Verdict.NOT_VERIFIED, _("The credential is larger than 256 KB."), Reason.MALFORMED
    )


def parse(text):
    """(credential, JwtBadge or None) from the pasted or uploaded text: a JSON object, or a
    compact JWT carrying one; _Stop saying what is wrong with it."""
    text = (text or "").strip()
    if not text:
        raise _Stop(Reason.MALFORMED, _("Paste a credential or choose a file."))
    if len(text.encode("utf-8")) > MAX_DOCUMENT_BYTES:
        raise _Stop(Reason.MALFORMED, too_large().message)
    if _JWT.match(text):
        try:
            jwt = jwt_badges.decode(text)
        except ValueError as error:
            raise _Stop(
                Reason.MALFORMED, _("This JWT cannot be read: %(error)s.") % {"error": error}
            ) from None
        return jwt.credential, jwt
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise _Stop(
            Reason.MALFORMED,
            _("This is not valid JSON (%(error)s).") % {"error": getattr(error, "msg", error)}
            + _position(error),
        ) from None
    if not isinstance(document, dict):
        raise _Stop(Reason.MALFORMED, _("A credential is a JSON object, not a list or a value."))
    return document, None


def _position(error):
    if isinstance(error, json.JSONDecodeError):
        return " " + _("Line %(line)s, column %(column)s.") % {
            "line": error.lineno,
            "column": error.colno,
        }
    return ""


def _within_work_limits(document):
    """Refuse, before any unbounded JSON-LD processing, a document that would cost too much.

    Verifying runs JSON-LD expansion and RDF canonicalisation on input nobody has signed yet,
    and both can be driven into exponential work by small documents (repeated scoped types,
    "poison" graphs of look-alike blank nodes). openbadgeslib, an Open Badges verifier, meters
    exactly that: its structure screen, then its work-bounded RDFC-1.0 over our offline loader.
    Its modules are private, so the pinned version (pyproject) is what this relies on; a test
    feeds both kinds of hostile document."""
    try:
        _structure_screen.screen(document, scale=2)
        _canon_guard.canonize(pyld_jsonld, document, jsonld.document_loader)
    except (_structure_screen.StructureLimitExceeded, _canon_guard.CanonicalizationWorkExceeded):
        raise _Stop(
            Reason.TOO_COMPLEX,
            _(
                "This document is too complex to verify safely; no Open Badges credential needs "
                "this structure."
            ),
        ) from None
    except Exception:  # anything else is reported precisely by the checks that follow
        return


# Finding our endorsement -----------------------------------------------------------------------


def _field(node, key):
    """node[key] when node is a JSON object, else None: hostile input has any shape."""
    return node.get(key) if isinstance(node, dict) else None


def _types(node):
    value = node.get("type") if isinstance(node, dict) else None
    values = value if isinstance(value, list) else [value]
    return {v for v in values if isinstance(v, str)}


def _as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _issuer_id(credential):
    issuer = credential.get("issuer")
    return issuer.get("id") if isinstance(issuer, dict) else issuer


def _badge_achievement(badge):
    subjects = _as_list(badge.get("credentialSubject"))
    for subject in subjects:
        if isinstance(subject, dict) and isinstance(subject.get("achievement"), dict):
            return subject["achievement"]
    return None


def _embedded_endorsements(badge):
    """Every endorsement a badge carries: on its achievement, on the credential and on the
    issuer profile (the places Open Badges 3.0 allows)."""
    holders = [_badge_achievement(badge), badge, badge.get("issuer")]
    found = []
    for holder in holders:
        if isinstance(holder, dict):
            found += [e for e in _as_list(holder.get("endorsement")) if isinstance(e, dict)]
    return found


def _is_ours(credential):
    return _issuer_id(credential) == keys.site_did()


# Checks ----------------------------------------------------------------------------------------


def _our_url_kwargs(url, view_name):
    """The URL's arguments when `url` is one of ours, served by `view_name`; else None."""
    if not isinstance(url, str) or not url.startswith(f"{settings.SITE_URL}/"):
        return None
    try:
        match = resolve(url.removeprefix(settings.SITE_URL))
    except Resolver404:
        return None
    return match.kwargs if match.view_name == view_name else None


def _achievement_credential_id(subject_id):
    """The credential id of one of our Achievement URLs (/registry/items/<id>/…), or None."""
    kwargs = _our_url_kwargs(subject_id, "registry:document")
    return kwargs["credential_id"] if kwargs else None


def _datetime(value):
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return moment if timezone.is_aware(moment) else None


def _day(moment):
    return date_format(timezone.localtime(moment), "DATE_FORMAT") if moment else ""


def _moment(moment):
    """An instant as people read it: in Asia/Tokyo, in the active language's format."""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _status_label(verdict):
    """The item's status on the register in words (its code is `item.status` in the API)."""
    labels = {
        Verdict.CERTIFIED: _("Certified"),
        Verdict.SUSPENDED: _("Suspended"),
        Verdict.REVOKED: _("Revoked"),
        Verdict.EXPIRED: _("Expired"),
    }
    return labels.get(verdict, _("Not on the register"))


def _proof_problem(reason):
    """Why a Data Integrity proof did not verify, in words (dataintegrity's reasons are
    stable English codes)."""
    problems = {
        dataintegrity.Reason.MALFORMED: _("the proof is incomplete or malformed"),
        dataintegrity.Reason.UNKNOWN_KEY: _("the signing key is not known"),
        dataintegrity.Reason.WRONG_CRYPTOSUITE: _("the proof is not an eddsa-rdfc-2022 proof"),
        dataintegrity.Reason.WRONG_PURPOSE: _("the proof is not made for assertions"),
        dataintegrity.Reason.CANONICALISATION_FAILED: _("the document cannot be processed offline"),
        dataintegrity.Reason.SIGNATURE_MISMATCH: _("the signature does not match the content"),
    }
    return problems.get(reason, reason)


#: Proof problems that say nothing about the content: the proof itself cannot be used.
_UNREADABLE_PROOF = {
    dataintegrity.Reason.MALFORMED,
    dataintegrity.Reason.WRONG_CRYPTOSUITE,
    dataintegrity.Reason.WRONG_PURPOSE,
}


def _verify_signature(endorsement, checks):
    outcome = dataintegrity.verify_proof(endorsement, keys.resolve_key)
    label = _("Signature of the register")
    if outcome:
        checks.append(
            Check("signature", label, True, _("Valid, key %s") % outcome.verification_method)
        )
        return
    checks.append(Check("signature", label, False, _proof_problem(outcome.reason)))
    if outcome.reason == dataintegrity.Reason.UNKNOWN_KEY:
        raise _Stop(
            Reason.UNKNOWN_KEY,
            _(
                "The endorsement names the register as issuer but was not signed with any of "
                "the register's keys (%(method)s)."
            )
            % {"method": outcome.verification_method or "-"},
        )
    if outcome.reason in _UNREADABLE_PROOF:
        raise _Stop(
            Reason.MALFORMED,
            _("The endorsement carries no usable eddsa-rdfc-2022 proof (%(detail)s).")
            % {"detail": _proof_problem(outcome.reason)},
        )
    raise _Stop(
        Reason.TAMPERED,
        _(
            "The endorsement's signature does not match its content: it was altered after "
            "the register signed it (%(reason)s)."
        )
        % {"reason": _proof_problem(outcome.reason)},
    )


def _badge_tampered():
    return _Stop(
        Reason.BADGE_TAMPERED,
        _(
            "The badge's own signature does not match its content: it was altered after "
            "its issuer signed it."
        ),
    )


def _check_jwt_signature(jwt, checks):
    label = _("Signature of the badge issuer")
    passed, kid = jwt_badges.verify_signature(jwt)
    if passed is None:
        detail = _("Not checked: the issuer's key (%(method)s) is not self-contained.")
        checks.append(Check("badge_signature", label, None, detail % {"method": kid}))
        return
    checks.append(Check("badge_signature", label, passed, _("JWT, key %s") % kid))
    if not passed:
        raise _badge_tampered()


def _check_badge_proof(badge, checks, jwt=None):
    """The badge's own proof, when it can be checked offline: a Data Integrity proof or a JWT
    by a did:key. A did:web issuer's key would have to be fetched from its site, which this
    service does not do; that check is then reported as not done."""
    if jwt is not None:
        return _check_jwt_signature(jwt, checks)
    label = _("Signature of the badge issuer")
    proof = badge.get("proof")
    method = proof.get("verificationMethod") if isinstance(proof, dict) else None
    if not isinstance(proof, dict):
        checks.append(Check("badge_signature", label, None, _("The badge carries no proof.")))
        return
    if not (isinstance(method, str) and method.startswith("did:key:")):
        checks.append(
            Check(
                "badge_signature",
                label,
                None,
                _("Not checked: the issuer's key (%(method)s) is not self-contained.")
                % {"method": method or "-"},
            )
        )
        return
    outcome = dataintegrity.verify_proof(badge, keys.public_key_from_did_key)
    if outcome:
        checks.append(Check("badge_signature", label, True, _("Valid, key %s") % method))
    elif outcome.reason == dataintegrity.Reason.CANONICALISATION_FAILED:
        checks.append(
            Check(
                "badge_signature",
                label,
                None,
                _("Not checked: the badge cannot be processed offline (%(detail)s).")
                % {"detail": _proof_problem(outcome.reason)},
            )
        )
    else:
        checks.append(Check("badge_signature", label, False, _proof_problem(outcome.reason)))
        raise _badge_tampered()


def _check_subject(badge, endorsement, checks):
    achievement = _badge_achievement(badge) or {}
    subject = _field(endorsement.get("credentialSubject"), "id")
    label = _("Endorsement is about this badge's achievement")
    if achievement.get("id") == subject:
        checks.append(Check("subject", label, True, subject))
        return
    checks.append(Check("subject", label, False, f"{achievement.get('id')} ≠ {subject}"))
    raise _Stop(
        Reason.SUBJECT_MISMATCH,
        _(
            "The endorsement is genuine but endorses another achievement (%(subject)s) than "
            "the one this badge names (%(achievement)s)."
        )
        % {"subject": subject, "achievement": achievement.get("id") or "-"},
    )


def _item_summary(item, language):
    return {
        "credential_id": str(item.credential_id),
        "title": dossier_content.text(item.content.get("title"), language),
        "provider": item.organisation.name_in(language),
        "status": VERDICT_OF_STATE.get(item.state, Verdict.NOT_VERIFIED),
        "since": _status_since(item).isoformat(),
        "valid_until": item.valid_until.isoformat(),
        "url": documents.catalogue_url(item.credential_id),
    }


def _status_since(item):
    """When the item entered its present status: for an expired item the end of its validity
    (as its catalogue page says), else the audit trail's date, else the decision's."""
    if item.state == DossierState.EXPIRED:
        return timezone.make_aware(datetime.combine(item.valid_until, datetime.min.time()))
    return item.status_since or item.decided_at


def _verdict_message(item, verdict, title):
    since = _day(_status_since(item))
    values = {"title": title, "since": since, "until": date_format(item.valid_until)}
    messages = {
        Verdict.CERTIFIED: _("Certified today: “%(title)s” is certified, valid until %(until)s."),
        Verdict.SUSPENDED: _(
            "Suspended: the certification of “%(title)s” is suspended since %(since)s."
        ),
        Verdict.REVOKED: _("Revoked: the certification of “%(title)s” was revoked on %(since)s."),
        Verdict.EXPIRED: _("Expired: the certification of “%(title)s” expired on %(since)s."),
    }
    return messages[verdict] % values


def _check_register(endorsement, checks, language):
    subject = _field(endorsement.get("credentialSubject"), "id")
    credential_id = _achievement_credential_id(subject)
    item = published_item(credential_id) if credential_id else None
    label = _("Status on the register today")
    if item is None:
        checks.append(Check("register", label, False, subject or "-"))
        raise _Stop(
            Reason.UNKNOWN_ITEM,
            _("The endorsed achievement (%(subject)s) is not an item of the register.")
            % {"subject": subject or "-"},
        )
    verdict = VERDICT_OF_STATE.get(item.state, Verdict.NOT_VERIFIED)
    summary = _item_summary(item, language)
    checks.append(Check("register", label, verdict == Verdict.CERTIFIED, _status_label(verdict)))
    return item, verdict, summary


def _check_dates(endorsement, item, checks):
    """The record's own validity window. A record past its validUntil after a renewal is
    still good news: the register's status (read before) is what the employer asks about."""
    valid_from = _datetime(endorsement.get("validFrom"))
    valid_until = _datetime(endorsement.get("validUntil"))
    now = timezone.now()
    label = _("Validity dates of the endorsement")
    if valid_from is None or valid_until is None:
        detail = f"{endorsement.get('validFrom')} – {endorsement.get('validUntil')}"
        checks.append(Check("dates", label, False, detail))
        raise _Stop(Reason.TAMPERED, _("The endorsement's validity dates cannot be read."))
    detail = f"{_moment(valid_from)} – {_moment(valid_until)}"
    if now < valid_from:
        checks.append(Check("dates", label, False, detail))
        raise _Stop(
            Reason.NOT_YET_VALID,
            _("The endorsement is valid only from %(date)s.") % {"date": _day(valid_from)},
        )
    current = now <= valid_until
    if not current and item.is_current:
        detail += " " + _("(this copy has been replaced by a renewal; the item is still certified)")
    checks.append(Check("dates", label, current, detail))


def _stored_endorsement(endorsement_id):
    """Our stored copy of an endorsement named by its URL (/registry/endorsements/<id>)."""
    kwargs = _our_url_kwargs(endorsement_id, "registry:endorsement")
    return Endorsement.objects.filter(public_id=kwargs["public_id"]).first() if kwargs else None


def _endorsement_summary(endorsement):
    stored = _stored_endorsement(endorsement.get("id"))
    return {
        "id": endorsement.get("id"),
        "issuer": _issuer_id(endorsement),
        "valid_from": endorsement.get("validFrom"),
        "valid_until": endorsement.get("validUntil"),
        "signed": _field(endorsement.get("proof"), "created"),
        "on_record": stored is not None,
    }


def _badge_summary(badge):
    issuer = badge.get("issuer")
    achievement = _badge_achievement(badge) or {}
    return {
        "id": badge.get("id"),
        "issuer": issuer.get("name") if isinstance(issuer, dict) else issuer,
        "achievement": achievement.get("name"),
        "valid_from": badge.get("validFrom"),
    }


def _select_endorsement(document, checks, result):
    """Our endorsement in the document, and the badge around it (None if it is the
    endorsement itself)."""
    types = _types(document)
    label = _("Open Badges 3.0 credential")
    if ENDORSEMENT_TYPE in types:
        checks.append(Check("format", label, True, "EndorsementCredential"))
        if not _is_ours(document):
            raise _Stop(
                Reason.FOREIGN_ISSUER,
                _("This endorsement was issued by %(issuer)s, not by this register.")
                % {"issuer": _issuer_id(document) or "-"},
            )
        return document, None
    if not types & BADGE_TYPES:
        checks.append(Check("format", label, False, ", ".join(sorted(types)) or "-"))
        raise _Stop(
            Reason.NOT_A_CREDENTIAL,
            _(
                "This JSON is not an Open Badges 3.0 credential: its type should include "
                "OpenBadgeCredential or EndorsementCredential."
            ),
        )
    checks.append(Check("format", label, True, ", ".join(sorted(types & BADGE_TYPES))))
    result.badge = _badge_summary(document)
    endorsements = _embedded_endorsements(document)
    ours = [e for e in endorsements if ENDORSEMENT_TYPE in _types(e) and _is_ours(e)]
    if not ours:
        others = sorted({str(_issuer_id(e)) for e in endorsements})
        detail = (
            _("It carries endorsements only from: %s.") % ", ".join(others)
            if others
            else _("It carries no endorsement.")
        )
        raise _Stop(
            Reason.NO_ENDORSEMENT,
            _("This badge carries no endorsement from this register.") + " " + detail,
        )
    checks.append(Check("endorsement", _("Endorsement by the register"), True, ours[0].get("id")))
    return ours[0], document


def verify_document(document, *, language="ja", jwt=None):
    """Verify a parsed JSON object (taken out of `jwt` when the badge came as a JWT); see the
    module docstring."""
    try:
        return _verify_document(document, language, jwt)
    except Exception:  # the public must get an answer; the log gets the input's shape
        logger.exception("Verification failed unexpectedly")
        return Result(
            Verdict.NOT_VERIFIED,
            _("This document could not be read as an Open Badges 3.0 credential."),
            Reason.MALFORMED,
        )


def _verify_document(document, language, jwt):
    result = Result(Verdict.NOT_VERIFIED, "")
    checks = result.checks
    try:
        _within_work_limits(document)
        endorsement, badge = _select_endorsement(document, checks, result)
        result.endorsement = _endorsement_summary(endorsement)
        _verify_signature(endorsement, checks)
        if badge is not None:
            _check_subject(badge, endorsement, checks)
            _check_badge_proof(badge, checks, jwt)
        item, verdict, result.item = _check_register(endorsement, checks, language)
        _check_dates(endorsement, item, checks)
    except _Stop as stop:
        result.reason, result.message = stop.reason, stop.message
        return result
    result.verdict = verdict
    result.message = _verdict_message(item, verdict, result.item["title"])
    return result


def verify_text(text, *, language="ja"):
    try:
        document, jwt = parse(text)
    except _Stop as stop:
        return Result(Verdict.NOT_VERIFIED, stop.message, stop.reason)
    return verify_document(document, language=language, jwt=jwt)


def verify_upload(data, *, language="ja"):
    try:
        text = read_upload(data)
    except _Stop as stop:
        return Result(Verdict.NOT_VERIFIED, stop.message, stop.reason)
    return verify_text(text, language=language)
