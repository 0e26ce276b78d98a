from django.urls import path

from reviewers.views import desk

urlpatterns = [
    path("cases/<int:pk>/assign/", desk.assign_reviewer, name="assign"),
    path("assign-batch/", desk.assign_batch, name="assign_batch"),
]
