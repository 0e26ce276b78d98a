"""/desk/: the core's case pages and the reviewers' desk pages, under one namespace."""

from django.urls import include, path

from accreditation.views import conditions

from . import views

app_name = "desk"

urlpatterns = [
    path("", views.case_list, name="cases"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/decide/", views.case_decide, name="decide"),
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
    # The reviewers' desk pages (assigning, reviewer accreditation, analytics), before the
    # catch-all action pattern below.
    path("", include("reviewers.urls.desk")),
    path("cases/<int:pk>/<slug:action>/", views.case_action, name="action"),
]
