"""/desk/: the secretariat's and the committee's pages, all listed here."""

from django.urls import path

from .views import analytics, assignment, cases, conditions, reviewers

app_name = "desk"

urlpatterns = [
    path("", cases.case_list, name="cases"),
    path("cases/<int:pk>/", cases.case_detail, name="case"),
    path("cases/<int:pk>/decide/", cases.case_decide, name="decide"),
    path(
        "cases/<int:pk>/conditions/<int:condition_pk>/sign-off/",
        conditions.sign_off,
        name="condition_sign_off",
    ),
    path(
        "cases/<int:pk>/conditions/<int:condition_pk>/return/",
        conditions.reject_evidence,
        name="condition_reject",
    ),
    path("cases/<int:pk>/assign/", assignment.assign_reviewer, name="assign"),
    path(
        "cases/<int:pk>/extra-reviewer/",
        assignment.add_extra_reviewer,
        name="extra_reviewer",
    ),
    path("assign-batch/", assignment.assign_batch, name="assign_batch"),
    path("overview/", analytics.overview, name="overview"),
    path("overview/cases.csv", analytics.export_cases, name="export_cases"),
    path("overview/workload.csv", analytics.export_workload, name="export_workload"),
    path("reliability/", analytics.reliability, name="reliability"),
    path("reviewers/", reviewers.reviewer_list, name="reviewers"),
    path("reviewers/invite/", reviewers.invite_to_apply, name="reviewer_invite"),
    path(
        "reviewers/applications/<int:pk>/",
        reviewers.application_detail,
        name="reviewer_application",
    ),
    path(
        "reviewers/applications/<int:pk>/accept/",
        reviewers.application_accept,
        name="reviewer_application_accept",
    ),
    path(
        "reviewers/applications/<int:pk>/refuse/",
        reviewers.application_refuse,
        name="reviewer_application_refuse",
    ),
    path("reviewers/accreditations/<int:pk>/renew/", reviewers.renew, name="reviewer_renew"),
    # Last: its slug would otherwise take the fixed case pages above (assign, decide, ...).
    path("cases/<int:pk>/<slug:action>/", cases.case_action, name="action"),
]
