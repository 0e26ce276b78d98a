"""Thousands of certified items in minutes, for benchmarks (`seed_demo --credentials N`).

The services take one dossier at a time through review; at 10,000 items that would take
hours. This writes the same rows the services and publishing tasks leave for an accredited
item (dossier, version, decision, audit event, object permissions, the ja and en catalogue
pages and their pathway steps, the registry document) with bulk inserts, in batches, each
batch one transaction.
"""

import uuid
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from accreditation.models import (
    AuditEvent,
    Decision,
    DecisionOutcome,
    Dossier,
    DossierState,
    DossierVersion,
    FieldOfStudy,
    ProviderOrganisation,
)
from accreditation.selectors import PublishedItem
from accreditation.services.grants import grant_dossier_perms, grant_version_perms
from cms.models import CatalogueIndexPage, CatalogueItemPage, PathwayStep
from cms.pathways import steps_from_content
from cms.publishing import item_slug, page_fields
from registry_export.documents import ACHIEVEMENT, achievement
from registry_export.models import RegistryDocument

from .catalogue import COURSES
from .seed import course_content

BATCH = 1000


def add_certified_items(total, *, committee, log=print):
    """Add bulk certified items until `total` dossiers are accredited. Returns how many."""
    existing = Dossier.objects.filter(state=DossierState.ACCREDITED).count()
    missing = max(0, total - existing)
    organisations = {o.slug: o for o in ProviderOrganisation.objects.all()}
    fields = {f.code: f for f in FieldOfStudy.objects.all()}
    offset = Dossier.objects.filter(provider_reference__startswith="BULK-").count()
    for start in range(0, missing, BATCH):
        count = min(BATCH, missing - start)
        _batch(offset + start, count, organisations, fields, committee)
        log(f"  {existing + start + count:>7} certified items")
    return missing


def _content(number):
    course = COURSES[number % len(COURSES)]
    content = course_content(course)
    cohort = number // len(COURSES) + 1
    content["title"] = {
        "ja": f"{course.title[0]}（第{cohort}期）",
        "en": f"{course.title[1]} (cohort {cohort})",
    }
    return course, content


@transaction.atomic
def _batch(offset, count, organisations, fields, committee):
    now = timezone.now()
    today = timezone.localdate()
    dossiers, contents = [], []
    for number in range(offset, offset + count):
        course, content = _content(number)
        contents.append(content)
        dossiers.append(
            Dossier(
                organisation=organisations[course.organisation],
                provider_reference=f"BULK-{number:06d}",
                state=DossierState.ACCREDITED,
                state_changed_at=now,
                content=content,
                credential_id=uuid.uuid4(),
            )
        )
    dossiers = Dossier.objects.bulk_create(dossiers)
    versions = DossierVersion.objects.bulk_create(
        DossierVersion(dossier=d, number=1, content=d.content, submitted_at=now) for d in dossiers
    )
    decisions = Decision.objects.bulk_create(
        Decision(
            dossier=d,
            version=v,
            outcome=DecisionOutcome.APPROVED,
            rationale="一括生成のデモデータ。Bulk demo data.",
            valid_from=today,
            valid_until=today + timedelta(days=3 * 365),
            decided_by=committee,
            decided_at=now,
        )
        for d, v in zip(dossiers, versions, strict=True)
    )
    dossier_type = ContentType.objects.get_for_model(Dossier)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            action="dossier.approve",
            actor=committee,
            content_type=dossier_type,
            object_id=d.pk,
            dossier=d,
            from_state=DossierState.AWAITING_DECISION,
            to_state=DossierState.ACCREDITED,
            note="一括生成のデモデータ。Bulk demo data.",
            created_at=now,
        )
        for d in dossiers
    )
    _grant(dossiers, versions)
    items = [
        PublishedItem(
            dossier_id=d.pk,
            credential_id=d.credential_id,
            state=d.state,
            content=d.content,
            version_number=1,
            organisation=d.organisation,
            field_of_study=fields.get(d.content["field_of_study"]),
            valid_from=decision.valid_from,
            valid_until=decision.valid_until,
            decided_at=decision.decided_at,
        )
        for d, decision in zip(dossiers, decisions, strict=True)
    ]
    for index in CatalogueIndexPage.objects.select_related("locale"):
        _pages(index, items, now)
    RegistryDocument.objects.bulk_create(
        RegistryDocument(
            credential_id=item.credential_id,
            kind=ACHIEVEMENT,
            dossier_id=item.dossier_id,
            document=achievement(item),
        )
        for item in items
    )


def _grant(dossiers, versions):
    by_organisation = {}
    for dossier, version in zip(dossiers, versions, strict=True):
        pks = by_organisation.setdefault(dossier.organisation_id, ([], [], dossier.organisation))
        pks[0].append(dossier.pk)
        pks[1].append(version.pk)
    for dossier_pks, version_pks, organisation in by_organisation.values():
        grant_dossier_perms(Dossier.objects.filter(pk__in=dossier_pks), organisation)
        grant_version_perms(DossierVersion.objects.filter(pk__in=version_pks), organisation)


def _pages(index, items, now):
    """Insert item pages under `index` as treebeard would: consecutive materialised paths."""
    last = index.get_last_child()
    first_step = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    page_type = ContentType.objects.get_for_model(CatalogueItemPage)
    language = index.locale.language_code
    pages = []
    for step, item in enumerate(items, start=first_step):
        fields = page_fields(item, language)
        slug = item_slug(item)
        pages.append(
            CatalogueItemPage(
                **fields,
                credential_id=item.credential_id,
                slug=slug,
                draft_title=fields["title"],
                content_type=page_type,
                path=Page._get_path(index.path, index.depth + 1, step),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}{slug}/",
                locale_id=index.locale_id,
                translation_key=item.credential_id,
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
            )
        )
    # Django cannot bulk_create a multi-table child: insert the Page rows, then the
    # CatalogueItemPage rows that point at them.
    base_rows = Page.objects.bulk_create([Page(**_page_columns(page)) for page in pages])
    for page, base in zip(pages, base_rows, strict=True):
        page.page_ptr_id = page.pk = base.pk
    local_fields = list(CatalogueItemPage._meta.local_concrete_fields)
    for start in range(0, len(pages), 500):
        CatalogueItemPage.objects._insert(pages[start : start + 500], fields=local_fields, raw=True)
    Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + len(pages))
    PathwayStep.objects.bulk_create(
        PathwayStep(page=page, **fields)
        for page in pages
        for fields in steps_from_content(page.content)
    )


def _page_columns(page):
    return {
        field.attname: getattr(page, field.attname)
        for field in Page._meta.concrete_fields
        if field.attname != "id"
    }
