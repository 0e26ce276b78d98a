"""A register of a few thousand rows, written in bulk, for the query plan tests (tests/plans.py).

Ten organisations of 600 dossiers each, in most states, with their versions; 20 reviewers,
invited 1 to 3 to each version in review (most of those still need one) and 2 or 3 to each
version past review, with their reviews and scores; an audit event for each transition of
each dossier; and every grant the services would have made: the organisation's on its
dossiers and versions (direct tables), the assignee's on the assignment (guardian's generic
table) and, once accepted, on the version. The rows are those the services leave
(as demo/bulk.py writes certified items), without taking each dossier through them.
"""

from dataclasses import dataclass
from datetime import timedelta
from itertools import cycle

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from guardian.shortcuts import assign_perm

from accreditation.content import StandardField
from accreditation.models import (
    AuditEvent,
    Decision,
    DecisionOutcome,
    Dossier,
    DossierState,
    DossierVersion,
)
from accreditation.services.grants import grant_dossier_perms, grant_version_perms
from accreditation.services.tokens import api_token_create
from reviewers.models import Assignment, AssignmentState, Review, ReviewScore, Rubric
from reviewers.services import ASSIGNEE_PERMS
from tests.accreditation.factories import complete_content, organisation
from tests.factories import make_people
from tests.reviewers.factories import accredited_reviewer

S = DossierState
A = AssignmentState
ORGANISATIONS = 10
DOSSIERS_PER_ORGANISATION = 600
REVIEWERS = 20
#: The states dossiers are in, in turn: most of a register is certified or under way.
STATES = [
    S.DRAFT,
    S.SUBMITTED,
    S.IN_REVIEW,
    S.IN_REVIEW,
    S.AWAITING_DECISION,
    S.ACCREDITED,
    S.ACCREDITED,
    S.ACCREDITED,
    S.REVISION_REQUESTED,
    S.REJECTED,
    S.WITHDRAWN,
    S.SUSPENDED,
]
#: Where each state's story went, after creation and submission.
PATHS = {
    S.DRAFT: [],
    S.SUBMITTED: [S.SUBMITTED],
    S.IN_REVIEW: [S.SUBMITTED, S.IN_REVIEW],
    S.AWAITING_DECISION: [S.SUBMITTED, S.IN_REVIEW, S.AWAITING_DECISION],
    S.ACCREDITED: [S.SUBMITTED, S.IN_REVIEW, S.AWAITING_DECISION, S.ACCREDITED],
    S.REVISION_REQUESTED: [S.SUBMITTED, S.REVISION_REQUESTED],
    S.REJECTED: [S.SUBMITTED, S.IN_REVIEW, S.AWAITING_DECISION, S.REJECTED],
    S.WITHDRAWN: [S.WITHDRAWN],
    S.SUSPENDED: [S.SUBMITTED, S.IN_REVIEW, S.AWAITING_DECISION, S.ACCREDITED, S.SUSPENDED],
}
#: Course titles, in turn: a word of one matches a thirtieth of the register.
TOPICS = [
    ("データサイエンス", "Data Science"),
    ("機械学習", "Machine Learning"),
    ("看護実践", "Nursing Practice"),
    ("会計", "Accounting"),
    ("観光英語", "Tourism English"),
    ("介護福祉", "Care Work"),
    ("建築設計", "Architectural Design"),
    ("農業経営", "Farm Management"),
    ("サイバーセキュリティ", "Cyber Security"),
    ("日本語教育", "Japanese Teaching"),
    ("物流", "Logistics"),
    ("写真", "Photography"),
    ("財務分析", "Financial Analysis"),
    ("品質管理", "Quality Control"),
    ("公衆衛生", "Public Health"),
    ("ロボット工学", "Robotics"),
    ("教育工学", "Learning Technology"),
    ("地域づくり", "Community Development"),
    ("薬学", "Pharmacy Practice"),
    ("食品衛生", "Food Hygiene"),
    ("デザイン思考", "Design Thinking"),
    ("統計", "Statistics"),
    ("起業", "Entrepreneurship"),
    ("翻訳", "Translation"),
    ("音楽療法", "Music Therapy"),
    ("防災", "Disaster Prevention"),
    ("水産", "Fisheries"),
    ("映像制作", "Film Production"),
    ("労務管理", "Labour Management"),
    ("再生可能エネルギー", "Renewable Energy"),
]
REVIEWED = {S.IN_REVIEW, S.AWAITING_DECISION, S.ACCREDITED, S.REJECTED, S.SUSPENDED}
DECIDED = {S.ACCREDITED, S.REJECTED, S.SUSPENDED}


@dataclass
class Register:
    people: object
    reviewers: list
    api_key: str
    #: A dossier of org A in each of a few states, to open its pages.
    sample: dict


def build():
    people = make_people()
    organisations = [people.org_a, people.org_b] + [
        organisation(slug=f"bulk-{n}", name_en=f"Bulk University {n}", name_ja=f"一括大学{n}")
        for n in range(ORGANISATIONS - 2)
    ]
    reviewers = [people.reviewer, people.second_reviewer] + [
        accredited_reviewer(email=f"bulk-reviewer-{n}@example.org") for n in range(REVIEWERS - 2)
    ]
    _, api_key = api_token_create(actor=None, organisation=people.org_a, name="LMS sync")
    for organisation_ in organisations:
        _dossiers(organisation_, people, reviewers)
    sample = {
        state: Dossier.objects.filter(organisation=people.org_a, state=state).order_by("pk")[1]
        for state in (S.DRAFT, S.IN_REVIEW, S.AWAITING_DECISION, S.ACCREDITED)
    }
    return Register(people=people, reviewers=reviewers, api_key=api_key, sample=sample)


