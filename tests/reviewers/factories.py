from datetime import timedelta

from django.utils import timezone

from accreditation.models import FieldOfStudy
from reviewers import services
from tests.accreditation.factories import UserFactory, with_second_factor


def accredited_reviewer(fields=("digital",), *, valid_from=None, valid_until=None, **user_kwargs):
    """A reviewer accredited today (unless dates are given) for the fields of study."""
    user = with_second_factor(UserFactory(**user_kwargs))
    today = timezone.localdate()
    accreditation = services.reviewer_accredit(
        actor=None,
        user=user,
        fields_of_study=FieldOfStudy.objects.filter(code__in=fields),
        valid_from=valid_from or today - timedelta(days=30),
        valid_until=valid_until or today + timedelta(days=365),
    )
    return accreditation.reviewer
