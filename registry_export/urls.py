from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("items/<uuid:credential_id>/", views.negotiated_document, name="item"),
    path("items/<uuid:credential_id>/<slug:kind>.jsonld", views.document, name="document"),
    path("dumps/", views.dump_manifest, name="dumps"),
    path("dumps/<str:name>", views.dump_file, name="dump_file"),
    path("changes/", views.changes, name="changes"),
]
