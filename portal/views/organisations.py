"""The provider's organisation in the portal: its profile, its members and their invitations."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accreditation import countries, selectors, services
from accreditation.access import MANAGE_ORGANISATION, access_organisation, can_manage_organisation
from accreditation.errors import DomainError
from accreditation.models import MemberRole, ProviderOrganisation
from accreditation.services.organisations import (
    PROFILE_FIELDS,
    invitation_for_token,
    invitation_problem,
    pending_invitations,
)
from accreditation.views.helpers import report_error, run_service

from .dossiers import provider_required


class CountryField(forms.ChoiceField):
    """A country chosen by name; the code is read in capitals whatever the case sent."""

    def to_python(self, value):
        return super().to_python(value).upper()


class OrganisationProfileForm(forms.ModelForm):
    """Parses what the manager typed; the service decides and saves."""

    website = forms.URLField(
        label=ProviderOrganisation._meta.get_field("website").verbose_name,
        required=False,
        assume_scheme="https",
    )

    country = CountryField(label=ProviderOrganisation._meta.get_field("country").verbose_name)

    class Meta:
        model = ProviderOrganisation
        fields = PROFILE_FIELDS
        widgets = {"quality_assurance": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Names in the reader's language; a code from before the list stays choosable.
        choices = countries.choices_by_name()
        current = self.instance.country
        if current and current not in countries.Country.values:
            choices.append((current, current))
        self.fields["country"].choices = choices


@provider_required
def organisation_detail(request, pk):
    organisation = access_organisation(request.user, pk)
    is_manager = can_manage_organisation(request.user, organisation)
    return render(
        request,
        "accreditation/portal/organisation_detail.html",
        {
            "organisation": organisation,
            "members": selectors.organisation_members(organisation),
            "is_manager": is_manager,
            "invitations": pending_invitations(organisation) if is_manager else (),
            "roles": MemberRole.choices,
        },
    )


@provider_required
def organisation_edit(request, pk):
    organisation = access_organisation(request.user, pk, MANAGE_ORGANISATION)
    form = OrganisationProfileForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except DomainError as error:
            report_error(request, error)
        else:
            messages.success(request, _("The organisation's profile has been saved."))
            return redirect("portal:organisation", pk=organisation.pk)
    return render(
        request,
        "accreditation/portal/organisation_form.html",
        {"organisation": organisation, "form": form},
    )


@provider_required
@require_POST
def invitation_create(request, pk):
    organisation = access_organisation(request.user, pk, MANAGE_ORGANISATION)
    email = request.POST.get("email", "")
    return run_service(
        request,
        lambda: services.invitation_create(
            actor=request.user,
            organisation=organisation,
            email=email,
            role=request.POST.get("role", ""),
        ),
        success=_("An invitation has been sent to %(email)s.") % {"email": email.strip()},
        redirect_to=reverse("portal:organisation", args=[organisation.pk]),
    )


@provider_required
@require_POST
def invitation_revoke(request, pk, invitation_pk):
    organisation = access_organisation(request.user, pk, MANAGE_ORGANISATION)
    invitation = get_object_or_404(organisation.invitations, pk=invitation_pk)
    return run_service(
        request,
        lambda: services.invitation_revoke(actor=request.user, invitation=invitation),
        success=_("The invitation has been revoked; its link no longer works."),
        redirect_to=reverse("portal:organisation", args=[organisation.pk]),
    )


def _membership(request, pk, membership_pk):
    organisation = access_organisation(request.user, pk, MANAGE_ORGANISATION)
    membership = get_object_or_404(
        organisation.memberships.select_related("user"), pk=membership_pk
    )
    membership.organisation = organisation
    return membership


@provider_required
@require_POST
def membership_change_role(request, pk, membership_pk):
    membership = _membership(request, pk, membership_pk)
    return run_service(
        request,
        lambda: services.membership_change_role(
            actor=request.user, membership=membership, role=request.POST.get("role", "")
        ),
        success=_("The member's role has been changed."),
        redirect_to=reverse("portal:organisation", args=[pk]),
    )


@provider_required
@require_POST
def membership_remove(request, pk, membership_pk):
    membership = _membership(request, pk, membership_pk)
    try:
        services.membership_remove(actor=request.user, membership=membership)
    except DomainError as error:
        report_error(request, error)
        return redirect("portal:organisation", pk=pk)
    messages.success(request, _("The member has been removed from the organisation."))
    if membership.user_id == request.user.id:
        return redirect("dashboard")  # they left: the page, perhaps the portal, is no longer theirs
    return redirect("portal:organisation", pk=pk)


def _sign_in_urls(request):
    query = urlencode({"next": request.get_full_path()})
    return reverse("account_login") + "?" + query, reverse("account_signup") + "?" + query


def invitation_detail(request, token):
    """The link in the invitation email. Anyone holding it sees what they are invited to; a
    visitor who is not signed in is asked to sign in or sign up and comes back here."""
    try:
        invitation = invitation_for_token(token)
    except DomainError:
        raise Http404 from None
    if request.method == "POST":
        return _accept(request, token, invitation)
    user = request.user if request.user.is_authenticated else None
    login_url, signup_url = _sign_in_urls(request)
    return render(
        request,
        "accreditation/portal/organisation_invitation.html",
        {
            "invitation": invitation,
            "organisation": invitation.organisation,
            "problem": invitation_problem(invitation, user),
            "login_url": login_url,
            "signup_url": signup_url,
        },
    )


def _accept(request, token, invitation):
    if not request.user.is_authenticated:
        return redirect(_sign_in_urls(request)[0])
    try:
        services.invitation_accept(user=request.user, raw_token=token)
    except DomainError as error:
        report_error(request, error)
        return redirect("portal:invitation", token=token)
    messages.success(
        request,
        _("Welcome to %(name)s.") % {"name": invitation.organisation.name},
    )
    return redirect("portal:organisation", pk=invitation.organisation_id)
