"""Pages for API access, under an organisation (its admin) and under /account/ (staff)."""

from django.urls import path

from . import views

app_name = "api_access"


def _pages(prefix: str, scope: str) -> list:
    return [
        path(f"{prefix}api-tokens/", views.token_list, name=f"{scope}_tokens"),
        path(
            f"{prefix}api-tokens/<int:token_pk>/revoke/",
            views.token_revoke,
            name=f"{scope}_token_revoke",
        ),
        path(f"{prefix}webhooks/", views.webhook_list, name=f"{scope}_webhooks"),
        path(f"{prefix}webhooks/<int:endpoint_pk>/", views.webhook_detail, name=f"{scope}_webhook"),
        path(
            f"{prefix}webhooks/<int:endpoint_pk>/remove/",
            views.webhook_remove,
            name=f"{scope}_webhook_remove",
        ),
        path(
            f"{prefix}webhooks/<int:endpoint_pk>/deliveries/<int:delivery_pk>/replay/",
            views.webhook_replay,
            name=f"{scope}_webhook_replay",
        ),
    ]


urlpatterns = _pages("organisations/<int:pk>/", "org") + _pages("account/", "account")
