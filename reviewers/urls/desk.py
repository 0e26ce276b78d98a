from django.urls import include, path

from reviewers.views import accrediting, desk, extra_review

urlpatterns = [
    path("cases/<int:pk>/assign/", desk.assign_reviewer, name="assign"),
    path("cases/<int:pk>/extra-reviewer/", extra_review.add_extra_reviewer, name="extra_reviewer"),
    path("", include("reviewers.urls.analytics")),
    path("reviewers/", accrediting.reviewer_list, name="reviewers"),
    path("reviewers/invite/", accrediting.invite_to_apply, name="reviewer_invite"),
    path(
        "reviewers/applications/<int:pk>/",
        accrediting.application_detail,
        name="reviewer_application",
    ),
    path(
        "reviewers/applications/<int:pk>/accept/",
        accrediting.application_accept,
        name="reviewer_application_accept",
    ),
    path(
        "reviewers/applications/<int:pk>/refuse/",
        accrediting.application_refuse,
        name="reviewer_application_refuse",
    ),
    path("reviewers/accreditations/<int:pk>/renew/", accrediting.renew, name="reviewer_renew"),
    path("assign-batch/", desk.assign_batch, name="assign_batch"),
]
