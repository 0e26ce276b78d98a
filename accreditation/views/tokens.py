"""API tokens of an organisation (/portal/organisations/<pk>/tokens/), for its managers.

A new key is shown once, in the answer to the POST that made it, and never stored in clear:
the page says so and asks not to be cached.
"""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accreditation import roles
from accreditation.access import access_organisation
from accreditation.errors import DomainError
from accreditation.models import ApiToken
from accreditation.services.tokens import api_token_create, api_token_revoke

from .helpers import report_error, role_required, run_service

MANAGE = "accreditation.change_providerorganisation"


def _managed_organisation(request, pk):
    """The organisation, if the user manages it; 404 for members of other roles and others."""
    return access_organisation(request.user, pk, MANAGE)


@never_cache
@role_required(roles.PROVIDER)
def token_list(request, pk):
    organisation = _managed_organisation(request, pk)
    created = None
    if request.method == "POST":
        try:
            created = api_token_create(
                actor=request.user, organisation=organisation, name=request.POST.get("name", "")
            )
        except DomainError as error:
            report_error(request, error)
    tokens = ApiToken.objects.filter(organisation=organisation).select_related("created_by")
    return render(
        request,
        "accreditation/portal/tokens.html",
        {
            "organisation": organisation,
            "tokens": tokens,
            "new_token": created[0] if created else None,
            "new_key": created[1] if created else None,
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
