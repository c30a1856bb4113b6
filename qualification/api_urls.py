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
]
