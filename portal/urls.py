from django.urls import path

from .views import attachments, conditions, organisations, tokens
from .views import dossiers as portal
from .views.revisions import answer_comment

app_name = "portal"

urlpatterns = [
    path("", portal.dossier_list, name="list"),
    path("dossiers/new/", portal.dossier_create, name="create"),
    path("dossiers/<int:pk>/", portal.dossier_detail, name="detail"),
    path("dossiers/<int:pk>/edit/", portal.dossier_edit, name="edit"),
    path("dossiers/<int:pk>/autosave/", portal.dossier_autosave, name="autosave"),
    path("dossiers/<int:pk>/submit/", portal.dossier_submit, name="submit"),
    path("dossiers/<int:pk>/withdraw/", portal.dossier_withdraw, name="withdraw"),
    path("dossiers/<int:pk>/appeal/", portal.dossier_appeal, name="appeal"),
    path("dossiers/<int:pk>/renew/", portal.dossier_renew, name="renew"),
    path("dossiers/<int:pk>/attachments/", attachments.attachment_add, name="attachment_add"),
    path(
        "dossiers/<int:pk>/attachments/<int:attachment_pk>/remove/",
        attachments.attachment_remove,
        name="attachment_remove",
    ),
    path("organisations/<int:pk>/", organisations.organisation_detail, name="organisation"),
    path(
        "organisations/<int:pk>/edit/",
        organisations.organisation_edit,
        name="organisation_edit",
    ),
    path(
        "organisations/<int:pk>/invitations/",
        organisations.invitation_create,
        name="invitation_create",
    ),
    path(
        "organisations/<int:pk>/invitations/<int:invitation_pk>/revoke/",
        organisations.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "organisations/<int:pk>/members/<int:membership_pk>/role/",
        organisations.membership_change_role,
        name="membership_role",
    ),
    path(
        "organisations/<int:pk>/members/<int:membership_pk>/remove/",
        organisations.membership_remove,
        name="membership_remove",
    ),
    path("invitations/<str:token>/", organisations.invitation_detail, name="invitation"),
    path(
        "dossiers/<int:pk>/comments/<int:comment_pk>/answer/",
        answer_comment,
        name="answer_comment",
    ),
    path(
        "dossiers/<int:pk>/conditions/<int:condition_pk>/evidence/",
        conditions.evidence_submit,
        name="condition_evidence",
    ),
    path("organisations/<int:pk>/tokens/", tokens.token_list, name="tokens"),
    path(
        "organisations/<int:pk>/tokens/<int:token_pk>/revoke/",
        tokens.token_revoke,
        name="token_revoke",
    ),
]
