"""The first row of the reviewers' rubric versions: the standard's rubric (accreditation.rubric)."""

from accreditation.rubric import RUBRIC_V1


def load_rubric_v1(rubric_model):
    rubric_model.objects.update_or_create(version=1, defaults={"descriptors": RUBRIC_V1})
