"""The realistic demo: providers, people of every role, and dossiers in every state.

Everything goes through the services, as if people had done it, so the demo has real
histories (versions, reviews, decisions, audit trails) and its certified items are published
by the same tasks as in production. Each step happens at its own moment of the last twenty
months, on a simulated clock (demo.clock), as demo.history plans it. Running it again adds
nothing that is already there.
"""

import functools
import hashlib
import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
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
from reviewers import accrediting as reviewer_accrediting
from reviewers import services as reviewer_services
from reviewers.models import ReviewerProfile

from . import history, second_factor, workflow
from .catalogue import COURSES, ORGANISATIONS
from .clock import SimulatedClock
from .workflow import Cast

S = DossierState
PASSWORD = "demo-pass-2026"

#: The dossiers that are not (yet) certified, one per state; every other course is accredited.
STATES_BY_REFERENCE = {
    reference: scenario.target
    for reference, scenario in history.SCENARIOS.items()
    if scenario.target != S.ACCREDITED
}
#: Demo provider accounts: one per organisation; the first ones are managers, listed first.
PROVIDER_ROLES = {"toto-univ": MemberRole.MANAGER, "sakura-tech": MemberRole.MANAGER}
#: email, given name, family name, fields of study ("all" or codes), accredited days ago.
REVIEWERS = [
    ("reviewer1@example.org", "一郎", "佐藤", "all", 565),
    ("reviewer2@example.org", "Emma", "Walker", "all", 564),
    ("reviewer3@example.org", "花子", "鈴木", ["health_welfare", "education", "languages"], 560),
    ("reviewer4@example.org", "健太", "高橋", "all", 558),
    ("reviewer5@example.org", "Liam", "Chen", "all", 551),
    ("reviewer6@example.org", "美咲", "田中", "all", 545),
    ("reviewer7@example.org", "Sofia", "García", "all", 230),
]
#: Reviewers are accredited for three years.
REVIEWER_YEARS = 3
#: Each reviewer's standing affiliation (organisation, relationship, since which year), which
#: the desk's invite picker shows beside their email. None of them is a demo provider: an
#: affiliation with a provider within three years would be a conflict of interest.
AFFILIATIONS = {
    "reviewer1@example.org": ("東北情報大学 Tohoku University of Informatics", "employee", 2014),
    "reviewer2@example.org": ("Walker Learning Design Ltd", "consultant", 2019),
    "reviewer3@example.org": ("北陸看護大学 Hokuriku College of Nursing", "employee", 2011),
    "reviewer4@example.org": ("日本品質保証機構 Japan Quality Assurance Forum", "board", 2020),
    "reviewer5@example.org": ("Pacific Credentials Lab", "employee", 2021),
    "reviewer6@example.org": ("関西教育研究所 Kansai Education Institute", "employee", 2016),
    "reviewer7@example.org": ("Universidad de Valencia", "employee", 2018),
}
#: The accreditation body's staff: email, given name, family name, role. The committee has
#: two members so that one can hear the appeal against the other's decision.
STAFF = [
    ("secretariat@example.org", "直子", "小林", roles.SECRETARIAT),
    ("committee@example.org", "正樹", "渡辺", roles.COMMITTEE),
    ("committee2@example.org", "恵子", "山本", roles.COMMITTEE),
]
#: The register opened (staff accounts) and the providers joined this many days ago.
OPENED_DAYS_AGO = 620
ORGANISATIONS_JOINED_DAYS_AGO = 600
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

    @property
    def second_factor(self):
        """Providers sign in with the password alone; everyone else with the demo app's code."""
        return self.role != "provider"

    def as_json(self):
        account = {
            "role": self.role,
            "email": self.email,
            "password": PASSWORD,
            "organisation": self.organisation_slug or self.organisation,
        }
        if self.api_token:
            account["api_token"] = self.api_token
        if self.second_factor:
            account["totp_secret"] = second_factor.DEMO_TOTP_SECRET
        return account


@functools.cache
def _password_hash():
    """The demo password, hashed once: every demo account shares it, and hashing it for each
    account (the hasher is slow on purpose) took a third of the seed's time."""
    return make_password(PASSWORD)


def _user(email, first_name="", last_name="", *, superuser=False):
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(username=email, email=email, first_name=first_name, last_name=last_name)
        user.is_staff = user.is_superuser = superuser
        user.password = _password_hash()
        user.save()
    _verified(user)
    return user


