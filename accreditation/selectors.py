"""The queries pages and tasks need, each with a fixed number of SQL queries."""

from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, Exists, OuterRef, Subquery, When
from django.db.models.fields.json import KeyTransform
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import content as dossier_content
from . import diff, workflow
from .access import granted
from .content import field_label
from .models import (
    PUBLIC_STATUS,
    PUBLISHED,
    AuditEvent,
    Decision,
    DecisionOutcome,
    Dossier,
    DossierState,
    DossierVersion,
    FieldOfStudy,
    MemberRole,
    Membership,
    ProviderOrganisation,
    RevisionComment,
)

#: What a row of the portal's and the desk's lists of dossiers shows of the dossier and its
#: provider (`.only(*LISTED)`): the other columns, the provider's above all, stay unread.
LISTED = (
    "provider_reference",
    "state",
    "state_changed_at",
    *ProviderOrganisation.name_columns("organisation__"),
)


def titled(rows, content="content"):
    """`rows` without the dossier content at `content` (a path such as "version__content"),
    and with its title (both languages) as `listed_title`. A content is the whole dossier as
    JSON, decoded for every row read: for a list that shows only titles, most of its cost."""
    return rows.defer(content).annotate(listed_title=KeyTransform("title", content))


def listed_dossiers():
    """Dossiers as a list shows them: title, reference, state and since when, provider."""
    return titled(Dossier.objects.select_related("organisation").only(*LISTED))


def provider_dossiers(user):
    """The dossiers of the user's organisations that their object permissions let them see
    (not staff-wide ones), most recently changed first.

    Read through the user's memberships, by the index on the dossier's organisation, and kept
    if granted (access.granted: the keys held in the direct permission tables): a provider's
    page of 50 reads that provider's dossiers, however many others the register holds.
    """
    return (
        Dossier.objects.filter(
            organisation__memberships__user=user,
            pk__in=granted(user, "accreditation.view_dossier", Dossier),
        )
        .select_related("organisation")
        .order_by("-updated_at", "-pk")
    )


def organisations_for_new_dossier(user):
    return ProviderOrganisation.objects.filter(
        pk__in=granted(user, "accreditation.create_dossier", ProviderOrganisation)
    ).order_by("name_en")


def member_organisations(user):
    """The organisations the user belongs to, in any role."""
    return ProviderOrganisation.objects.filter(memberships__user=user).order_by("name_en")


def organisation_members(organisation):
    """People who are members, with their accounts, managers first, in one query. The users
    behind API tokens are members too (so permissions apply to them alike) but are listed on
    the tokens page, not here."""
    return (
        Membership.objects.filter(organisation=organisation, user__api_token__isnull=True)
        .select_related("user")
        .annotate(
            rank=Case(
                When(role=MemberRole.MANAGER, then=0),
                When(role=MemberRole.EDITOR, then=1),
                default=2,
            )
        )
        .order_by("rank", "user__email")
    )


def desk_cases(*, state=None, matching=None):
    """The desk's cases, longest in their state first, in a state and meeting `matching` (a
    search's case_search.matching(terms), built once for this list and count_by_state)."""
    cases = listed_dossiers().order_by("state_changed_at", "pk")
    if state:
        cases = cases.filter(state=state)
    if matching is not None:
        cases = cases.filter(matching)
    return cases


@dataclass(frozen=True)
class ShownContent:
    """The dossier content a page shows in its content card, and the heading that says which
    content it is: the provider's working copy only while it is an editable draft."""

    heading: str
    content: dict
    version: DossierVersion | None = None


