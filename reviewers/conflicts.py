"""Automatic conflicts of interest between reviewers and the providers of dossiers.

Three rules (DESIGN §3, issue 4): the reviewer is a member of the provider organisation; the
reviewer declared an affiliation with it that is active or ended within the last three years;
the reviewer's email domain is that of one of the provider's members. Each finding is a reason,
in the reader's language, shown to staff in the picker and to the reviewer on acceptance.

`conflicts_matrix` answers for many reviewers and dossiers in three queries, whatever their
number; `conflicts` is the one-pair form.
"""

from collections import defaultdict
from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accreditation.models import Membership

from .models import Affiliation, ReviewerProfile

#: A declared affiliation keeps causing a conflict this long after it ended.
COOLING_OFF_YEARS = 3

#: Mailbox providers anyone can use: sharing one says nothing about an employer. Also the
#: domains reserved for examples and tests (RFC 2606, RFC 6761), which no organisation owns.
PUBLIC_EMAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "outlook.jp",
        "hotmail.com",
        "hotmail.co.jp",
        "live.com",
        "live.jp",
        "msn.com",
        "yahoo.com",
        "yahoo.co.jp",
        "ymail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.de",
        "docomo.ne.jp",
        "ezweb.ne.jp",
        "au.com",
        "softbank.ne.jp",
        "i.softbank.jp",
        "nifty.com",
        "biglobe.ne.jp",
        "ocn.ne.jp",
        "so-net.ne.jp",
        "example.com",
        "example.org",
        "example.net",
    }
)
RESERVED_SUFFIXES = (".example", ".test", ".invalid", ".localhost")


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def email_domain(email: str) -> str:
    """The domain that can reveal an employer, or "" for none (no email, public mailbox)."""
    _local, at, domain = (email or "").strip().lower().rpartition("@")
    if not at or not domain:
        return ""
    if domain in PUBLIC_EMAIL_DOMAINS or domain.endswith(RESERVED_SUFFIXES):
        return ""
    return domain


def _same_organisation(domain_a: str, domain_b: str) -> bool:
    """Equal, or one a subdomain of the other (cs.toto-u.ac.jp and toto-u.ac.jp)."""
    return (
        domain_a == domain_b
        or domain_a.endswith("." + domain_b)
        or domain_b.endswith("." + domain_a)
    )


def _normalised(name: str) -> str:
    return " ".join((name or "").split()).casefold()


def _affiliation_reason(affiliation, today):
    """The reason an affiliation conflicts today, or None once its cooling-off has passed."""
    relationship = Affiliation.Relationship(affiliation.relationship).label
    if affiliation.ended_on is None or affiliation.ended_on >= today:
        return _("declared affiliation (%(relationship)s), current") % {
            "relationship": relationship
        }
    if affiliation.ended_on >= years_before(today, COOLING_OFF_YEARS):
        message = _(
            "declared affiliation (%(relationship)s) until %(until)s, within %(years)s years"
        )
        return message % {
            "relationship": relationship,
            "until": date_format(affiliation.ended_on),
            "years": COOLING_OFF_YEARS,
        }
    return None


def _member_domains(organisation_ids):
    """{organisation id: {user id: email domain}} for members who can be mailed; users
    acting for an API token have no email and are left out."""
    rows = Membership.objects.filter(
        organisation_id__in=organisation_ids, user__api_token__isnull=True
    ).values_list("organisation_id", "user_id", "user__email")
    members = defaultdict(dict)
    for organisation_id, user_id, email in rows:
        members[organisation_id][user_id] = email_domain(email)
    return members


def _affiliations(reviewer_ids, organisations):
    """{reviewer id: [affiliation]} for affiliations naming one of the organisations,
    by link or by name."""
    names = {_normalised(n) for o in organisations.values() for n in (o.name_ja, o.name_en) if n}
    rows = Affiliation.objects.filter(reviewer_id__in=reviewer_ids)
    found = defaultdict(list)
    for affiliation in rows:
        linked = affiliation.organisation_id in organisations
        if linked or _normalised(affiliation.organisation_name) in names:
            found[affiliation.reviewer_id].append(affiliation)
    return found


def _names_organisation(affiliation, organisation):
    if affiliation.organisation_id is not None:
        return affiliation.organisation_id == organisation.pk
    name = _normalised(affiliation.organisation_name)
    return name in {_normalised(organisation.name_ja), _normalised(organisation.name_en)}


def conflicts_matrix(reviewers, dossiers, today=None):
    """{(reviewer pk, dossier pk): [reason, …]} for every pair that conflicts (three queries).

    `dossiers` need their organisation loaded (select_related) or it costs a query each.
    """
    today = today or timezone.localdate()
    reviewer_ids = [r.pk for r in reviewers]
    dossiers = list(dossiers)
    if not reviewer_ids or not dossiers:
        return {}
    organisations = {d.organisation_id: d.organisation for d in dossiers}
    rows = ReviewerProfile.objects.filter(pk__in=reviewer_ids).values_list(
        "pk", "user_id", "user__email"
    )
    people = {pk: user_id for pk, user_id, _email in rows}
    emails = {pk: email for pk, _user_id, email in rows}
    members = _member_domains(organisations)
    affiliations = _affiliations(reviewer_ids, organisations)
    found = {}
    for reviewer_id in reviewer_ids:
        domain = email_domain(emails.get(reviewer_id, ""))
        for dossier in dossiers:
            reasons = _pair_reasons(
                people.get(reviewer_id),
                domain,
                affiliations.get(reviewer_id, ()),
                organisations[dossier.organisation_id],
                members.get(dossier.organisation_id, {}),
                today,
            )
            if reasons:
                found[(reviewer_id, dossier.pk)] = reasons
    return found


def _pair_reasons(user_id, domain, affiliations, organisation, members, today):
    reasons = []
    if user_id in members:
        reasons.append(_("member of the provider organisation"))
    for affiliation in affiliations:
        if _names_organisation(affiliation, organisation):
            reason = _affiliation_reason(affiliation, today)
            if reason:
                reasons.append(reason)
    staff_domains = {d for uid, d in members.items() if d and uid != user_id}
    if domain and any(_same_organisation(domain, d) for d in staff_domains):
        message = _("same email domain as the provider's staff: @%(domain)s")
        reasons.append(message % {"domain": domain})
    return reasons


def conflicts(reviewer, dossier, today=None):
    """The reasons this reviewer conflicts with this dossier's provider; [] when none."""
    return conflicts_matrix([reviewer], [dossier], today).get((reviewer.pk, dossier.pk), [])
