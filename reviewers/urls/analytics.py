from django.urls import path

from reviewers.views import analytics

# Under the desk namespace (included by reviewers.urls.desk).
urlpatterns = [
    path("overview/", analytics.overview, name="overview"),
    path("overview/cases.csv", analytics.export_cases, name="export_cases"),
    path("overview/workload.csv", analytics.export_workload, name="export_workload"),
    path("reliability/", analytics.reliability, name="reliability"),
]
