"""The /api/v1/ router: each app contributes its own routes."""

from django.urls import include, path

urlpatterns = [
    path("", include("qualification.api_urls")),
    path("", include("waves.api_urls")),
    path("", include("qad.api_urls")),
    path("", include("service_activation.api_urls")),
    path("", include("governance.api_urls")),
]
