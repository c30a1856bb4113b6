"""The /api/v1/ router: each app contributes its own routes."""

from django.urls import include, path

from .feed import EventFeedApi

urlpatterns = [
    path("", include("qualification.api_urls")),
    path("", include("waves.api_urls")),
    path("", include("qad.api_urls")),
    path("", include("service_activation.api_urls")),
    path("events/", EventFeedApi.as_view(), name="event-feed"),
    path("", include("waves.deadline_api_urls")),
    path("", include("governance.api_urls")),
    path("", include("waves.pqs_api_urls")),
    path("", include("waves.deliverables.api_urls")),
]
