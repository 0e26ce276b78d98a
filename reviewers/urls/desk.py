from django.urls import path

from reviewers.views import desk

urlpatterns = [
    path("cases/<int:pk>/assign/", desk.assign_reviewer, name="assign"),
]
