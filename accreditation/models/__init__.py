from .attachments import AttachmentKind, DossierAttachment
from .audit import AuditEvent
from .conditions import ConditionState, DecisionCondition
from .dossiers import (
    BEFORE_DECISION,
    EDITABLE,
    PUBLIC_STATUS,
    PUBLISHED,
    Decision,
    DecisionOutcome,
    Dossier,
    DossierState,
    DossierVersion,
    PublicStatus,
)
from .organisations import (
    ApiToken,
    Invitation,
    MemberRole,
    Membership,
    ProviderKind,
    ProviderOrganisation,
    QualityAssurance,
)
from .people import Notification, UserProfile
from .permissions import (
    DossierGroupObjectPermission,
    DossierUserObjectPermission,
    OrganisationGroupObjectPermission,
    OrganisationUserObjectPermission,
    VersionGroupObjectPermission,
    VersionUserObjectPermission,
)
from .reference import (
    CreditSystem,
    FieldOfStudy,
    JurisdictionProfile,
    LevelEquivalence,
    LevelFramework,
)
from .revisions import RevisionComment

__all__ = [
    "BEFORE_DECISION",
    "EDITABLE",
    "PUBLIC_STATUS",
    "PUBLISHED",
    "ApiToken",
    "AttachmentKind",
    "AuditEvent",
    "ConditionState",
    "CreditSystem",
    "Decision",
    "DecisionCondition",
    "DecisionOutcome",
    "Dossier",
    "DossierAttachment",
    "DossierGroupObjectPermission",
    "DossierState",
    "DossierUserObjectPermission",
    "DossierVersion",
    "FieldOfStudy",
    "Invitation",
    "JurisdictionProfile",
    "LevelEquivalence",
    "LevelFramework",
    "MemberRole",
    "Membership",
    "Notification",
    "OrganisationGroupObjectPermission",
    "OrganisationUserObjectPermission",
    "ProviderKind",
    "ProviderOrganisation",
    "PublicStatus",
    "QualityAssurance",
    "RevisionComment",
    "UserProfile",
    "VersionGroupObjectPermission",
    "VersionUserObjectPermission",
]
