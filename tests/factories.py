"""The cast most tests need: two provider organisations, staff, accredited reviewers."""

from dataclasses import dataclass

from accreditation import roles
from accreditation.models import MemberRole
from demo.workflow import Cast
from tests.accreditation import factories as core
from tests.reviewers.factories import accredited_reviewer


@dataclass
class People:
    org_a: object
    org_b: object
    provider_a: object
    viewer_a: object
    provider_b: object
    secretariat: object
    committee: object
    reviewer: object
    second_reviewer: object
    outsider: object

    def cast(self, provider=None):
        """Who acts on a dossier (org A's unless another provider is given), for
        demo.workflow.advance()."""
        return Cast(
            provider=provider or self.provider_a,
            secretariat=self.secretariat,
            committee=self.committee,
            reviewers=[self.reviewer, self.second_reviewer],
        )


def make_people():
    org_a = core.organisation(slug="org-a", name_en="Org A", name_ja="組織A")
    org_b = core.organisation(slug="org-b", name_en="Org B", name_ja="組織B")
    return People(
        org_a=org_a,
        org_b=org_b,
        provider_a=core.provider_member(org_a, MemberRole.MANAGER, email="a@example.org"),
        viewer_a=core.provider_member(org_a, MemberRole.VIEWER, email="viewer@example.org"),
        provider_b=core.provider_member(org_b, MemberRole.MANAGER, email="b@example.org"),
        secretariat=core.staff_user(roles.SECRETARIAT, email="sec@example.org"),
        committee=core.staff_user(roles.COMMITTEE, email="com@example.org"),
        reviewer=accredited_reviewer(email="rev1@example.org"),
        second_reviewer=accredited_reviewer(email="rev2@example.org"),
        outsider=core.UserFactory(email="nobody@example.org"),
    )
