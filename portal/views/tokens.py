"""API tokens of an organisation (/portal/organisations/<pk>/tokens/), for its managers.

A new key is shown once and never stored in clear. The POST that makes it redirects (so a
reload cannot make a second token) and leaves the key in the session for exactly one display:
the GET that follows takes it out. The page asks not to be cached.
"""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accreditation import roles
from accreditation.access import MANAGE_ORGANISATION, access_organisation
from accreditation.errors import DomainError
from accreditation.models import ApiToken
from accreditation.services.tokens import api_token_create, api_token_revoke
from accreditation.views.helpers import report_error, role_required, run_service

NEW_KEY = "accreditation.new_api_key"


def _managed_organisation(request, pk):
    """The organisation, if the user manages it; 404 for members of other roles and others."""
    return access_organisation(request.user, pk, MANAGE_ORGANISATION)


@never_cache
@role_required(roles.PROVIDER)
def token_list(request, pk):
    organisation = _managed_organisation(request, pk)
    if request.method == "POST":
        try:
            token, raw_key = api_token_create(
                actor=request.user, organisation=organisation, name=request.POST.get("name", "")
            )
        except DomainError as error:
            report_error(request, error)
        else:
            request.session[NEW_KEY] = {"token": token.pk, "key": raw_key}
        return redirect("portal:tokens", pk=organisation.pk)
    shown = request.session.pop(NEW_KEY, None)
    tokens = ApiToken.objects.filter(organisation=organisation).select_related("created_by")
    new_token = next((t for t in tokens if shown and t.pk == shown["token"]), None)
    return render(
        request,
        "accreditation/portal/tokens.html",
        {
            "organisation": organisation,
            "tokens": tokens,
            "new_token": new_token,
            "new_key": shown["key"] if new_token else None,
            "name_max_length": ApiToken._meta.get_field("name").max_length,
        },
    )


@require_POST
@role_required(roles.PROVIDER)
def token_revoke(request, pk, token_pk):
    organisation = _managed_organisation(request, pk)
    token = get_object_or_404(ApiToken, pk=token_pk, organisation=organisation)
    return run_service(
        request,
        lambda: api_token_revoke(actor=request.user, token=token),
        success=_("The token “%(name)s” is revoked: its key no longer works.")
        % {"name": token.name},
        redirect_to=reverse("portal:tokens", kwargs={"pk": organisation.pk}),
    )
