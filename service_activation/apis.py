"""Service activation and DIP onboarding over REST. Reads come from the
selectors (other tenants answer 404); writes call the same services as the
pages, whose refusals the problem-details handler maps to 400/403/409."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from mhhs_portal.api.filters import IdFilter

from . import dip_onboarding, selectors, services, tickets
from .models import ServiceActivation, Step
from .serializers import (
    ActivationDetailSerializer,
    ActivationSerializer,
    EfdChangeInputSerializer,
    OfficerInputSerializer,
    OfficerSerializer,
    OnboardingInputSerializer,
    OnboardingSerializer,
    ResolveInputSerializer,
    StepInputSerializer,
    TicketInputSerializer,
    TicketSerializer,
    onboarding_data,
)


class ActivationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Step.choices)
    organisation = IdFilter(field_name="qualification__organisation_id")
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = ServiceActivation
        fields = ["status", "organisation", "updated_since"]


class ActivationListApi(generics.ListAPIView):
    """Service activations the caller may see, oldest first (cursor pagination)."""

    serializer_class = ActivationSerializer
    filterset_class = ActivationFilter

    def get_queryset(self):
        return selectors.activations_visible_to(self.request.user)


class _ActivationWrite(generics.GenericAPIView):
    def activation(self):
        return selectors.activation_get(self.request.user, self.kwargs["pk"])

    def detail(self, pk):
        return Response(
            ActivationDetailSerializer(selectors.activation_get(self.request.user, pk)).data
        )

    def validated(self, serializer_class):
        data = serializer_class(data=self.request.data)
        data.is_valid(raise_exception=True)
        return data.validated_data


class ActivationDetailApi(_ActivationWrite):
    """One activation with its steps (who, when) and tickets."""

    serializer_class = ActivationDetailSerializer

    def get(self, request, pk):
        return self.detail(pk)


class ActivationStepApi(_ActivationWrite):
    """Complete the next step. 403 when the step is not the caller's; 409 when the
    state or a gate (blocking ticket, ISD notice, EFD, Non-SIT start) refuses."""

    serializer_class = StepInputSerializer

    @extend_schema(request=StepInputSerializer, responses={200: ActivationDetailSerializer})
    def post(self, request, pk):
        activation = self.activation()
        services.activation_step(
            actor=request.user, activation=activation, **self.validated(StepInputSerializer)
        )
        return self.detail(pk)


class ActivationEfdApi(_ActivationWrite):
    """Move the agreed EFD (service activation team)."""

    serializer_class = EfdChangeInputSerializer

    @extend_schema(request=EfdChangeInputSerializer, responses={200: ActivationDetailSerializer})
    def post(self, request, pk):
        activation = self.activation()
        services.activation_efd_change(
            actor=request.user, activation=activation, **self.validated(EfdChangeInputSerializer)
        )
        return self.detail(pk)


class TicketListCreateApi(_ActivationWrite):
    """An activation's tickets; POST raises one (participant, team or DIP Manager)."""

    serializer_class = TicketSerializer

    def get(self, request, pk):
        activation = self.activation()
        return Response(TicketSerializer(activation.tickets.all(), many=True).data)

    @extend_schema(request=TicketInputSerializer, responses={201: TicketSerializer})
    def post(self, request, pk):
        activation = self.activation()
        ticket = tickets.ticket_raise(
            actor=request.user, activation=activation, **self.validated(TicketInputSerializer)
        )
        return Response(TicketSerializer(ticket).data, status=status.HTTP_201_CREATED)


class TicketResolveApi(_ActivationWrite):
    """Resolve a ticket (service activation team)."""

    serializer_class = ResolveInputSerializer

    @extend_schema(request=ResolveInputSerializer, responses={200: TicketSerializer})
    def post(self, request, pk):
        ticket = selectors.ticket_get(request.user, pk)
        resolved = tickets.ticket_resolve(
            actor=request.user, ticket=ticket, **self.validated(ResolveInputSerializer)
        )
        return Response(TicketSerializer(resolved).data)


class OnboardingApi(_ActivationWrite):
    """An organisation's DIP onboarding; POST records certificates / smoke test (DIP Manager)."""

    serializer_class = OnboardingSerializer

    def _data(self, pk):
        organisation = selectors.onboarding_organisation_get(self.request.user, pk)
        onboarding = selectors.onboarding_of(organisation)
        return organisation, onboarding_data(
            organisation, onboarding, dip_onboarding.onboarding_status(onboarding)
        )

    def get(self, request, pk):
        return Response(self._data(pk)[1])

    @extend_schema(request=OnboardingInputSerializer, responses={200: OnboardingSerializer})
    def post(self, request, pk):
        organisation, _ = self._data(pk)
        dip_onboarding.dip_onboarding_record(
            actor=request.user,
            organisation=organisation,
            **self.validated(OnboardingInputSerializer),
        )
        return Response(self._data(pk)[1])


class OfficerCreateApi(_ActivationWrite):
    """Appoint a security officer (the organisation's admin)."""

    serializer_class = OfficerInputSerializer

    @extend_schema(request=OfficerInputSerializer, responses={201: OfficerSerializer})
    def post(self, request, pk):
        organisation = selectors.onboarding_organisation_get(request.user, pk)
        officer = dip_onboarding.dip_officer_appoint(
            actor=request.user, organisation=organisation, **self.validated(OfficerInputSerializer)
        )
        return Response(OfficerSerializer(officer).data, status=status.HTTP_201_CREATED)