def shown_content(dossier, versions, decisions, *, working_copy=True):
    """What the dossier's content card shows (no query: `versions` oldest first and
    `decisions` are the page's lists).

    The working copy while the provider may edit it (`working_copy`: the portal; the desk shows
    what was submitted); once certified, the version the committee approved; otherwise the
    latest version as submitted. A draft withdrawn before any submission shows its draft.
    """
    latest = versions[-1] if versions else None
    if latest is None or (working_copy and dossier.is_editable()):
        heading = (
            _("Working copy")
            if dossier.is_editable()
            else _("Draft as withdrawn (never submitted)")
        )
        return ShownContent(heading, dossier.content)
    approved = [d for d in decisions if d.outcome == DecisionOutcome.APPROVED]
    if dossier.state in PUBLISHED and approved:
        last = max(approved, key=lambda d: (d.decided_at, d.pk))
        version = next((v for v in versions if v.pk == last.version_id), latest)
        heading = _("Accredited version (version %(n)s)") % {"n": version.number}
        return ShownContent(heading, version.content, version)
    heading = _("Version %(n)s as submitted") % {"n": latest.number}
    return ShownContent(heading, latest.content, latest)


def count_by_state(*, matching=None):
    """{state: count} for every state, zeros included, of the cases meeting `matching` (see
    desk_cases), in one query."""
    cases = Dossier.objects.filter(matching) if matching is not None else Dossier.objects
    counts = dict(cases.values_list("state").annotate(n=Count("pk")).order_by())
    return {state: counts.get(state, 0) for state in DossierState.values}


def timeline(dossier, *, for_provider):
    """The dossier's audit events, oldest first.

    A provider sees the dossier's own transitions and, as actor, only its own members: the
    accreditation body's people are shown by role (`shown_role`), reviewers never appear
    (blind review).
    """
    events = AuditEvent.objects.filter(dossier=dossier).select_related("actor", "content_type")
    if not for_provider:
        return list(events)
    events = list(events.filter(content_type__model="dossier"))
    member_ids = set(
        Membership.objects.filter(organisation_id=dossier.organisation_id).values_list(
            "user_id", flat=True
        )
    )
    for event in events:
        event.shown_actor = event.actor if event.actor_id in member_ids else None
        event.shown_role = workflow.acting_role(event.action)
    return events


def latest_approval(dossier):
    return (
        Decision.objects.filter(dossier=dossier, outcome=DecisionOutcome.APPROVED)
        .order_by("-decided_at", "-pk")
        .first()
    )


def lapsed_dossier_ids(today: date):
    """Certified items whose latest approval's validity ended before `today`."""
    valid_until = (
        Decision.objects.filter(dossier=OuterRef("pk"), outcome=DecisionOutcome.APPROVED)
        .order_by("-decided_at", "-pk")
        .values("valid_until")[:1]
    )
    return list(
        Dossier.objects.filter(state__in=[DossierState.ACCREDITED, DossierState.SUSPENDED])
        .annotate(valid_until=Subquery(valid_until))
        .filter(valid_until__lt=today)
        .values_list("pk", flat=True)
    )


@dataclass(frozen=True)
class PublishedItem:
    """What the public may know about a certified micro-credential: the approved version,
    its provider and the accreditation's dates and status. No reviewer data, by construction."""

    dossier_id: int
    credential_id: UUID
    state: str
    content: dict
    version_number: int
    organisation: ProviderOrganisation
    field_of_study: FieldOfStudy | None
    valid_from: date
    valid_until: date
    decided_at: datetime
    #: When the item entered its present state (suspended, expired, revoked, reinstated):
    #: None while it is certified as approved.
    status_since: datetime | None = None

    @property
    def is_current(self):
        return self.state == DossierState.ACCREDITED


def published_item(credential_id) -> PublishedItem | None:
    """The current public record of a micro-credential: of the dossiers that carry its
    credential id (the original and its renewals), the most recently approved one."""
    decision = (
        Decision.objects.filter(
            dossier__credential_id=credential_id,
            dossier__state__in=PUBLISHED,
            outcome=DecisionOutcome.APPROVED,
        )
        .select_related("dossier__organisation", "version")
        .order_by("-decided_at", "-pk")
        .first()
    )
    if decision is None:
        return None
    content = decision.version.content
    return PublishedItem(
        dossier_id=decision.dossier_id,
        credential_id=decision.dossier.credential_id,
        state=decision.dossier.state,
        content=content,
        version_number=decision.version.number,
        organisation=decision.dossier.organisation,
        field_of_study=FieldOfStudy.objects.filter(code=content.get("field_of_study")).first(),
        valid_from=decision.valid_from,
        valid_until=decision.valid_until,
        decided_at=decision.decided_at,
        status_since=_entered_state_at(decision.dossier, after=decision.decided_at),
    )


