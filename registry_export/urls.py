from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("", views.index, name="index"),
    path("items/<uuid:credential_id>/", views.negotiated_document, name="item"),
    path("items/<uuid:credential_id>/<slug:kind>.jsonld", views.document, name="document"),
    path("endorsements/<uuid:public_id>", views.endorsement, name="endorsement"),
    path("status/<slug:purpose>", views.status_list, name="status_list"),
    path("dumps/", views.dump_manifest, name="dumps"),
    path("dumps/<str:name>", views.dump_file, name="dump_file"),
    path("changes/", views.changes, name="changes"),
]
