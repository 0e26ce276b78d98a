"""What the surfaces' views share: role gates and running a service from a POST.

The desk, the portal and the reviewer's queue all import it; it lives in the core so that
no surface imports another."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect

from accreditation import roles
from accreditation.errors import DomainError


def role_required(*role_names):
    """Signed in and holding one of the roles; anyone else gets 404 (the area is not theirs)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not roles.has_role(request.user, *role_names):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def report_error(request, error: DomainError):
    messages.error(request, error.message)
    for detail in error.details:
        messages.warning(request, detail)


def run_service(request, call, *, success, redirect_to):
    """Call a service; show `success` or the refusal with its details; redirect either way."""
    try:
        call()
    except DomainError as error:
        report_error(request, error)
    else:
        messages.success(request, success)
    return redirect(redirect_to)


def service_succeeded(request, call, success):
    """Run a service from a form view: True on success (message shown), False on refusal,
    so the view can show the bound form again."""
    try:
        call()
    except DomainError as error:
        report_error(request, error)
        return False
    messages.success(request, success)
    return True
