from django.urls import path

from . import onboarding_views, views

app_name = "service_activation"

urlpatterns = [
    path("", views.board, name="board"),
    path("<int:pk>/", views.activation_detail, name="activation_detail"),
    path("<int:pk>/steps/", views.activation_step, name="activation_step"),
    path("<int:pk>/efd/", views.efd_change, name="efd_change"),
    path("<int:pk>/tickets/", views.ticket_raise, name="ticket_raise"),
    path("tickets/<int:pk>/resolve/", views.ticket_resolve, name="ticket_resolve"),
    path("dip-onboarding/", onboarding_views.overview, name="dip_overview"),
    path(
        "organisations/<int:pk>/dip-onboarding/",
        onboarding_views.onboarding_detail,
        name="dip_onboarding",
    ),
    path(
        "organisations/<int:pk>/dip-onboarding/officers/",
        onboarding_views.officer_add,
        name="dip_officer_add",
    ),
    path(
        "organisations/<int:pk>/dip-onboarding/record/",
        onboarding_views.onboarding_record,
        name="dip_onboarding_record",
    ),
    path(
        "dip-officers/<int:pk>/remove/", onboarding_views.officer_remove, name="dip_officer_remove"
    ),
]
