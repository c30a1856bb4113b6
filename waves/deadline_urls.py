from django.urls import path

from . import deadline_views

app_name = "deadlines"

urlpatterns = [
    path("", deadline_views.dashboard, name="dashboard"),
    path("export.csv", deadline_views.export_csv, name="export"),
]
