from django.urls import path

from . import apis

urlpatterns = [
    path("cohorts/", apis.CohortListApi.as_view(), name="cohort-list"),
    path("cohorts/<int:pk>/", apis.CohortDetailApi.as_view(), name="cohort-detail"),
    path(
        "qualifications/<int:pk>/allocation/",
        apis.AllocationSetApi.as_view(),
        name="allocation-set",
    ),
]
