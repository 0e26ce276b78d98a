"""Thousands of cases in every state, for measuring the pages at scale (`seed_demo --cases N`).

The services take one dossier at a time through its history; 10,000 histories would take
hours. So each *kind* of case (a draft, one waiting for reviewers, one reviewed and waiting for
the committee, one accredited after a revision round, a revoked one...) is first taken through
the real services once: that dossier is the kind's *pattern*. Its rows (versions, reviews,
scores, decisions, conditions, revision comments, audit events and object permissions) are then
copied with bulk inserts, once per case, each copy for its own organisation, provider,
reviewers, course and moment: every key is mapped to the copy's own rows, every date moved back
by the same amount, so a copy is what the services would have left had its people done it.
The certified copies are published as the catalogue's bulk items are (demo.bulk): their ja and
en pages, and their registry documents through the registry's own publishing code.

The register grows to 50 more provider organisations and 300 accredited reviewers, made through
the services. One case in five belongs to the demo provider (Toto National University) and the
demo reviewer sits on one panel in ten, so that their pages grow with the register.
"""

import hashlib
import os
import random
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from guardian.models import (
    GroupObjectPermission,
    GroupObjectPermissionBase,
    UserObjectPermission,
    UserObjectPermissionBase,
)

from accreditation import services
from accreditation.models import (
    AuditEvent,
    Decision,
    DecisionCondition,
    DecisionOutcome,
    Dossier,
    DossierAttachment,
    DossierState,
    DossierVersion,
    Notification,
    ProviderKind,
    ProviderOrganisation,
    RevisionComment,
)
from accreditation.models.dossiers import PUBLISHED
from accreditation.selectors import published_item
from cms.models import CatalogueIndexPage
from registry_export import publishing
from reviewers import services as reviewer_services
from reviewers.models import Assignment, AssignmentNotice, Review, ReviewerProfile, ReviewScore

from . import bulk, seed, workflow
from .catalogue import COURSES
from .clock import SimulatedClock
from .workflow import Cast

S = DossierState
SEED = "mc-demo/scale"
REFERENCE_PREFIX = "SCALE-"
#: Copies written in one transaction.
BATCH = 500
ORGANISATIONS = 50
REVIEWERS = 300
REVIEWER_PREFIX = "reviewer.scale"
#: The reviewers were accredited this long ago: before the oldest copied case.
REVIEWERS_SINCE_DAYS = 730
#: The share of cases of the demo provider, and of panels the demo reviewer sits on.
DEMO_PROVIDER_SHARE = 0.2
DEMO_REVIEWER_SHARE = 0.1
DEMO_PROVIDER = "toto-univ"

# The steps of the kinds the usual paths (demo.workflow.STEPS) do not have.


def _invite(dossier, cast, plan):
    yield plan.when("invite", dossier)
    for reviewer in cast.reviewers:
        reviewer_services.assignment_invite(
            actor=cast.secretariat, dossier=dossier, reviewer=reviewer
        )


def _first_reviewer_drafts(dossier, cast, plan):
    """The first reviewer accepts and saves three scores; the second has not answered yet."""
    assignment = Assignment.objects.get(version__dossier=dossier, reviewer=cast.reviewers[0])
    yield plan.when("accept", dossier)
    user = assignment.reviewer.user
    reviewer_services.assignment_accept(actor=user, assignment=assignment, no_conflict=True)
    yield plan.when("draft", dossier)
    scores, _recommendation, _note = plan.review(assignment)
    drafted = dict(list(scores.items())[:3])
    reviewer_services.review_save(actor=user, assignment=assignment, scores=drafted)


STEPS = workflow.STEPS
DECIDE_REVISIONS = workflow.REVISION_ROUND[0]


@dataclass(frozen=True)
class Kind:
    """A kind of case: the state it ends in, the steps that take it there, how common it is,
    and how far back (days) its copies are moved: open cases are recent, closed ones not."""

    name: str
    target: str
    steps: list
    weight: int
    days_back: tuple
    #: Reviewers score the first round 1 on every field (the committee then asks for changes
    #: or rejects); later rounds 2.
    weak: bool = False
    valid_years: int | None = None
    #: The pattern's history starts this many days ago.
    pattern_days: int = 100


