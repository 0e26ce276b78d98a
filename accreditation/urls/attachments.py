from django.urls import path

from accreditation.views import attachments, conditions

app_name = "attachments"

urlpatterns = [
    path("<int:pk>/", attachments.attachment_download, name="download"),
    path("conditions/<int:pk>/", conditions.evidence_download, name="condition_evidence"),
]
