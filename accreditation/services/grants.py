"""Object permissions that follow from who owns what (django-guardian).

A provider organisation acts through three groups; the dossiers and versions it owns carry
object permissions for those groups, granted when each object is created. `objects` is one
instance or a queryset (guardian then grants in bulk, which the demo seeder relies on).
"""

from guardian.shortcuts import assign_perm


def grant_organisation_perms(organisation):
    members, editors, managers = (
        organisation.members_group,
        organisation.editors_group,
        organisation.managers_group,
    )
    assign_perm("accreditation.view_providerorganisation", members, organisation)
    assign_perm("accreditation.create_dossier", editors, organisation)
    assign_perm("accreditation.change_providerorganisation", managers, organisation)


def grant_dossier_perms(objects, organisation):
    assign_perm("accreditation.view_dossier", organisation.members_group, objects)
    assign_perm("accreditation.change_dossier", organisation.editors_group, objects)
    assign_perm("accreditation.submit_dossier", organisation.editors_group, objects)


def grant_version_perms(objects, organisation):
    assign_perm("accreditation.view_dossierversion", organisation.members_group, objects)
