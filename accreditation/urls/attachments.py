from django.urls import path

from accreditation.views import attachments

app_name = "attachments"

urlpatterns = [
    path("<int:pk>/", attachments.attachment_download, name="download"),
]
