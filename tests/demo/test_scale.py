"""seed_demo --cases: copies of cases taken through the services are what the services write."""

import io
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models
from django.db.models import Count
from django.http import Http404

from accreditation.access import access_dossier, access_version
from accreditation.models import Dossier, DossierState, DossierVersion, ProviderOrganisation
from accreditation.models.dossiers import PUBLISHED
from cms.models import CatalogueItemPage
from demo import scale, seed
from demo.catalogue import COURSES
from registry_export.models import Endorsement, RegistryDocument
from registry_export.publishing import BUILDERS
from reviewers.access import access_assignment
from reviewers.models import Assignment, ReviewerAccreditation
from reviewers.selectors import reviewer_queue

pytestmark = pytest.mark.django_db
S = DossierState
#: What the services write for a case that a copy does not: the emails they sent (the outbox
#: keeps them a month as delivered), and Wagtail's bookkeeping of pages saved one by one (a
#: revision, a log entry and a reference index entry per page, and Wagtail's search index,
#: which the catalogue does not use: cms.search reads the pages' own search terms) where the
#: copies' pages are inserted in bulk as demo.bulk's are.
NOT_COPIED = ("outbox.", "wagtailcore.", "wagtailsearch.")


@pytest.fixture(scope="module")
def seeded(seeded_demo):
    return seeded_demo


def staff():
    User = get_user_model()
    return {
        "secretariat": User.objects.get(email="secretariat@example.org"),
        "committee": User.objects.get(email="committee@example.org"),
    }


@pytest.fixture
def register(seeded, django_capture_on_commit_callbacks):
    """A small register: three more organisations, five more reviewers, every pattern (its
    emails sent and its items published on commit, as seed_demo's are)."""
    with django_capture_on_commit_callbacks(execute=True):
        register = scale.open_register(**staff(), log=print, organisations=3, reviewers=12)
    # Read again what the patterns are made of, now that their emails are sent.
    register.patterns = [scale.Pattern.of(p.kind, p.dossier) for p in register.patterns]
    return register


def table_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def grown(before):
    return {label: n - before[label] for label, n in table_counts().items() if n != before[label]}


def shape(dossier):
    """Every row of the case, with the case's own keys replaced by (table, position) and the
    dates left out (a copy is moved in time): what two equal histories have in common."""
    rows = scale.case_rows(dossier)
    own = {
        (model, row.pk): (model.__name__, position)
        for model, table in rows.items()
        for position, row in enumerate(table)
    }
    return {
        model._meta.label: [describe(row, own) for row in table] for model, table in rows.items()
    }


def describe(row, own):
    described = {}
    for field in type(row)._meta.concrete_fields:
        value = getattr(row, field.attname)
        if field.primary_key:
            continue
        if isinstance(field, models.DateField) or field.name in UNIQUE_TO_EACH_CASE:
            described[field.name] = value is not None and value != ""
        elif field.name in ("object_id", "object_pk"):
            subject = row.content_type.model_class()
            described[field.name] = own.get((subject, int(value)), ("other", value))
        elif field.is_relation and value is not None:
            described[field.name] = own.get((field.related_model, value), value)
        else:
            described[field.name] = value
    return described


UNIQUE_TO_EACH_CASE = {"provider_reference", "credential_id", "token_hash"}


def assert_same_rows(copied, made, kind):
    """Table by table, row by row: the first difference names its table and column."""
    assert copied.keys() == made.keys(), kind
    for table, rows in made.items():
        assert len(copied[table]) == len(rows), (kind, table)
        for theirs, ours in zip(copied[table], rows, strict=True):
            differ = {k: (theirs[k], ours[k]) for k in ours if theirs[k] != ours[k]}
            assert not differ, (kind, table, ours, differ)


def other_panel(register, pattern):
    """Reviewers other than the pattern's, as many."""
    others = [r for r in register.reviewers if r not in pattern.reviewers]
    return others[: len(pattern.reviewers)]


