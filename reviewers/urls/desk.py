from django.urls import include, path

from reviewers.views import desk, extra_review

urlpatterns = [
    path("cases/<int:pk>/assign/", desk.assign_reviewer, name="assign"),
    path("cases/<int:pk>/extra-reviewer/", extra_review.add_extra_reviewer, name="extra_reviewer"),
    path("", include("reviewers.urls.analytics")),
]
