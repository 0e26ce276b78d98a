from . import roles


def roles_context(request):
    """The signed-in user's roles, for the navigation."""
    names = roles.user_roles(request.user) if hasattr(request, "user") else frozenset()
    return {
        "user_roles": names,
        "is_provider": roles.PROVIDER in names,
        "is_reviewer": roles.REVIEWER in names,
        "is_staff_role": bool(names & set(roles.STAFF_ROLES)),
    }
