"""Certified items as the registry sees them: approved through the workflow, with the
on-commit tasks (publishing, signing, status lists) run as the broker would run them."""

import pytest

from accreditation.models import DossierState
from demo.workflow import advance
from tests.accreditation.factories import dossier as make_dossier


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """`with on_commit(): …` runs what the block schedules on commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def certify(db, people, on_commit):
    """Call to certify one more of org A's dossiers."""

    def certify():
        dossier = make_dossier(people.org_a, author=people.provider_a)
        with on_commit():
            advance(dossier, DossierState.ACCREDITED, people.cast())
        return dossier

    return certify


@pytest.fixture
def certified(certify):
    return certify()
