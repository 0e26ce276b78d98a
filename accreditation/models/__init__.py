from .audit import AuditEvent
from .dossiers import (
    BEFORE_DECISION,
    EDITABLE,
    PUBLISHED,
    Decision,
    DecisionOutcome,
    Dossier,
    DossierState,
    DossierVersion,
)
from .organisations import MemberRole, Membership, ProviderKind, ProviderOrganisation
from .reference import FieldOfStudy

__all__ = [
    "BEFORE_DECISION",
    "EDITABLE",
    "PUBLISHED",
    "AuditEvent",
    "Decision",
    "DecisionOutcome",
    "Dossier",
    "DossierState",
    "DossierVersion",
    "FieldOfStudy",
    "MemberRole",
    "Membership",
    "ProviderKind",
    "ProviderOrganisation",
]
