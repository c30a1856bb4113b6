from django.urls import path

from . import deadline_apis

urlpatterns = [
    path("deadlines/", deadline_apis.DeadlineListApi.as_view(), name="deadline-list"),
    path("cohorts/<int:pk>/plan/", deadline_apis.CohortPlanApi.as_view(), name="cohort-plan"),
]
