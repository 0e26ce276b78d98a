"""The four roles, as Django groups with model-level permissions.

Staff roles (secretariat, committee) hold *model-level* permissions: they act on every dossier.
Provider members and reviewers hold none of those; they get *object* permissions (guardian) on
what is theirs: their organisation's dossiers, the versions assigned to them.
"""

from django.contrib.auth.models import Group, Permission

from .post_migrate import is_final_app

PROVIDER = "provider"
REVIEWER = "reviewer"
SECRETARIAT = "secretariat"
COMMITTEE = "committee"
STAFF_ROLES = (SECRETARIAT, COMMITTEE)

ROLE_PERMISSIONS = {
    PROVIDER: [],
    REVIEWER: [],
    SECRETARIAT: [
        "accreditation.view_dossier",
        "accreditation.view_dossierversion",
        "accreditation.screen_dossier",
        "accreditation.view_providerorganisation",
        "accreditation.change_decisioncondition",  # sign off a condition's evidence
        "reviewers.view_assignment",
        "reviewers.add_assignment",
        "reviewers.add_revieweraccreditation",
        "reviewers.change_revieweraccreditation",
        "reviewers.view_reviewerapplication",
        "reviewers.change_reviewerapplication",
        "reviewers.view_reviewerprofile",
        "reviewers.view_review",
        # Reference data, in the Django admin: no code change when a figure changes.
        "accreditation.add_creditsystem",
        "accreditation.change_creditsystem",
        "accreditation.add_levelframework",
        "accreditation.change_levelframework",
        "accreditation.add_levelequivalence",
        "accreditation.change_levelequivalence",
        "accreditation.add_jurisdictionprofile",
        "accreditation.change_jurisdictionprofile",
        "accreditation.add_fieldofstudy",
        "accreditation.change_fieldofstudy",
        # The rubric is data too: a new version, never an edit of one in use.
        "reviewers.view_rubric",
        "reviewers.add_rubric",
        # The editorial pages, in the Wagtail admin (cms.site grants the pages themselves).
        "wagtailadmin.access_admin",
    ],
    COMMITTEE: [
        "accreditation.view_dossier",
        "accreditation.view_dossierversion",
        "accreditation.decide_dossier",
        "accreditation.view_providerorganisation",
        "accreditation.change_decisioncondition",  # sign off a condition's evidence
        "reviewers.view_assignment",
        "reviewers.view_reviewerprofile",
        "reviewers.view_review",
    ],
}


def _permission(dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_role_groups():
    """Create the role groups and set their permissions to exactly ROLE_PERMISSIONS."""
    for name, dotted_perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([_permission(p) for p in dotted_perms])


def ensure_role_groups_after_migrate(sender, **kwargs):
    if is_final_app(sender):
        ensure_role_groups()


def has_role(user, *roles):
    if not user.is_authenticated:
        return False
    return any(name in roles for name in user_roles(user))


def user_roles(user):
    """The user's role names, cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_role_names"):
        names = set(user.groups.filter(name__in=ROLE_PERMISSIONS).values_list("name", flat=True))
        user._role_names = frozenset(names)
    return user._role_names
