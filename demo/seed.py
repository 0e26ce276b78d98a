"""The realistic demo: providers, people of every role, and dossiers in every state.

Everything goes through the services, as if people had done it, so the demo has real
histories (versions, reviews, decisions, audit trails) and its certified items are published
by the same tasks as in production. Running it again adds nothing that is already there.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accreditation import roles, services
from accreditation.models import (
    ApiToken,
    Dossier,
    DossierState,
    FieldOfStudy,
    MemberRole,
    ProviderOrganisation,
)
from accreditation.services import tokens
from reviewers import services as reviewer_services
from reviewers.models import ReviewerProfile

from .catalogue import COURSES, ORGANISATIONS
from .workflow import Cast, advance

S = DossierState
PASSWORD = "demo-pass-2026"

#: The dossiers that are not (yet) certified, one per state; every other course is accredited.
STATES_BY_REFERENCE = {
    "OTH-100": S.DRAFT,
    "LAW-120": S.SUBMITTED,
    "PSY-150": S.IN_REVIEW,
    "ART-120": S.AWAITING_DECISION,
    "COOK-110": S.REVISION_REQUESTED,
    "AGR-130": S.REJECTED,
    "HIS-110": S.APPEALED,
    "ACC-110": S.SUSPENDED,
    "FOOD-120": S.EXPIRED,
    "SPT-110": S.REVOKED,
    "DATA-240": S.WITHDRAWN,
}
#: Demo provider accounts: one per organisation; the first ones are managers, listed first.
PROVIDER_ROLES = {"toto-univ": MemberRole.MANAGER, "sakura-tech": MemberRole.MANAGER}
REVIEWERS = [
    ("reviewer1@example.org", "一郎", "佐藤", "all"),
    ("reviewer2@example.org", "Emma", "Walker", "all"),
    ("reviewer3@example.org", "花子", "鈴木", ["health_welfare", "education", "languages"]),
    ("reviewer4@example.org", "健太", "高橋", "all"),
    ("reviewer5@example.org", "Liam", "Chen", "all"),
    ("reviewer6@example.org", "美咲", "田中", "all"),
    ("reviewer7@example.org", "Sofia", "García", "all"),
]
#: Next year's cohorts of this many certified courses wait, accepted for review, for reviewers:
#: the batch the secretariat assigns with "Assign reviewers automatically".
INTAKE_BATCH = 12


#: The name of each demo organisation's API token.
DEMO_TOKEN_NAME = "Demo script"


@dataclass(frozen=True)
class Account:
    role: str
    email: str
    organisation: str = ""
    organisation_slug: str = ""
    api_token: str = ""

    def as_json(self):
        account = {
            "role": self.role,
            "email": self.email,
            "password": PASSWORD,
            "organisation": self.organisation_slug or self.organisation,
        }
        if self.api_token:
            account["api_token"] = self.api_token
        return account


def _user(email, first_name="", last_name="", *, superuser=False):
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(username=email, email=email, first_name=first_name, last_name=last_name)
        user.is_staff = user.is_superuser = superuser
        user.set_password(PASSWORD)
        user.save()
    _verified(user)
    return user


def _verified(user):
    """Demo accounts sign in at once: their address is confirmed (allauth)."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def _organisations():
    organisations = {}
    for slug, name_ja, name_en, kind in ORGANISATIONS:
        organisation = ProviderOrganisation.objects.filter(slug=slug).first()
        if organisation is None:
            organisation = services.organisation_create(
                actor=None,
                slug=slug,
                name_ja=name_ja,
                name_en=name_en,
                kind=kind,
                website=f"https://{slug}.example.jp/",
                quality_assurance="自己点検・評価 / Internal quality assurance",
            )
        organisations[slug] = organisation
    return organisations


def _provider(organisation):
    email = f"provider.{organisation.slug}@example.org"
    user = _user(email, "担当", organisation.name_ja)  # reads family first: 東都国立大学 担当
    if not organisation.memberships.filter(user=user).exists():
        role = PROVIDER_ROLES.get(organisation.slug, MemberRole.EDITOR)
        services.membership_add(actor=None, organisation=organisation, user=user, role=role)
    return user


