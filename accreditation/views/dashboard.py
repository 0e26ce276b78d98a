from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from accreditation import roles


@login_required
def dashboard(request):
    """Where sign-in lands: straight to the user's area when there is one, else a choice."""
    areas = []
    names = roles.user_roles(request.user)
    if roles.PROVIDER in names:
        areas.append("portal:list")
    if roles.REVIEWER in names:
        areas.append("review:queue")
    if names & set(roles.STAFF_ROLES):
        areas.append("desk:cases")
    if len(areas) == 1:
        return redirect(areas[0])
    return render(request, "accreditation/dashboard.html", {"areas": areas})
