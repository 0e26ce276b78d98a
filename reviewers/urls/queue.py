from django.urls import path

from reviewers.views import accrediting, invitations, queue

app_name = "review"

urlpatterns = [
    path("", queue.queue, name="queue"),
    path("assignments/<int:pk>/", queue.assignment_detail, name="assignment"),
    path("assignments/<int:pk>/accept/", queue.assignment_accept, name="accept"),
    path("assignments/<int:pk>/decline/", queue.assignment_decline, name="decline"),
    path("assignments/<int:pk>/review/", queue.review_save, name="save"),
    path("assignments/<int:pk>/autosave/", queue.review_autosave, name="autosave"),
    path("apply/", accrediting.apply, name="apply"),
    path("affiliations/", accrediting.affiliations, name="affiliations"),
    path("affiliations/<int:pk>/end/", accrediting.affiliation_end, name="affiliation_end"),
    path("assignments/<int:pk>/respond/<str:token>/", invitations.respond, name="respond"),
]
