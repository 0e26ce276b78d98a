"""reviewers 0006: the version permission that invitations used to grant at once is taken back
from every reviewer who never accepted, and kept for those who did.

In those days grants lived in guardian's generic table, where 0006 looks; accreditation 0008
later moved what was left to the direct table. The test writes the grants as they were then."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from guardian.models import UserObjectPermission

from accreditation.models import DossierState, DossierVersion
from demo.workflow import advance
from reviewers import services
from tests.accreditation.factories import dossier as make_dossier

migration = importlib.import_module("reviewers.migrations.0006_invited_reviewers_see_no_version")

pytestmark = pytest.mark.django_db


def generic_grant(user, version):
    """The row an invitation used to write."""
    return UserObjectPermission.objects.create(
        user=user,
        permission=Permission.objects.get(codename="view_dossierversion"),
        content_type=ContentType.objects.get_for_model(DossierVersion),
        object_pk=str(version.pk),
    )


def test_only_those_who_accepted_keep_the_version(people):
    dossier = advance(
        make_dossier(people.org_a, author=people.provider_a), DossierState.IN_REVIEW, people.cast()
    )
    invited = services.assignment_invite(
        actor=people.secretariat, dossier=dossier, reviewer=people.reviewer
    )
    accepted = services.assignment_invite(
        actor=people.secretariat, dossier=dossier, reviewer=people.second_reviewer
    )
    services.assignment_accept(
        actor=people.second_reviewer.user, assignment=accepted, no_conflict=True
    )
    withdrawn = generic_grant(people.reviewer.user, invited.version)
    kept = generic_grant(people.second_reviewer.user, accepted.version)

    migration.withdraw(apps, None)

    assert UserObjectPermission.objects.filter(pk=kept.pk).exists()
    assert not UserObjectPermission.objects.filter(pk=withdrawn.pk).exists()
