from django.urls import path

from . import deadline_views, replan_views

app_name = "deadlines"

urlpatterns = [
    path("", deadline_views.dashboard, name="dashboard"),
    path("export.csv", deadline_views.export_csv, name="export"),
    path("replans/", replan_views.replan_report, name="replans"),
    path("replans.csv", replan_views.replan_report_csv, name="replans_csv"),
]