def demo_api_key(organisation):
    """The demo organisation's API key: fixed, like the demo password, so that scripts written
    against the demo keep working when it is seeded again."""
    digest = hashlib.sha256(f"{PASSWORD}:{organisation.slug}".encode()).hexdigest()
    return f"{tokens.KEY_PREFIX}demo{digest[:40]}"


def _api_token(organisation):
    """The organisation's demo token (made once, by the system); "" if someone revoked it."""
    raw_key = demo_api_key(organisation)
    token = ApiToken.objects.filter(key_hash=tokens.hash_key(raw_key)).first()
    if token is None:
        tokens.api_token_create(
            actor=None, organisation=organisation, name=DEMO_TOKEN_NAME, raw_key=raw_key
        )
    elif not token.is_active:
        return ""
    return raw_key


def _staff(email, first_name, last_name, role):
    user = _user(email, first_name, last_name)
    user.groups.add(Group.objects.get(name=role))
    return user


def _reviewers():
    profiles = []
    today = timezone.localdate()
    for email, first_name, last_name, fields in REVIEWERS:
        user = _user(email, first_name, last_name)
        profile = ReviewerProfile.objects.filter(user=user).first()
        if profile is None:
            scope = FieldOfStudy.objects.all()
            if fields != "all":
                scope = scope.filter(code__in=fields)
            profile = reviewer_services.reviewer_accredit(
                actor=None,
                user=user,
                fields_of_study=scope,
                valid_from=today - timedelta(days=90),
                valid_until=today + timedelta(days=3 * 365),
                languages=["ja", "en"],
                training_record="認定審査員研修 修了 / Reviewer training completed",
            ).reviewer
        profiles.append(profile)
    return profiles


def course_content(course):
    """The course as dossier content in the interchange format."""
    contact, self_study, assessment = course.hours
    return {
        "title": {"ja": course.title[0], "en": course.title[1]},
        "summary": {"ja": course.summary[0], "en": course.summary[1]},
        "field_of_study": course.field,
        "design_pattern": "modularised_degree" if _counts_toward_a_degree(course) else "standalone",
        "purpose": {
            "aim": {"ja": course.summary[0], "en": course.summary[1]},
            "target_learners": {"ja": "社会人・学生", "en": "Working adults and students"},
            "need_evidence": {
                "ja": "地域企業への聞き取りで需要を確認。",
                "en": "Demand confirmed in interviews with local employers.",
            },
        },
        "learning_hours": {
            "contact": contact,
            "self_study": self_study,
            "assessment": assessment,
            "credits_claimed": (
                [{"system": course.credits[0], "value": course.credits[1]}]
                if course.credits
                else []
            ),
        },
        "content": {
            "topics": [{"ja": ja, "en": en} for ja, en in course.topics],
            "delivery_mode": course.delivery,
            "languages": ["ja"],
        },
        "level": {"framework": course.framework, "value": course.level},
        "assessment": {
            "awarded_on": "assessment",
            "methods": list(course.methods),
            "pass_criteria": {
                "ja": "ルーブリックで各観点60%以上。",
                "en": "At least 60% on every rubric criterion.",
            },
            "grading_scheme": "pass_fail",
            "supervision": "supervised_online_id",
            "rubric_published": True,
        },
        "learning_outcomes": [
            {"statement": {"ja": ja, "en": en}, "type": kind} for ja, en, kind in course.outcomes
        ],
        "stackability": _stackability(course),
        "fee": {"amount": _fee(course), "currency": "JPY"},
        "jurisdiction_profiles": ["JP"],
    }


#: What the universities' credit-bearing courses count toward (the catalogue's pathways).
QUALIFICATIONS = {
    "toto-univ": (
        {
            "ja": "データサイエンス修士（社会人コース）",
            "en": "Master of Data Science (working adults)",
        },
        "東都国立大学",
    ),
    "minato-city-univ": ({"ja": "看護学修士", "en": "Master of Nursing"}, "みなと市立大学"),
    "sakura-tech": (
        {"ja": "情報セキュリティ学士", "en": "Bachelor of Information Security"},
        "さくら工科大学",
    ),
}
#: Fees in yen by provider; regional courses funded by the municipality are free.
FEES = {"soratec": 55000, "care-assoc": 20000, "mirai-digital": 38000}


def _counts_toward_a_degree(course):
    return bool(course.credits) and course.organisation in QUALIFICATIONS


