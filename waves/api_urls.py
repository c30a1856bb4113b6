from django.urls import path

from . import apis

urlpatterns = [
    path("cohorts/", apis.CohortListApi.as_view(), name="cohort-list"),
    path("cohorts/<int:pk>/", apis.CohortDetailApi.as_view(), name="cohort-detail"),
]
