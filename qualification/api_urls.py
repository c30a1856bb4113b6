from django.urls import path

from . import apis

urlpatterns = [
    path("organisations/", apis.OrganisationListApi.as_view(), name="organisation-list"),
    path(
        "organisations/<int:pk>/", apis.OrganisationDetailApi.as_view(), name="organisation-detail"
    ),
    path("qualifications/", apis.QualificationListApi.as_view(), name="qualification-list"),
    path(
        "qualifications/<int:pk>/",
        apis.QualificationDetailApi.as_view(),
        name="qualification-detail",
    ),
    path("organisations/<int:pk>/mpids/", apis.MpidCreateApi.as_view(), name="mpid-create"),
    path(
        "organisations/<int:pk>/members/",
        apis.MembershipCreateApi.as_view(),
        name="membership-create",
    ),
    path(
        "organisations/<int:pk>/qualifications/",
        apis.QualificationCreateApi.as_view(),
        name="qualification-create",
    ),
    path(
        "qualifications/<int:pk>/transitions/",
        apis.QualificationTransitionApi.as_view(),
        name="qualification-transition",
    ),
]
