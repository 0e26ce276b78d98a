"""django-guardian's direct object-permission tables for the objects asked about in lists.

Guardian's generic tables key a grant by (content type, `object_pk` as text), so a list of
"the dossiers this user may see" compares `id::varchar` with every grant: a join no index
serves, whose cost grows with grants × dossiers. These tables hold a real foreign key
instead (guardian's documented remedy): guardian finds them by themselves and filters with
`id IN (SELECT content_object_id …)`, an index lookup. Every grant on these models lives here;
migration 0007 moved the existing ones.
"""

from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class OrganisationUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey("ProviderOrganisation", on_delete=models.CASCADE)


class OrganisationGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey("ProviderOrganisation", on_delete=models.CASCADE)


class DossierUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey("Dossier", on_delete=models.CASCADE)


class DossierGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey("Dossier", on_delete=models.CASCADE)


class VersionUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey("DossierVersion", on_delete=models.CASCADE)


class VersionGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey("DossierVersion", on_delete=models.CASCADE)