def test_a_copy_writes_the_rows_the_services_write_for_each_kind_of_case(
    register, django_capture_on_commit_callbacks
):
    organisation = register.organisations[1]
    provider = scale.provider_of(organisation)
    copier = scale.Copier()
    for pattern in register.patterns:
        panel = other_panel(register, pattern)
        cast = scale.Cast(provider, staff()["secretariat"], staff()["committee"], panel)
        before = table_counts()
        with django_capture_on_commit_callbacks(execute=True):  # publishing, as on commit
            made = scale.make_pattern(
                pattern.kind, cast, organisation, reference=f"M-{pattern.kind.name}"
            )
        by_services = grown(before)

        before = table_counts()
        copy = scale.Copy(
            pattern=pattern,
            number=900_000 + register.patterns.index(pattern),
            organisation=organisation,
            provider=provider,
            reviewers=panel,
            content=seed.course_content(COURSES[0]),
            days_back=37,
        )
        copier.write([copy])
        scale.publish([copy])
        by_copy = grown(before)
        copied = Dossier.objects.get(pk=copy.pks[(Dossier, pattern.dossier.pk)])

        name = pattern.kind.name
        assert copied.state == made.state == pattern.kind.target, name
        assert_same_rows(shape(copied), shape(made), name)
        assert {t: n for t, n in by_services.items() if not t.startswith(NOT_COPIED)} == {
            t: n for t, n in by_copy.items() if not t.startswith("wagtailcore.")
        }, name


def test_a_copy_keeps_its_pattern_s_history_moved_back_in_time(register):
    pattern = next(p for p in register.patterns if p.kind.name == "revised")
    copy = scale.plan_copies(register, 800_000, 1)[0]
    copy.pattern, copy.reviewers, copy.days_back = pattern, other_panel(register, pattern), 200
    scale.Copier().write([copy])

    for model, rows in pattern.rows.items():
        for row in rows:
            twin = model.objects.get(pk=copy.pks[(model, row.pk)])
            for field in model._meta.concrete_fields:
                if isinstance(field, models.DateField) and getattr(row, field.attname):
                    moved = getattr(row, field.attname) - timedelta(days=200)
                    assert getattr(twin, field.attname) == moved, (model, field.name)


def test_a_copy_is_seen_by_its_own_provider_and_reviewers_only(register):
    pattern = next(p for p in register.patterns if p.kind.name == "reviewing")
    organisation = register.organisations[2]
    copy = scale.Copy(
        pattern=pattern,
        number=700_000,
        organisation=organisation,
        provider=scale.provider_of(organisation),
        reviewers=other_panel(register, pattern),
        content=seed.course_content(COURSES[3]),
        days_back=3,
    )
    scale.Copier().write([copy])
    dossier = Dossier.objects.get(pk=copy.pks[(Dossier, pattern.dossier.pk)])
    version = DossierVersion.objects.get(dossier=dossier)
    assignments = Assignment.objects.filter(version=version).select_related("reviewer__user")

    assert access_dossier(copy.provider, dossier.pk) == dossier
    assert access_version(copy.provider, version.pk) == version
    with pytest.raises(Http404):
        access_dossier(pattern.provider, dossier.pk)
    assert {a.reviewer for a in assignments} == set(copy.reviewers)
    for assignment in assignments:
        user = assignment.reviewer.user
        assert access_assignment(user, assignment.pk) == assignment
        assert assignment in reviewer_queue(user)
        with pytest.raises(Http404):
            access_assignment(pattern.reviewers[0].user, assignment.pk)
    accepted = assignments.get(reviewer=copy.reviewers[0])  # the pattern's first accepted
    assert access_version(copy.reviewers[0].user, version.pk) == version
    assert accepted.review.scores.exclude(score=None).count() == 3  # a draft, as the pattern


def test_seed_demo_cases_spreads_over_every_state_fifty_organisations_and_300_reviewers(
    seeded, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the patterns publish on commit
        call_command("seed_demo", cases=120, stdout=io.StringIO())

    cases = Dossier.objects.filter(provider_reference__startswith=scale.REFERENCE_PREFIX)
    assert cases.count() == 120
    assert set(cases.values_list("state", flat=True)) == set(S.values)
    per_organisation = dict(cases.values_list("organisation__slug").annotate(n=Count("pk")))
    assert len(per_organisation) >= 51  # the 50 new ones and the demo provider
    assert ProviderOrganisation.objects.count() >= 57
    accredited = ReviewerAccreditation.objects.values("reviewer").distinct().count()
    assert accredited == scale.REVIEWERS
    published = cases.filter(state__in=PUBLISHED)
    for dossier in published:
        pages = CatalogueItemPage.objects.filter(credential_id=dossier.credential_id)
        assert sorted(pages.values_list("locale__language_code", flat=True)) == ["en", "ja"]
        kinds = RegistryDocument.objects.filter(dossier_id=dossier.pk).values_list(
            "kind", flat=True
        )
        assert set(kinds) == set(BUILDERS), dossier.provider_reference
    assert (
        Endorsement.objects.filter(dossier_id__in=published.values("pk")).count()
        == published.count()
    )

    call_command("seed_demo", cases=120, stdout=io.StringIO())  # safe to run again
    assert cases.count() == 120