#: What every public reading of a published item says of it (`public_facts`).
PUBLIC_FACTS = (
    "title",
    "status",
    "provider_name",
    "field_of_study",
    "total_hours",
    "valid_from",
    "valid_until",
    "accredited_on",
    "content",
)


def public_facts(item, language):
    """The item's PUBLIC_FACTS in `language`: the catalogue's page stores these values and
    the registry's documents read the same ones."""
    return {
        "title": dossier_content.text(item.content.get("title"), language)[:255],
        "status": PUBLIC_STATUS[item.state],
        "provider_name": item.organisation.name_in(language),
        "field_of_study": (
            "" if item.field_of_study is None else item.field_of_study.name_in(language)
        ),
        "total_hours": dossier_content.total_hours(item.content),
        "valid_from": item.valid_from,
        "valid_until": item.valid_until,
        "accredited_on": timezone.localdate(item.decided_at),
        "content": item.content,
    }


def _entered_state_at(dossier, *, after):
    """When the dossier last entered its present state after its approval, from the audit
    trail (the approval itself does not count: the decision dates it)."""
    return (
        AuditEvent.objects.filter(dossier=dossier, to_state=dossier.state, created_at__gt=after)
        .order_by("-created_at", "-pk")
        .values_list("created_at", flat=True)
        .first()
    )


def current_public_records():
    """{credential id: (dossier id, state)} of every published item's current record, chosen
    as published_item() chooses it (the most recently approved dossier), in two queries."""
    latest_approval = (
        Decision.objects.filter(dossier=OuterRef("pk"), outcome=DecisionOutcome.APPROVED)
        .order_by("-decided_at", "-pk")
        .values("decided_at")[:1]
    )
    records = (
        Dossier.objects.filter(state__in=PUBLISHED)
        .annotate(approved_at=Subquery(latest_approval))
        .order_by("approved_at", "pk")
        .values_list("credential_id", "pk", "state")
    )
    return {credential_id: (pk, state) for credential_id, pk, state in records}


def credential_id_of(dossier_id) -> UUID | None:
    return Dossier.objects.filter(pk=dossier_id).values_list("credential_id", flat=True).first()


def readiness(content):
    """What the provider (while editing) and staff (at intake) see about a dossier's content:
    the problems that block submission, as lines, and the screening report."""
    from . import screening

    return {
        "problems": [
            dossier_content.describe(problem)
            for problem in dossier_content.submission_problems(content)
        ],
        "screening": screening.screen(dossier_content.prune(content)),
    }


# Revision requests, version diffs and appeals (issue 3).

#: Who asked for a revision, as the provider may read it: the body's people are never named.
REQUESTED_BY_SECRETARIAT = gettext_lazy("the secretariat")
REQUESTED_BY_COMMITTEE = gettext_lazy("the committee")


def _requester(version):
    """Who returned this version: the committee if it decided a revision request on it, else
    the secretariat at intake (a version is returned once, by one or the other)."""
    requested = Decision.objects.filter(
        version=version, outcome=DecisionOutcome.REVISIONS_REQUESTED
    ).exists()
    return REQUESTED_BY_COMMITTEE if requested else REQUESTED_BY_SECRETARIAT


@dataclass(frozen=True)
class ProviderComment:
    """A comment of the open revision request as the provider sees it: no author."""

    pk: int
    pointer: str
    label: str
    comment: str
    answer: str
    requested_by: str


