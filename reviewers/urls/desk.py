from django.urls import include, path

from reviewers.views import desk

urlpatterns = [
    path("cases/<int:pk>/assign/", desk.assign_reviewer, name="assign"),
    path("", include("reviewers.urls.analytics")),
]
