from django.urls import path

from accreditation.views import downloads

app_name = "attachments"

urlpatterns = [
    path("<int:pk>/", downloads.attachment_download, name="download"),
    path("conditions/<int:pk>/", downloads.evidence_download, name="condition_evidence"),
]
