"""Bulk import: a provider's whole catalogue of dossiers from one JSON file, all or nothing.

The file is a list of dossiers in the interchange format (`schemas/dossier.schema.json`). A
record whose `provider_reference` the organisation already uses updates that dossier's working
copy, if it is still editable; every other record starts a draft. Every record is checked
before anything is written, and every problem is reported with the record's index and the
field's JSON pointer, so a file is fixed in one pass; a file with any problem imports nothing.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy, ngettext

from accreditation import schema
from accreditation.access import require_perm
from accreditation.content import localised
from accreditation.errors import DomainError
from accreditation.models import AuditEvent, Dossier, DossierState, ProviderOrganisation
from accreditation.schema import bilingual

from .dossiers import dossier_create, dossier_update

NOT_A_LIST = gettext_lazy("The file must hold a list of dossiers.")
REPEATED_REFERENCE = gettext_lazy("This reference is also used by record %(index)s of the file.")
NOT_EDITABLE = gettext_lazy("This dossier cannot be edited while it is “%(state)s”.")


@dataclass
class ImportResult:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)


def _problem(index, pointer, message):
    return {"index": index, "pointer": pointer, "message": message}


def import_problems(organisation: ProviderOrganisation, records) -> list[dict]:
    """Every problem of the file, as {"index", "pointer", "message": {"ja", "en"}}; [] if none.

    Reads the database once, for the dossiers the file's references name.
    """
    if not isinstance(records, list):
        return [_problem(None, "", bilingual(NOT_A_LIST))]
    problems = []
    first_use = {}
    for index, record in enumerate(records):
        problems += [_problem(index, p["pointer"], p["message"]) for p in schema.validate(record)]
        reference = _reference(record)
        if reference is None:
            continue
        if reference in first_use:
            message = bilingual(REPEATED_REFERENCE, index=first_use[reference])
            problems.append(_problem(index, "/provider_reference", message))
        else:
            first_use[reference] = index
    for dossier in _existing(organisation, first_use):
        if not dossier.is_editable():
            message = bilingual(NOT_EDITABLE, state=DossierState(dossier.state).label)
            problems.append(
                _problem(first_use[dossier.provider_reference], "/provider_reference", message)
            )
    return sorted(problems, key=lambda p: (p["index"] is not None, p["index"] or 0, p["pointer"]))


@transaction.atomic
def import_dossiers(*, actor, organisation: ProviderOrganisation, records) -> ImportResult:
    """Import the records for the organisation in one transaction; see the module's docstring.

    `actor` is an editor of the organisation, or None when an operator runs the import as the
    system. Refuses with a DomainError whose `data["problems"]` lists every problem.
    """
    if actor is not None:
        require_perm(actor, "accreditation.create_dossier", organisation)
    problems = import_problems(organisation, records)
    if problems:
        raise DomainError(
            ngettext(
                "The file has %(count)s problem: nothing was imported.",
                "The file has %(count)s problems: nothing was imported.",
                len(problems),
            )
            % {"count": len(problems)},
            code="invalid",
            details=[_describe(problem) for problem in problems],
            data={"problems": problems},
        )
    existing = {d.provider_reference: d for d in _existing(organisation, _references(records))}
    result = ImportResult()
    for index, record in enumerate(records):
        content = dict(record)
        reference = content.pop("provider_reference", None)
        try:
            if reference in existing:
                result.updated.append(_update(actor, existing[reference], content))
            else:
                result.created.append(
                    dossier_create(
                        actor=actor,
                        organisation=organisation,
                        content=content,
                        provider_reference=reference or "",
                    )
                )
        except DomainError as error:
            # Changed since the check (a submission in between): nothing of the file stays.
            error.data = {"problems": [_problem(index, "", _same(error.message))]}
            raise
    return result


def _update(actor, dossier, content):
    dossier = dossier_update(actor=actor, dossier=dossier, content=content)
    AuditEvent.record(action="dossier.import", actor=actor, subject=dossier, dossier=dossier)
    return dossier


def _reference(record):
    reference = record.get("provider_reference") if isinstance(record, dict) else None
    return reference if isinstance(reference, str) and reference else None


def _references(records):
    return {_reference(record) for record in records} - {None}


def _existing(organisation, references):
    if not references:
        return []
    return list(
        Dossier.objects.filter(organisation=organisation, provider_reference__in=list(references))
    )


def _same(message):
    """A message that exists in one language only, for both keys."""
    return {"ja": str(message), "en": str(message)}


def _describe(problem):
    """One line for a person: "#3 /title/en: This field is required." in their language."""
    where = "" if problem["index"] is None else f"#{problem['index']} "
    return f"{where}{problem['pointer'] or '/'}: {localised(problem['message'])}"