def provider_revision_comments(dossier) -> list[ProviderComment]:
    """The comments of the revision request the provider has to answer, in two queries."""
    comments = list(
        RevisionComment.objects.filter(dossier=dossier, answered_in__isnull=True)
        .only("pk", "pointer", "comment", "answer", "version_id")
        .order_by("pk")
    )
    if not comments:
        return []
    requested_by = _requester(comments[-1].version_id)
    return [
        ProviderComment(
            pk=comment.pk,
            pointer=comment.pointer,
            label=field_label(comment.pointer),
            comment=comment.comment,
            answer=comment.answer,
            requested_by=requested_by,
        )
        for comment in comments
    ]


@dataclass
class FieldChanges:
    """One field of the dossier in a version diff: what changed in it and the provider's
    answers to the comments made on it."""

    pointer: str
    label: str
    changes: list = field(default_factory=list)
    comments: list = field(default_factory=list)


@dataclass(frozen=True)
class VersionDiff:
    previous_number: int
    number: int
    fields: list
    requested_by: str


def version_diff(version) -> VersionDiff | None:
    """The changes from the previous version to `version`, field by field, with the revision
    comments made on the previous version and their answers. None for a first version.

    Two queries for any version, the first included, so that a page costs the same however
    long the dossier's history.
    """
    if version is None:
        return None
    returned_by_committee = Decision.objects.filter(
        version=OuterRef("pk"), outcome=DecisionOutcome.REVISIONS_REQUESTED
    )
    previous = (
        DossierVersion.objects.filter(dossier_id=version.dossier_id, number=version.number - 1)
        .annotate(by_committee=Exists(returned_by_committee))
        .first()
    )
    comments = list(
        RevisionComment.objects.filter(
            version__dossier_id=version.dossier_id, version__number=version.number - 1
        )
        .only("pk", "pointer", "comment", "answer", "version_id")
        .order_by("pk")
    )
    if previous is None:
        return None
    return VersionDiff(
        previous_number=previous.number,
        number=version.number,
        fields=_group_by_field(diff.diff_versions(previous.content, version.content), comments),
        requested_by=REQUESTED_BY_COMMITTEE if previous.by_committee else REQUESTED_BY_SECRETARIAT,
    )


def _group_by_field(changes, comments):
    """Changes grouped under the comment they answer (the narrowest comment whose field holds
    them) or else their own field; a commented field that did not change is listed too."""
    groups = {}

    def group(pointer):
        if pointer not in groups:
            groups[pointer] = FieldChanges(pointer=pointer, label=field_label(pointer))
        return groups[pointer]

    commented = sorted({comment.pointer for comment in comments}, key=len, reverse=True)
    for comment in comments:
        group(comment.pointer).comments.append(comment)
    for change in changes:
        home = next((p for p in commented if diff.contains(p, change.pointer)), None)
        group(home or diff.field_of(change.pointer)).changes.append(change)
    return sorted(groups.values(), key=lambda g: diff.reading_order(g.pointer))


def first_decider_ids(dossier) -> set:
    """Who took the rejection(s) of this dossier: the committee members who recorded a
    rejection and the staff who screened it out at intake. They may not hear its appeal."""
    deciders = Decision.objects.filter(
        dossier=dossier, outcome=DecisionOutcome.REJECTED
    ).values_list("decided_by_id", flat=True)
    screeners = AuditEvent.objects.filter(
        dossier=dossier, action="dossier.screen_out", actor__isnull=False
    ).values_list("actor_id", flat=True)
    return set(deciders) | set(screeners)


def appeal_panel(dossier):
    """The committee members who may decide the dossier's appeal: all but the first deciders."""
    from .roles import COMMITTEE

    return list(
        get_user_model()
        .objects.filter(groups__name=COMMITTEE, is_active=True)
        .exclude(pk__in=first_decider_ids(dossier))
        .order_by("last_name", "first_name", "email")
        .distinct()
    )


def first_decider_users(dossier):
    return list(
        get_user_model()
        .objects.filter(pk__in=first_decider_ids(dossier))
        .order_by("last_name", "first_name", "email")
    )
