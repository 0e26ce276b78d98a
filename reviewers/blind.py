"""Blind review (DESIGN §3): what each side may learn of the other.

Providers see the scores and comments of their reviews once the committee has decided, with
the reviewers numbered ("Reviewer 1", "Reviewer 2"), never named: the queries below read
scores without ever loading a reviewer. In double-blind review (REVIEW_BLINDNESS = "double")
reviewers do not learn who the provider is either: pages and emails meant for reviewers ask
`provider_hidden()` before naming the organisation, and show the dossier through
`content_for_reviewer()`.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext, gettext_lazy

from accreditation.content import StandardField
from accreditation.models import Decision

from .models import ReviewScore

#: Dossier content that names or points to the provider: left out for double-blind reviewers.
IDENTIFYING_CONTENT = ("further_information_url",)

#: What a double-blind reviewer reads in place of the provider's name.
WITHHELD = gettext_lazy("Provider withheld (double-blind review)")


def provider_hidden() -> bool:
    """Whether reviewers must not learn the provider's identity (double-blind review)."""
    return settings.REVIEW_BLINDNESS == "double"


def provider_name_for_reviewer(organisation) -> str:
    """The provider's name as a reviewer may read it, in pages and emails."""
    return str(WITHHELD) if provider_hidden() else organisation.name


def content_for_reviewer(content: dict) -> dict:
    """The dossier content a reviewer reads: without what identifies the provider when the
    review is double-blind."""
    if not provider_hidden():
        return content
    return {key: value for key, value in content.items() if key not in IDENTIFYING_CONTENT}


@dataclass(frozen=True)
class BlindScore:
    """One reviewer's score and comment on one field, as the provider reads it."""

    reviewer_number: int
    score: int | None
    comment: str

    @property
    def reviewer(self) -> str:
        return reviewer_label(self.reviewer_number)


@dataclass
class BlindCriterion:
    key: str
    label: str
    scores: list = field(default_factory=list)


@dataclass(frozen=True)
class BlindReviews:
    """The reviews of one decided version, field by field, reviewers numbered."""

    version_number: int
    reviewer_count: int
    criteria: list


def reviewer_label(number: int) -> str:
    return gettext("Reviewer %(n)s") % {"n": number}


def provider_reviews(dossier) -> list[BlindReviews]:
    """The submitted reviews of every version of the dossier the committee has decided on
    since, newest version first, in one query. Reviewers are numbered per version in the order
    they submitted; their identities, recommendations and notes to staff are not read."""
    # Decided after the review came in: reviews added on appeal wait for the new decision.
    decided = Decision.objects.filter(
        version=OuterRef("review__assignment__version"),
        decided_at__gte=OuterRef("review__submitted_at"),
    )
    rows = (
        ReviewScore.objects.filter(
            review__assignment__version__dossier=dossier,
            review__submitted_at__isnull=False,
        )
        .filter(Exists(decided))
        .order_by("-review__assignment__version__number", "review__submitted_at", "review_id", "pk")
        .values_list(
            "review__assignment__version__number", "review_id", "criterion", "score", "comment"
        )
    )
    versions = {}
    for number, review_id, criterion, score, comment in rows:
        reviewers, criteria = versions.setdefault(number, ({}, {}))
        reviewer_number = reviewers.setdefault(review_id, len(reviewers) + 1)
        criteria.setdefault(criterion, []).append(BlindScore(reviewer_number, score, comment))
    labels = dict(StandardField.choices)
    return [
        BlindReviews(
            version_number=number,
            reviewer_count=len(reviewers),
            criteria=[
                BlindCriterion(key=key, label=labels[key], scores=criteria.get(key, []))
                for key in StandardField.values
            ],
        )
        for number, (reviewers, criteria) in versions.items()
    ]


def provider_reviews_data(dossier) -> list[dict]:
    """provider_reviews() as plain data, for the provider API: reviewers by number only."""
    return [
        {
            "version": reviews.version_number,
            "reviewer_count": reviews.reviewer_count,
            "criteria": {
                criterion.key: [
                    {
                        "reviewer": entry.reviewer_number,
                        "score": entry.score,
                        "comment": entry.comment,
                    }
                    for entry in criterion.scores
                ]
                for criterion in reviews.criteria
            },
        }
        for reviews in provider_reviews(dossier)
    ]
