from django.urls import path

from . import views

app_name = "provider_api"

urlpatterns = [
    path("provider/dossiers/", views.DossierListView.as_view(), name="dossiers"),
    path("provider/dossiers/<int:pk>/", views.DossierDetailView.as_view(), name="dossier"),
    path(
        "provider/dossiers/<int:pk>/screening/",
        views.DossierScreeningView.as_view(),
        name="screening",
    ),
    path("provider/dossiers/<int:pk>/submit/", views.DossierSubmitView.as_view(), name="submit"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
]
