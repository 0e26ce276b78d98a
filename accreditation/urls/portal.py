from django.urls import path

from accreditation.views import portal, tokens

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
    path("organisations/<int:pk>/tokens/", tokens.token_list, name="tokens"),
    path(
        "organisations/<int:pk>/tokens/<int:token_pk>/revoke/",
        tokens.token_revoke,
        name="token_revoke",
    ),
]
