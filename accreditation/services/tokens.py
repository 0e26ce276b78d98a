"""API tokens: keys a provider organisation's managers give to their own scripts.

A token acts through a user of its own, an editor of the organisation who cannot sign in, so
the API reaches dossiers through the same object permissions and services as a person, and the
audit trail names the token. The key is shown once, when it is made; only its SHA-256 hash is
kept, so a leaked database does not leak working keys.
"""

import hashlib
import hmac
import secrets
import uuid
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accreditation.access import require_perm
from accreditation.errors import DomainError, require_text
from accreditation.models import ApiToken, AuditEvent, MemberRole, ProviderOrganisation

from .organisations import membership_add

#: Every key starts with this, so secret scanners and people recognise one.
KEY_PREFIX = "mcp_"
#: How much of the key the token list shows to tell keys apart (the model keeps 12 characters).
SHOWN_PREFIX_LENGTH = 12
#: `last_used_at` is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)
NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length


def hash_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode("utf-8")).hexdigest()


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def _require_manager(actor, organisation):
    """Managers hold the organisation's change permission; editors and viewers do not."""
    require_perm(actor, "accreditation.change_providerorganisation", organisation)


def _token_user(organisation, name):
    """The token's own user: no password, no email, so nobody signs in or is mailed as it."""
    user = get_user_model()(
        username=f"api-token-{uuid.uuid4().hex}",
        first_name=name[:150],
        last_name=f"(API {organisation.slug})"[:150],
    )
    user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def api_token_create(
    *, actor, organisation: ProviderOrganisation, name: str, raw_key: str | None = None
) -> tuple[ApiToken, str]:
    """Make a token for the organisation; returns it with its key, which is never shown again.

    `actor` is a manager of the organisation, or None when the system acts (the demo seeding,
    which alone passes a `raw_key` of its own so that its printed keys stay valid across runs).
    """
    if actor is not None:
        _require_manager(actor, organisation)
    name = require_text(name, _("Give the token a name."))
    if len(name) > NAME_MAX_LENGTH:
        raise DomainError(
            _("The name is longer than %(limit)s characters.") % {"limit": NAME_MAX_LENGTH}
        )
    raw_key = raw_key or new_key()
    user = _token_user(organisation, name)
    membership_add(actor=actor, organisation=organisation, user=user, role=MemberRole.EDITOR)
    token = ApiToken.objects.create(
        organisation=organisation,
        name=name,
        prefix=raw_key[:SHOWN_PREFIX_LENGTH],
        key_hash=hash_key(raw_key),
        user=user,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    AuditEvent.record(action="api_token.create", actor=actor, subject=token, note=token.name)
    return token, raw_key


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Stop the key working at once; its user is deactivated so no permission remains."""
    token = (
        ApiToken.objects.select_for_update().select_related("organisation", "user").get(pk=token.pk)
    )
    if actor is not None:
        _require_manager(actor, token.organisation)
    if token.revoked_at is not None:
        raise DomainError(_("This token has already been revoked."), code="state")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    token.user.is_active = False
    token.user.save(update_fields=["is_active"])
    AuditEvent.record(action="api_token.revoke", actor=actor, subject=token, note=token.name)
    return token


def api_token_for_key(raw_key: str) -> ApiToken | None:
    """The active token whose key this is, or None; notes when it was last used.

    The key is found by its hash (an indexed lookup: no comparison leaks how much of a guess
    was right), then compared in constant time as a second line of defence.
    """
    key_hash = hash_key(raw_key)
    token = (
        ApiToken.objects.select_related("organisation", "user")
        .filter(key_hash=key_hash, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.key_hash, key_hash):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
