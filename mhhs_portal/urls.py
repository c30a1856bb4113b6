from allauth.account.decorators import secure_admin_login
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from . import views

# Redoc (served from our own static files) injects its styles at run time and
# renders in a web worker, so its one page allows inline styles and blob workers.
api_docs = csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]})(
    SpectacularRedocView.as_view(url_name="api-schema")
)

# The admin signs in through the portal's own sign-in, so MFA applies there too.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("participants/", views.participants, name="participants"),
    path("organisations/<int:pk>/", views.organisation_home, name="organisation_home"),
    path("organisations/", include("qualification.urls")),
    path("timelines/", include("waves.urls")),
    path("waves/", include("waves.pqs_urls")),
    path("qad/", include("qad.urls")),
    path("service-activation/", include("service_activation.urls")),
    path("", include("mhhs_portal.api.page_urls")),
    path("deadlines/", include("waves.deadline_urls")),
    path("governance/", include("governance.urls")),
    path("deliverables/", include("waves.deliverables.urls")),
    path("", include("mhhs_portal.security.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("mhhs_portal.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs, name="api-docs"),
]
