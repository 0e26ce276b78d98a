"""Lists show states through label_of, which must say what Django's get_FOO_display() says."""

import pytest
from django.utils import translation

from accreditation.models import Dossier, DossierState
from accreditation.models.choices import label_of
from reviewers.models import Assignment, AssignmentState


@pytest.mark.parametrize(
    ("model", "choices"), [(Dossier, DossierState), (Assignment, AssignmentState)]
)
@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_state_reads_as_django_would_label_it(model, choices, language):
    field = model._meta.get_field("state")
    with translation.override(language):
        for value in [*choices.values, "not-a-state"]:
            row = model(state=value)
            assert row.get_state_display() == row._get_FIELD_display(field)
    assert label_of(choices, "not-a-state") == "not-a-state"
