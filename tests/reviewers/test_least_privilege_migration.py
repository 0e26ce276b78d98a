"""reviewers 0006: the version permission that invitations used to grant at once is taken back
from every reviewer who never accepted, and kept for those who did."""

import importlib

import pytest
from django.apps import apps
from guardian.shortcuts import assign_perm

from accreditation.models import DossierState
from demo.workflow import advance
from reviewers import services
from tests.accreditation.factories import dossier as make_dossier

migration = importlib.import_module("reviewers.migrations.0006_invited_reviewers_see_no_version")
VIEW = "accreditation.view_dossierversion"

pytestmark = pytest.mark.django_db


def fresh(user):
    return type(user).objects.get(pk=user.pk)


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
    assign_perm(VIEW, people.reviewer.user, invited.version)  # as invitations used to
    assert fresh(people.reviewer.user).has_perm(VIEW, invited.version)

    migration.withdraw(apps, None)

    assert not fresh(people.reviewer.user).has_perm(VIEW, invited.version)
    assert fresh(people.second_reviewer.user).has_perm(VIEW, accepted.version)
