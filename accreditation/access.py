"""The one way views reach an object: fetch it, check the permission, or answer 404.

Missing and forbidden look the same from outside (404), so nobody can probe which dossiers
exist. A permission is granted either at model level (staff roles act on every object) or on
the object itself through django-guardian (a provider's members, an assigned reviewer).
"""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Subquery
from django.http import Http404
from django.utils.translation import gettext as _
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

from .errors import DomainError
from .models import (
    DecisionCondition,
    Dossier,
    DossierAttachment,
    DossierVersion,
    ProviderOrganisation,
)

#: Held by an organisation's managers (through its managers group): edit the profile, invite,
#: change roles and remove members.
MANAGE_ORGANISATION = "accreditation.change_providerorganisation"


def has_object_perm(user, perm, obj):
    """True if the user holds `perm` for every object of the model, or for this one."""
    return user.is_authenticated and (user.has_perm(perm) or user.has_perm(perm, obj))


def granted(user, perm, model):
    """The primary keys of the `model` objects on which the user holds `perm` by an object
    permission of their own or of one of their groups, as one subquery: for lists.

    guardian's get_objects_for_user asks for `pk IN (the user's grants) OR pk IN (their
    groups' grants)`; PostgreSQL can only test such an OR row by row, in a sequential scan
    of the whole table. The UNION of the two is a set of keys, each read by index in the
    model's direct permission tables (models/permissions.py), that the table joins on its
    primary key. Model-level permissions (staff roles, a superuser's) are not object grants
    and are not counted: these are lists of one's own objects.
    """
    user_grants, group_grants = get_user_obj_perms_model(model), get_group_obj_perms_model(model)
    if user_grants.objects.is_generic() or group_grants.objects.is_generic():
        raise TypeError(f"{model.__name__} has no direct object permission tables")
    if not user.is_authenticated:
        return user_grants.objects.none().values("content_object_id")
    # Compared by key, so that (holder, permission, object) is one range of the unique index.
    # Unordered: Permission's default ordering would join the content types in the subquery.
    permission = (
        Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(model), codename=perm.partition(".")[2]
        )
        .order_by()
        .values("pk")
    )
    by_user = user_grants.objects.filter(user=user, permission_id=Subquery(permission))
    by_group = group_grants.objects.filter(group__user=user, permission_id=Subquery(permission))
    return by_user.values("content_object_id").union(by_group.values("content_object_id"))


def require_perm(actor, perm, obj=None):
    """For services: refuse with a DomainError (the view shows it) unless `actor` holds
    `perm` for every object of the model or for `obj`."""
    if not has_object_perm(actor, perm, obj):
        raise DomainError(_("You are not allowed to do this."), code="forbidden")


def access_object(queryset, user, pk, perm):
    """The object with this pk from `queryset`, if the user holds `perm` on it; else 404."""
    try:
        obj = queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not has_object_perm(user, perm, obj):
        raise Http404
    return obj


def access_dossier(user, pk, perm="accreditation.view_dossier"):
    return access_object(Dossier.objects.select_related("organisation"), user, pk, perm)


def access_version(user, pk, perm="accreditation.view_dossierversion"):
    queryset = DossierVersion.objects.select_related("dossier__organisation")
    return access_object(queryset, user, pk, perm)


def access_organisation(user, pk, perm="accreditation.view_providerorganisation"):
    return access_object(ProviderOrganisation.objects.all(), user, pk, perm)


def access_attachment(user, pk):
    """An attachment, for whoever may see its dossier (its provider's members, staff roles),
    or may see a submitted version it belongs to (a reviewer assigned to that version)."""
    queryset = DossierAttachment.objects.select_related("dossier__organisation")
    try:
        attachment = queryset.get(pk=pk)
    except (DossierAttachment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if has_object_perm(user, "accreditation.view_dossier", attachment.dossier):
        return attachment
    if user.is_authenticated:
        perm = "accreditation.view_dossierversion"
        if attachment.versions.filter(pk__in=granted(user, perm, DossierVersion)).exists():
            return attachment
    raise Http404


def access_condition(user, pk, *, dossier_pk=None, perm="accreditation.view_dossier"):
    """A condition of a decision, for whoever holds `perm` on its dossier (its provider's
    members, staff roles); under `dossier_pk` only if it belongs to that dossier."""
    queryset = DecisionCondition.objects.select_related("decision__dossier__organisation")
    try:
        condition = queryset.get(pk=pk)
    except (DecisionCondition.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    dossier = condition.decision.dossier
    if dossier_pk is not None and dossier.pk != dossier_pk:
        raise Http404
    if not has_object_perm(user, perm, dossier):
        raise Http404
    return condition


def can_manage_organisation(user, organisation):
    return has_object_perm(user, MANAGE_ORGANISATION, organisation)