RECENT, ANY_TIME, LAPSED = (0, 20), (0, 540), (0, 200)
KINDS = [
    Kind("draft", S.DRAFT, STEPS[S.DRAFT], 6, RECENT),
    Kind("submitted", S.SUBMITTED, STEPS[S.SUBMITTED], 5, RECENT),
    Kind("accepted", S.IN_REVIEW, STEPS[S.IN_REVIEW], 4, RECENT),
    Kind("invited", S.IN_REVIEW, [*STEPS[S.IN_REVIEW], _invite], 5, RECENT),
    Kind(
        "reviewing", S.IN_REVIEW, [*STEPS[S.IN_REVIEW], _invite, _first_reviewer_drafts], 6, RECENT
    ),
    Kind("reviewed", S.AWAITING_DECISION, STEPS[S.AWAITING_DECISION], 4, RECENT),
    Kind("revisions", S.REVISION_REQUESTED, STEPS[S.REVISION_REQUESTED], 4, RECENT, weak=True),
    Kind("accredited", S.ACCREDITED, STEPS[S.ACCREDITED], 40, ANY_TIME),
    Kind("revised", S.ACCREDITED, workflow.ACCREDITED_AFTER_REVISION, 6, ANY_TIME, weak=True),
    Kind("rejected", S.REJECTED, STEPS[S.REJECTED], 4, ANY_TIME, weak=True),
    Kind("appealed", S.APPEALED, STEPS[S.APPEALED], 1, RECENT, weak=True),
    Kind("suspended", S.SUSPENDED, STEPS[S.SUSPENDED], 2, ANY_TIME),
    # Approved for a year, 16 months ago: lapsed, and expired by the scheduler the day after.
    Kind("expired", S.EXPIRED, STEPS[S.EXPIRED], 5, LAPSED, valid_years=1, pattern_days=480),
    Kind("revoked", S.REVOKED, STEPS[S.REVOKED], 1, ANY_TIME),
    Kind("withdrawn", S.WITHDRAWN, STEPS[S.WITHDRAWN], 3, ANY_TIME),
]
#: Days between one step of a pattern and the next, by step (the rest: one day).
WAITS = {"submit": 12, "accept_for_review": 3, "invite": 1, "decide": 9, "revise": 14}


class PatternPlan(workflow.Plan):
    """A pattern's history: each step some days after the one before, ending before today;
    reviewers take two days to accept and ten to review."""

    def __init__(self, kind, start):
        super().__init__()
        self.kind = kind
        self.moment = start

    def when(self, step, dossier):
        if step == "expire":  # the night after the validity ends, as the scheduler does
            approval = dossier.decisions.filter(outcome=DecisionOutcome.APPROVED).latest("pk")
            night = datetime.combine(approval.valid_until + timedelta(days=1), time(1))
            self.moment = timezone.make_aware(night)
            return self.moment
        # After the previous step, or after the reviews that came in since (now, on the clock).
        self.moment = max(self.moment, timezone.now()) + timedelta(days=WAITS.get(step, 1))
        return self.moment

    def review_times(self, assignment):
        invited = assignment.invited_at
        position = Assignment.objects.filter(version=assignment.version, pk__lt=assignment.pk)
        return invited + timedelta(days=2), invited + timedelta(days=10, hours=position.count())

    def review(self, assignment):
        self.score = 1 if self.kind.weak and assignment.version.number == 1 else 2
        return super().review(assignment)

    def decision(self, dossier, outcome):
        arguments = super().decision(dossier, outcome)
        if outcome == DecisionOutcome.APPROVED and self.kind.valid_years:
            arguments["valid_years"] = self.kind.valid_years
        return arguments


# The register's people.