def _stackability(course):
    if not _counts_toward_a_degree(course):
        return {"stand_alone": True, "counts_toward": []}
    qualification, institution = QUALIFICATIONS[course.organisation]
    system, credits = course.credits
    return {
        "stand_alone": False,
        "counts_toward": [
            {
                "qualification": qualification,
                "institution": institution,
                "credits": credits,
                "system": system,
            }
        ],
    }


def _fee(course):
    if course.field == "regional_revitalisation":
        return 0
    return FEES.get(course.organisation, 30000)


def _eligible(reviewers, course):
    eligible = [
        r for r in reviewers if r.accreditations.filter(fields_of_study__code=course.field).exists()
    ]
    return eligible[:2]


def _dossiers(organisations, providers, staff, reviewers, log):
    for course in COURSES:
        organisation = organisations[course.organisation]
        if Dossier.objects.filter(
            organisation=organisation, provider_reference=course.reference
        ).exists():
            continue
        provider = providers[course.organisation]
        with transaction.atomic():
            dossier = services.dossier_create(
                actor=provider,
                organisation=organisation,
                content=course_content(course),
                provider_reference=course.reference,
            )
        target = STATES_BY_REFERENCE.get(course.reference, S.ACCREDITED)
        cast = Cast(
            provider=provider,
            secretariat=staff["secretariat"],
            committee=staff["committee"],
            reviewers=_eligible(reviewers, course),
        )
        advance(dossier, target, cast)
        log(f"  {course.reference:9} {target:20} {course.title[1]}")


def _intake_batch(organisations, providers, staff, log):
    """Next year's cohort of some certified courses: submitted, accepted, no reviewer yet."""
    certified = [c for c in COURSES if c.reference not in STATES_BY_REFERENCE]
    for course in certified[:INTAKE_BATCH]:
        organisation = organisations[course.organisation]
        reference = f"{course.reference}-2027"
        if Dossier.objects.filter(organisation=organisation, provider_reference=reference).exists():
            continue
        content = course_content(course)
        content["title"] = {
            "ja": f"{course.title[0]}（2027年度）",
            "en": f"{course.title[1]} (2027 cohort)",
        }
        provider = providers[course.organisation]
        with transaction.atomic():
            dossier = services.dossier_create(
                actor=provider,
                organisation=organisation,
                content=content,
                provider_reference=reference,
            )
        cast = Cast(
            provider=provider,
            secretariat=staff["secretariat"],
            committee=staff["committee"],
            reviewers=[],
        )
        advance(dossier, S.IN_REVIEW, cast)
        log(f"  {reference:9} {S.IN_REVIEW:20} {content['title']['en']}")


def _open_invitation(staff, reviewers):
    """The demo reviewer has an invitation waiting in the queue."""
    dossier = Dossier.objects.filter(provider_reference="PSY-150", state=S.IN_REVIEW).first()
    if dossier is None or dossier.versions.filter(assignments__isnull=False).exists():
        return
    reviewer_services.assignment_invite(
        actor=staff["secretariat"], dossier=dossier, reviewer=reviewers[0]
    )


def seed(log=print):
    """Create the demo. Returns the demo accounts."""
    organisations = _organisations()
    providers = {slug: _provider(org) for slug, org in organisations.items()}
    staff = {
        "secretariat": _staff("secretariat@example.org", "恵子", "山本", roles.SECRETARIAT),
        "committee": _staff("committee@example.org", "和夫", "中村", roles.COMMITTEE),
    }
    reviewers = _reviewers()
    _user("admin@example.org", "Admin", "", superuser=True)
    _dossiers(organisations, providers, staff, reviewers, log)
    _intake_batch(organisations, providers, staff, log)
    _open_invitation(staff, reviewers)

    api_keys = {slug: _api_token(organisation) for slug, organisation in organisations.items()}
    accounts = [
        Account(
            "provider",
            providers[slug].email,
            organisations[slug].name_en,
            organisation_slug=slug,
            api_token=api_keys[slug],
        )
        for slug in organisations
    ]
    accounts += [
        Account("secretariat", "secretariat@example.org"),
        Account("committee", "committee@example.org"),
        *[Account("reviewer", email) for email, *_ in REVIEWERS],
        Account("admin", "admin@example.org"),
    ]
    return accounts
