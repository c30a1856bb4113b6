from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("participants/", views.participants, name="participants"),
    path("organisations/<int:pk>/", views.organisation_home, name="organisation_home"),
    path("organisations/", include("qualification.urls")),
    path("timelines/", include("waves.urls")),
    path("deadlines/", include("waves.deadline_urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("mhhs_portal.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-docs"),
]