PLACES = [
    ("aoba", "青葉", "Aoba"),
    ("asahi", "朝日", "Asahi"),
    ("shinonome", "東雲", "Shinonome"),
    ("kawasemi", "翡翠", "Kawasemi"),
    ("hibiki", "響", "Hibiki"),
    ("kaede", "楓", "Kaede"),
    ("minori", "実り", "Minori"),
    ("seiran", "青嵐", "Seiran"),
    ("tsubasa", "翼", "Tsubasa"),
    ("yamabuki", "山吹", "Yamabuki"),
]
KINDS_OF_PROVIDER = [
    ("univ", "{}大学", "{} University", ProviderKind.PRIVATE_UNIVERSITY),
    ("kosen", "{}工業高等専門学校", "{} College of Technology", ProviderKind.TECHNICAL_COLLEGE),
    ("college", "{}専門学校", "{} Vocational College", ProviderKind.SPECIALISED_TRAINING_COLLEGE),
    ("learning", "株式会社{}ラーニング", "{} Learning Inc.", ProviderKind.COMPANY),
    ("assoc", "{}職能協会", "{} Professional Association", ProviderKind.PROFESSIONAL_BODY),
]
GIVEN = ["翔", "陽菜", "蓮", "結衣", "湊", "葵", "Olivia", "Noah", "Amara", "Ravi"]
FAMILY = ["伊藤", "山田", "中村", "小川", "松本", "Smith", "Okafor", "Kumar", "Müller", "Lee"]