def _verified(user):
    """Demo accounts sign in at once: their address is confirmed (allauth)."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def _organisation(slug, name_ja, name_en, kind):
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
    return organisation


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
    return second_factor.enrol(user)


def _reviewer(email, first_name, last_name, fields, *, secretariat):
    """An accredited reviewer, accredited by the secretariat for three years from today."""
    user = second_factor.enrol(_user(email, first_name, last_name))
    profile = ReviewerProfile.objects.filter(user=user).first()
    if profile is None:
        scope = FieldOfStudy.objects.all()
        if fields != "all":
            scope = scope.filter(code__in=fields)
        today = timezone.localdate()
        profile = reviewer_services.reviewer_accredit(
            actor=secretariat,
            user=user,
            fields_of_study=scope,
            valid_from=today,
            valid_until=today.replace(year=today.year + REVIEWER_YEARS),
            languages=["ja", "en"],
            training_record="認定審査員研修 修了 / Reviewer training completed",
        ).reviewer
    return profile


def _declare_affiliation(profile):
    """The reviewer declares their standing affiliation, as /review/affiliations/ lets them."""
    if profile.affiliations.exists() or profile.user.email not in AFFILIATIONS:
        return
    name, relationship, since = AFFILIATIONS[profile.user.email]
    reviewer_accrediting.affiliation_add(
        actor=profile.user,
        organisation_name=name,
        relationship=relationship,
        started_on=date(since, 4, 1),
    )


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


def _years_later(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class _Register:
    """The people and organisations of the demo, made on the simulated clock as they joined."""

    def __init__(self, clock, calendar):
        self.clock, self.calendar = clock, calendar
        self.rng = random.Random(f"{history.SEED}/register")
        self.staff, self.organisations, self.providers, self.reviewers = {}, {}, {}, {}

    def open(self):
        """The office opens and the providers join (now, on the clock); the reviewers are
        accredited on their days, as the histories run."""
        self._at(OPENED_DAYS_AGO, self._open_office)
        for number, (slug, *_rest) in enumerate(ORGANISATIONS):
            joined = self._at(ORGANISATIONS_JOINED_DAYS_AGO - 6 * number, self._join, slug)
        for email, *_rest, days_ago in REVIEWERS:
            self._at(days_ago, self._accredit, email)
        self.clock.run(before=joined + timedelta(seconds=1))

    def _at(self, days_ago, action, *args):
        moment = self.calendar.days_ago(days_ago, "staff", self.rng)
        self.clock.at(moment, functools.partial(action, *args))
        return moment

    def _open_office(self):
        for email, first_name, last_name, role in STAFF:
            self.staff[email] = _staff(email, first_name, last_name, role)
        second_factor.enrol(_user("admin@example.org", "Admin", "", superuser=True))

    def _join(self, slug):
        _slug, name_ja, name_en, kind = next(o for o in ORGANISATIONS if o[0] == slug)
        organisation = _organisation(slug, name_ja, name_en, kind)
        self.organisations[slug] = organisation
        self.providers[slug] = _provider(organisation)

    def _accredit(self, email):
        _email, first_name, last_name, fields, _days = next(r for r in REVIEWERS if r[0] == email)
        secretariat = self.staff["secretariat@example.org"]
        self.reviewers[email] = _reviewer(
            email, first_name, last_name, fields, secretariat=secretariat
        )
        _declare_affiliation(self.reviewers[email])

    @property
    def committee(self):
        """(chair, member): the chair takes the first decisions the member may hear appeals of."""
        return self.staff["committee@example.org"], self.staff["committee2@example.org"]

    def cast(self, organisation_slug, plan):
        return Cast(
            provider=self.providers[organisation_slug],
            secretariat=self.staff["secretariat@example.org"],
            committee=plan.decider(None, None),
        )


def _scenarios(log_rng):
    """{reference: Scenario} of every course: the special ones, and the other certified
    courses started at even intervals over the accredited period."""
    plain = [c.reference for c in COURSES if c.reference not in history.SCENARIOS]
    first, last = history.ACCREDITED_START_DAYS
    step = (first - last) / max(1, len(plain) - 1)
    scenarios = {
        reference: history.Scenario(
            S.ACCREDITED, {"create": round(first - n * step + log_rng.uniform(-5, 5))}
        )
        for n, reference in enumerate(plain)
    }
    return {**scenarios, **history.SCENARIOS}


def _course_story(register, course, scenario, plan, log):
    organisation = register.organisations[course.organisation]
    cast = register.cast(course.organisation, plan)
    with transaction.atomic():
        dossier = services.dossier_create(
            actor=cast.provider,
            organisation=organisation,
            content=course_content(course),
            provider_reference=course.reference,
        )
    steps = workflow.ACCREDITED_AFTER_REVISION if scenario.revised else None
    yield from workflow.story(dossier, scenario.target, cast, plan, steps=steps)
    if course.reference == DEMO_INVITATION:
        yield from _waiting_for_reviewers(dossier, cast, plan, register)
    log(f"  {course.reference:9} {dossier.state:20} {course.title[1]}")


#: The dossier in review where the demo reviewer's invitation waits.
DEMO_INVITATION = "PSY-150"
DEMO_REVIEWER = "reviewer1@example.org"


def _waiting_for_reviewers(dossier, cast, plan, register):
    """One reviewer has accepted and saved a draft; the demo reviewer's invitation waits."""
    demo_reviewer = register.reviewers[DEMO_REVIEWER]
    first = next(r for r in plan.reviewers(dossier, cast) if r.pk != demo_reviewer.pk)
    assignment = reviewer_services.assignment_invite(
        actor=cast.secretariat, dossier=dossier, reviewer=first
    )
    yield plan.moment("first_review_accepted")
    reviewer_services.assignment_accept(actor=first.user, assignment=assignment, no_conflict=True)
    yield plan.moment("first_review_drafted")
    scores, _recommendation, _note = plan.review(assignment)
    drafted = dict(list(scores.items())[:3])
    reviewer_services.review_save(actor=first.user, assignment=assignment, scores=drafted)
    yield plan.moment("invite_demo_reviewer")
    reviewer_services.assignment_invite(
        actor=cast.secretariat, dossier=dossier, reviewer=demo_reviewer
    )


