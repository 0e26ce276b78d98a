from django.urls import include, path

from accreditation.views import conditions, desk

app_name = "desk"

urlpatterns = [
    path("", desk.case_list, name="cases"),
    path("cases/<int:pk>/", desk.case_detail, name="case"),
    path("cases/<int:pk>/decide/", desk.case_decide, name="decide"),
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
    # The reviewer side adds its desk pages (assigning reviewers) under the same namespace,
    # before the catch-all action pattern below.
    path("", include("reviewers.urls.desk")),
    path("cases/<int:pk>/<slug:action>/", desk.case_action, name="action"),
]