def scale_organisations(count=ORGANISATIONS):
    """The 50 organisations beside the demo's: ten places, five kinds of provider each."""
    made = []
    for number in range(count):
        slug, place_ja, place_en = PLACES[number % len(PLACES)]
        suffix, name_ja, name_en, kind = KINDS_OF_PROVIDER[number // len(PLACES) % 5]
        organisation = seed._organisation(
            f"{slug}-{suffix}", name_ja.format(place_ja), name_en.format(place_en), kind
        )
        seed._provider(organisation)
        made.append(organisation)
    return made


def scale_reviewers(secretariat, total=REVIEWERS):
    """Reviewers accredited for every field of study, two years ago, until `total` reviewers
    are accredited. Returns these (not the demo's, some of whom have a narrower scope)."""
    accredited = ReviewerProfile.objects.filter(accreditations__isnull=False).distinct()
    mine = f"{REVIEWER_PREFIX}%03d@example.org"
    with time_machine.travel(timezone.now() - timedelta(days=REVIEWERS_SINCE_DAYS)):
        for number in range(accredited.count(), total):
            given, family = GIVEN[number % len(GIVEN)], FAMILY[number // len(GIVEN) % len(FAMILY)]
            seed._reviewer(mine % number, given, family, "all", secretariat=secretariat)
    return list(
        accredited.filter(user__email__startswith=REVIEWER_PREFIX)
        .select_related("user")
        .order_by("pk")
    )


def provider_of(organisation):
    return organisation.memberships.select_related("user").order_by("pk").first().user


# Patterns.


def make_pattern(kind, cast, organisation, *, reference=None, start=None):
    """Take a new dossier of `organisation` through the kind's history, through the services,
    on the simulated clock (each step on its own day, ending before now)."""
    now = timezone.now()
    start = start or now - timedelta(days=kind.pattern_days)
    plan = PatternPlan(kind, start)
    clock = SimulatedClock(until=now)
    made = {}

    def history():
        yield start
        with transaction.atomic():
            made["dossier"] = services.dossier_create(
                actor=cast.provider,
                organisation=organisation,
                content=seed.course_content(COURSES[0]),
                provider_reference=reference or f"{REFERENCE_PREFIX}{kind.name}",
            )
        yield from workflow.story(made["dossier"], kind.target, cast, plan, steps=kind.steps)

    clock.start(start, history())
    clock.run()
    return Dossier.objects.get(pk=made["dossier"].pk)


# What a case is made of.

#: The rows of one case, parents before children, with the path from each to its dossier.
CASE_ROWS = [
    (Dossier, "pk"),
    (DossierVersion, "dossier"),
    (DossierAttachment, "dossier"),
    (Decision, "dossier"),
    (DecisionCondition, "decision__dossier"),
    (RevisionComment, "dossier"),
    (Assignment, "version__dossier"),
    (AssignmentNotice, "assignment__version__dossier"),
    (Review, "assignment__version__dossier"),
    (ReviewScore, "review__assignment__version__dossier"),
    (AuditEvent, "dossier"),
    (Notification, "event__dossier"),
]
CASE_MODELS = [model for model, _path in CASE_ROWS]


def direct_grant_tables():
    """guardian's direct object-permission tables whose objects are a case's rows."""
    bases = (UserObjectPermissionBase, GroupObjectPermissionBase)
    return [
        model
        for model in apps.get_models()
        if issubclass(model, bases)
        and model._meta.get_field("content_object").related_model in CASE_MODELS
    ]


def case_rows(dossier):
    """{model: [rows]} of everything the services wrote for this case, in insert order."""
    rows = {
        model: list(model.objects.filter(**{path: dossier.pk}).order_by("pk"))
        for model, path in CASE_ROWS
    }
    for table in direct_grant_tables():
        target = table._meta.get_field("content_object").related_model
        pks = [row.pk for row in rows[target]]
        rows[table] = list(table.objects.filter(content_object__in=pks).order_by("pk"))
    for table in (UserObjectPermission, GroupObjectPermission):
        grants = []
        for model in CASE_MODELS:
            pks = [str(row.pk) for row in rows[model]]
            content_type = ContentType.objects.get_for_model(model)
            grants += table.objects.filter(content_type=content_type, object_pk__in=pks)
        rows[table] = sorted(grants, key=lambda grant: grant.pk)
    return rows


@dataclass
class Pattern:
    kind: Kind
    dossier: Dossier
    rows: dict
    provider: object
    reviewers: list

    @classmethod
    def of(cls, kind, dossier):
        rows = case_rows(dossier)
        panel = []
        for assignment in rows[Assignment]:
            if assignment.reviewer_id not in panel:
                panel.append(assignment.reviewer_id)
        reviewers = list(ReviewerProfile.objects.filter(pk__in=panel).select_related("user"))
        reviewers.sort(key=lambda profile: panel.index(profile.pk))
        provider = next(e.actor for e in rows[AuditEvent] if e.action == "dossier.create")
        return cls(kind, dossier, rows, provider, reviewers)


@dataclass
class Copy:
    """One case copied from a pattern: whose it is, who reviews it, what course, when."""

    pattern: Pattern
    number: int
    organisation: ProviderOrganisation
    provider: object
    reviewers: list
    content: dict
    days_back: int
    credential_id: uuid.UUID = field(default_factory=uuid.uuid4)
    #: (model, pattern pk) -> this copy's pk, filled as its rows are inserted.
    pks: dict = field(default_factory=dict)

    @property
    def reference(self):
        return f"{REFERENCE_PREFIX}{self.number:06d}"

    def names(self):
        """[(the pattern's words, this copy's)]: its reviewers' names, its course's title and
        its provider's name, in both languages, as notes and emails give them."""
        pattern = self.pattern
        pairs = [(str(p), str(c)) for p, c in zip(pattern.reviewers, self.reviewers, strict=True)]
        for language in ("ja", "en"):
            pairs.append((pattern.dossier.title(language), self.content["title"][language]))
            pairs.append(
                (
                    getattr(pattern.dossier.organisation, f"name_{language}"),
                    getattr(self.organisation, f"name_{language}"),
                )
            )
        return [(old, new) for old, new in pairs if old and old != new]

    def mapped(self):
        """Who and what stands in this copy for the pattern's people and groups."""
        pattern = self.pattern
        users = {pattern.provider.pk: self.provider.pk}
        users |= {
            p.user_id: c.user_id for p, c in zip(pattern.reviewers, self.reviewers, strict=True)
        }
        profiles = {p.pk: c.pk for p, c in zip(pattern.reviewers, self.reviewers, strict=True)}
        groups = {
            getattr(pattern.dossier.organisation, name): getattr(self.organisation, name)
            for name in ("members_group_id", "editors_group_id", "managers_group_id")
        }
        return {
            "names": self.names(),
            get_user_model(): users,
            ReviewerProfile: profiles,
            Group: groups,
            ProviderOrganisation: {pattern.dossier.organisation_id: self.organisation.pk},
        }


class Copier:
    """Writes copies in batches: each table in one bulk insert per batch, parents first."""

    def __init__(self):
        self.content_types = {
            ContentType.objects.get_for_model(model).pk: model for model in CASE_MODELS
        }
        self.tables = [
            *CASE_MODELS,
            *direct_grant_tables(),
            UserObjectPermission,
            GroupObjectPermission,
        ]

    @transaction.atomic
    def write(self, copies):
        mappings = {id(copy): copy.mapped() for copy in copies}
        for table in self.tables:
            rows, sources = [], []
            for copy in copies:
                for row in copy.pattern.rows.get(table, ()):
                    rows.append(self.copy_row(row, copy, mappings[id(copy)]))
                    sources.append((copy, row.pk))
            with _dates_as_given(table):
                made_rows = table.objects.bulk_create(rows)
            for (copy, pattern_pk), made in zip(sources, made_rows, strict=True):
                copy.pks[(table, pattern_pk)] = made.pk

    def copy_row(self, row, copy, mapping):
        model = type(row)
        values = {}
        for model_field in model._meta.concrete_fields:
            if not model_field.primary_key:
                value = getattr(row, model_field.attname)
                values[model_field.attname] = self.value(model_field, value, row, copy, mapping)
        return model(**values)

    def value(self, model_field, value, row, copy, mapping):
        """The copy's value of one column of a pattern's row."""
        name, model = model_field.name, model_field.model
        if value is None:
            return None
        if model in (Dossier, DossierVersion) and name == "content":
            return copy.content
        if model is Dossier and name == "provider_reference":
            return copy.reference
        if model is Dossier and name == "credential_id":
            return copy.credential_id
        if (model, name) in NAMING:  # a note or an email's subject that names the case
            return _renamed(value, mapping["names"])
        if model is Assignment and name == "token_hash" and value:
            return hashlib.sha256(os.urandom(32)).hexdigest()  # a link nobody holds, as there
        if name in ("object_id", "object_pk"):  # a generic reference: to this copy's row
            subject = self.content_types.get(row.content_type_id)
            return type(value)(copy.pks.get((subject, int(value)), value)) if subject else value
        if model_field.is_relation:
            target = model_field.related_model
            if (target, value) in copy.pks:
                return copy.pks[(target, value)]
            return mapping.get(target, {}).get(value, value)
        if isinstance(model_field, models.DateTimeField):
            return value - timedelta(days=copy.days_back)
        if isinstance(model_field, models.DateField):
            return value - timedelta(days=copy.days_back)
        return value


#: The columns that may name the case's people, course or provider.
NAMING = {(AuditEvent, "note"), (Notification, "subject")}


def _renamed(text, names):
    for old, new in names:
        text = text.replace(old, new)
    return text


@contextmanager
def _dates_as_given(model):
    """bulk_create stamps auto_now(_add) columns with the present: keep the copied dates."""
    stamped = [
        (f, f.auto_now, f.auto_now_add)
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    for model_field, _now, _add in stamped:
        model_field.auto_now = model_field.auto_now_add = False
    try:
        yield
    finally:
        for model_field, now, add in stamped:
            model_field.auto_now, model_field.auto_now_add = now, add


# The whole register.


@dataclass
class Register:
    organisations: list
    demo_organisation: ProviderOrganisation
    reviewers: list
    demo_reviewer: ReviewerProfile
    patterns: list
    providers: dict = field(default_factory=dict)

    def organisation_of(self, number):
        """Every fifth case is the demo provider's; the others go round the organisations."""
        every = round(1 / DEMO_PROVIDER_SHARE)
        if number % every == 0:
            return self.demo_organisation
        others = number - number // every - 1  # the cases before this one that are not
        return self.organisations[others % len(self.organisations)]

    def provider(self, organisation):
        if organisation.pk not in self.providers:
            self.providers[organisation.pk] = provider_of(organisation)
        return self.providers[organisation.pk]


def open_register(
    secretariat, committee, log=print, *, organisations=ORGANISATIONS, reviewers=REVIEWERS
):
    """The organisations, reviewers and one pattern of each kind (made once; found again)."""
    organisations = scale_organisations(organisations)
    reviewers = scale_reviewers(secretariat, reviewers)
    log(f"  {len(organisations)} more organisations, {len(reviewers)} more accredited reviewers")
    owner = organisations[0]
    cast = Cast(provider_of(owner), secretariat, committee, reviewers[:2])
    patterns = []
    for kind in KINDS:
        reference = f"{REFERENCE_PREFIX}{kind.name}"
        dossier = Dossier.objects.filter(organisation=owner, provider_reference=reference).first()
        if dossier is None:
            dossier = make_pattern(kind, cast, owner)
        patterns.append(Pattern.of(kind, dossier))
    log(f"  {len(patterns)} patterns taken through the services")
    return Register(
        organisations=organisations,
        demo_organisation=ProviderOrganisation.objects.get(slug=DEMO_PROVIDER),
        reviewers=reviewers,
        demo_reviewer=ReviewerProfile.objects.get(user__email=seed.DEMO_REVIEWER),
        patterns=patterns,
    )


def _course(number):
    _course, content = bulk._content(number)
    return content


def plan_copies(register, start, count):
    """The copies numbered start… : each drawn from its own seeded generator."""
    weights = [pattern.kind.weight for pattern in register.patterns]
    copies = []
    for number in range(start, start + count):
        rng = random.Random(f"{SEED}/{number}")
        pattern = rng.choices(register.patterns, weights)[0]
        organisation = register.organisation_of(number)
        panel = rng.sample(register.reviewers, k=len(pattern.reviewers))
        if panel and rng.random() < DEMO_REVIEWER_SHARE:
            panel[0] = register.demo_reviewer
        copies.append(
            Copy(
                pattern=pattern,
                number=number,
                organisation=organisation,
                provider=register.provider(organisation),
                reviewers=panel,
                content=_course(number),
                days_back=rng.randint(*pattern.kind.days_back),
            )
        )
    return copies


def publish(copies):
    """The certified copies' catalogue pages (demo.bulk) and registry documents (the
    registry's own publishing: signed endorsement, status slot, every document kind)."""
    published = [c for c in copies if c.pattern.kind.target in PUBLISHED]
    if not published:
        return
    items = [published_item(copy.credential_id) for copy in published]
    now = timezone.now()
    for index in CatalogueIndexPage.objects.select_related("locale"):
        bulk._pages(index, items, now)
    for item in items:
        publishing.refresh_documents(item.credential_id)


def add_cases(total, *, secretariat, committee, log=print, **register_size):
    """Add cases until `total` scale cases exist (the patterns count). Returns how many."""
    register = open_register(secretariat, committee, log, **register_size)
    existing = Dossier.objects.filter(provider_reference__startswith=REFERENCE_PREFIX).count()
    missing = max(0, total - existing)
    copier = Copier()
    first = Dossier.objects.filter(provider_reference__regex=rf"^{REFERENCE_PREFIX}\d+$").count()
    for start in range(0, missing, BATCH):
        copies = plan_copies(register, first + start, min(BATCH, missing - start))
        with transaction.atomic():
            copier.write(copies)
            publish(copies)
        log(f"  {existing + start + len(copies):>7} cases")
    return missing


def catch_up():
    """Re-sign the status lists, now that copies are revoked and suspended, and rewrite the
    dumps (what the scheduler would do next), once the copies are committed."""
    seed._catch_up()
