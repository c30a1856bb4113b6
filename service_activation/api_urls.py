from django.urls import path

from . import apis

urlpatterns = [
    path("activations/", apis.ActivationListApi.as_view(), name="activation-list"),
    path("activations/<int:pk>/", apis.ActivationDetailApi.as_view(), name="activation-detail"),
    path("activations/<int:pk>/steps/", apis.ActivationStepApi.as_view(), name="activation-step"),
    path("activations/<int:pk>/efd/", apis.ActivationEfdApi.as_view(), name="activation-efd"),
    path(
        "activations/<int:pk>/tickets/",
        apis.TicketListCreateApi.as_view(),
        name="activation-tickets",
    ),
    path(
        "activation-tickets/<int:pk>/resolve/",
        apis.TicketResolveApi.as_view(),
        name="activation-ticket-resolve",
    ),
    path(
        "organisations/<int:pk>/dip-onboarding/",
        apis.OnboardingApi.as_view(),
        name="dip-onboarding",
    ),
    path(
        "organisations/<int:pk>/dip-onboarding/officers/",
        apis.OfficerCreateApi.as_view(),
        name="dip-officer-create",
    ),
]