def _dossiers(organisation_, people, reviewers):
    now = timezone.now()
    author = people.provider_a if organisation_ == people.org_a else None
    dossiers = Dossier.objects.bulk_create(
        Dossier(
            organisation=organisation_,
            provider_reference=f"{organisation_.slug}-{n:04d}",
            state=state,
            state_changed_at=now - timedelta(hours=7 * n + organisation_.pk),
            content=complete_content(title=_title(n)),
            created_by=author,
        )
        for n, state in zip(range(DOSSIERS_PER_ORGANISATION), cycle(STATES))
    )
    submitted = [d for d in dossiers if PATHS[d.state]]
    versions = DossierVersion.objects.bulk_create(
        DossierVersion(
            dossier=d, number=1, content=d.content, submitted_by=author, submitted_at=now
        )
        for d in submitted
    )
    grant_dossier_perms(Dossier.objects.filter(pk__in=[d.pk for d in dossiers]), organisation_)
    grant_version_perms(
        DossierVersion.objects.filter(pk__in=[v.pk for v in versions]), organisation_
    )
    _events(dossiers, now)
    _decisions(versions, people.committee, now)
    _assignments([v for v in versions if v.dossier.state in REVIEWED], reviewers, people, now)


def _title(n):
    ja, en = TOPICS[n % len(TOPICS)]
    return {
        "ja": f"{ja}（第{n // len(TOPICS) + 1}期）",
        "en": f"{en} (cohort {n // len(TOPICS) + 1})",
    }


def _events(dossiers, now):
    dossier_type = ContentType.objects.get_for_model(Dossier)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            action="dossier.transition",
            content_type=dossier_type,
            object_id=d.pk,
            dossier=d,
            from_state=before,
            to_state=after,
            created_at=d.state_changed_at - timedelta(days=len(path) - 1 - step),
        )
        for d in dossiers
        for path in [[S.DRAFT, *PATHS[d.state]]]
        for step, (before, after) in enumerate(zip(["", *path], path, strict=False))
    )


def _decisions(versions, committee, now):
    today = timezone.localdate()
    Decision.objects.bulk_create(
        Decision(
            dossier=v.dossier,
            version=v,
            outcome=(
                DecisionOutcome.REJECTED
                if v.dossier.state == S.REJECTED
                else DecisionOutcome.APPROVED
            ),
            rationale="一括生成。Bulk.",
            valid_from=today,
            valid_until=today + timedelta(days=3 * 365),
            decided_by=committee,
            decided_at=now,
        )
        for v in versions
        if v.dossier.state in DECIDED
    )


def _assignments(versions, reviewers, people, now):
    today = timezone.localdate()
    turn = cycle(range(len(reviewers)))
    rows = []
    for version in versions:
        start = next(turn)
        done = version.dossier.state != S.IN_REVIEW
        # In review: 1 to 3 invited, one of them declined; the first two thirds need more.
        size = 2 + version.pk % 2 if done else 1 + version.pk % 3
        team = [reviewers[(start + k) % len(reviewers)] for k in range(size)]
        for k, reviewer in enumerate(team):
            state = A.SUBMITTED if done else [A.INVITED, A.DECLINED, A.ACCEPTED][k]
            rows.append(
                Assignment(
                    version=version,
                    reviewer=reviewer,
                    state=state,
                    respond_by=today + timedelta(days=version.pk % 20 - 2),
                    review_due=today + timedelta(days=version.pk % 20 + 18),
                    invited_by=people.secretariat,
                    invited_at=now - timedelta(days=version.pk % 300),
                    responded_at=None if state == A.INVITED else now,
                )
            )
    assignments = Assignment.objects.bulk_create(rows)
    for reviewer in reviewers:
        mine = Assignment.objects.filter(
            pk__in=[a.pk for a in assignments if a.reviewer == reviewer]
        )
        for perm in ASSIGNEE_PERMS:
            assign_perm(perm, reviewer.user, mine)
        opened = DossierVersion.objects.filter(
            assignments__in=mine.exclude(state__in=[A.INVITED, A.DECLINED])
        )
        assign_perm("accreditation.view_dossierversion", reviewer.user, opened)
    rubric = Rubric.objects.latest()
    reviews = Review.objects.bulk_create(
        Review(
            assignment=a,
            rubric=rubric,
            recommendation="approve" if a.state == A.SUBMITTED else "",
            submitted_at=now if a.state == A.SUBMITTED else None,
        )
        for a in assignments
        if a.state in (A.ACCEPTED, A.SUBMITTED)
    )
    ReviewScore.objects.bulk_create(
        ReviewScore(
            review=review,
            criterion=criterion,
            score=(review.pk + n) % 4 if review.submitted_at else None,
        )
        for review in reviews
        for n, criterion in enumerate(StandardField.values)
    )
