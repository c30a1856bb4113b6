from django.urls import path

from . import pqs_apis as apis

urlpatterns = [
    path("pqs/", apis.PqsListApi.as_view(), name="pqs-list"),
    path("pqs/<int:pk>/", apis.PqsDetailApi.as_view(), name="pqs-detail"),
    path("pqs/<int:pk>/actions/", apis.PqsActionApi.as_view(), name="pqs-action"),
    path("allocations/", apis.AllocationListApi.as_view(), name="allocation-list"),
    path("wait-list/", apis.WaitListApi.as_view(), name="wait-list"),
    path("wait-list/<int:pk>/actions/", apis.WaitListActionApi.as_view(), name="wait-list-action"),
    path("cohorts/<int:pk>/wait-list/", apis.WaitListAddApi.as_view(), name="wait-list-add"),
    path("cohorts/<int:pk>/capacity/", apis.CapacitySetApi.as_view(), name="cohort-capacity"),
]