def _dossiers(register, clock, calendar, log):
    rng = random.Random(f"{history.SEED}/starts")
    for reference, scenario in _scenarios(rng).items():
        course = next(c for c in COURSES if c.reference == reference)
        organisation = register.organisations[course.organisation]
        if Dossier.objects.filter(organisation=organisation, provider_reference=reference).exists():
            continue
        plan = history.DemoPlan(reference, scenario, calendar, register.committee)
        clock.start(plan.start(), _course_story(register, course, scenario, plan, log))


def _intake_batch(register, clock, calendar, log):
    """Next year's cohort of some certified courses: submitted, accepted, no reviewer yet."""
    certified = [c for c in COURSES if c.reference not in STATES_BY_REFERENCE]
    rng = random.Random(f"{history.SEED}/intake")
    for course in certified[:INTAKE_BATCH]:
        organisation = register.organisations[course.organisation]
        reference = f"{course.reference}-2027"
        if Dossier.objects.filter(organisation=organisation, provider_reference=reference).exists():
            continue
        days = {
            "create": rng.randint(18, 34),
            "submit": rng.randint(7, 15),
            "accept_for_review": rng.randint(1, 5),
        }
        scenario = history.Scenario(S.IN_REVIEW, days)
        plan = history.DemoPlan(reference, scenario, calendar, register.committee)
        clock.start(plan.start(), _cohort_story(register, course, reference, plan, log))


def _cohort_story(register, course, reference, plan, log):
    content = course_content(course)
    content["title"] = {
        "ja": f"{course.title[0]}（2027年度）",
        "en": f"{course.title[1]} (2027 cohort)",
    }
    cast = register.cast(course.organisation, plan)
    with transaction.atomic():
        dossier = services.dossier_create(
            actor=cast.provider,
            organisation=register.organisations[course.organisation],
            content=content,
            provider_reference=reference,
        )
    yield from workflow.story(dossier, S.IN_REVIEW, cast, plan)
    log(f"  {reference:9} {dossier.state:20} {content['title']['en']}")


def _catch_up():
    """What the scheduler (Celery beat) would have done by now, once the history has been
    written: expire what lapsed, re-sign the status lists (valid for 7 days: those signed in
    the simulated past have run out) and write the registry's full dumps."""
    from registry_export import tasks as registry_tasks

    services.expire_lapsed()

    def scheduled_jobs():
        registry_tasks.refresh_status_lists.delay()
        registry_tasks.build_registry_dumps.delay()

    # After the publishing tasks of the history (which run on commit), never before them.
    transaction.on_commit(scheduled_jobs)


def seed(log=print):
    """Create the demo. Returns the demo accounts."""
    now = timezone.now()
    calendar = history.Calendar(timezone.localdate())
    clock = SimulatedClock(until=now)
    register = _Register(clock, calendar)
    register.open()
    _dossiers(register, clock, calendar, log)
    _intake_batch(register, clock, calendar, log)
    clock.run()
    _catch_up()

    organisations, providers = register.organisations, register.providers
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
        *[Account(role, email) for email, _first, _last, role in STAFF],
        *[Account("reviewer", email) for email, *_ in REVIEWERS],
        Account("admin", "admin@example.org"),
    ]
    return accounts
