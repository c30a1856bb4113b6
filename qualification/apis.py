"""Read endpoints of the core. Every queryset comes from a selector that takes
the requesting user, so other tenants' rows are simply not there (404)."""

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from mhhs_portal.api.filters import IdFilter

from . import services
from .fast_rows import QUALIFICATION_ROW_FIELDS, qualification_rows
from .models import Mpid, Organisation, Qualification, QualificationStatus
from .selectors import organisations_visible_to, qualifications_visible_to
from .serializers import (
    MembershipCreateSerializer,
    MembershipSerializer,
    MpidCreateSerializer,
    MpidSerializer,
    OrganisationSerializer,
    QualificationCreateSerializer,
    QualificationSerializer,
    TransitionSerializer,
)


class _OrganisationScope:
    serializer_class = OrganisationSerializer

    def get_queryset(self):
        user = self.request.user
        return organisations_visible_to(user).prefetch_related(
            Prefetch("mpids", queryset=Mpid.objects.select_related("market_role")),
            Prefetch(
                "qualifications",
                queryset=qualifications_visible_to(user)
                .select_related(None)
                .only("id", "organisation_id", "status"),
            ),
        )


class OrganisationFilter(django_filters.FilterSet):
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Organisation
        fields = ["updated_since"]


class OrganisationListApi(_OrganisationScope, generics.ListAPIView):
    """Organisations the caller may see: its own, or those its body governs."""

    filterset_class = OrganisationFilter


class OrganisationDetailApi(_OrganisationScope, generics.RetrieveAPIView):
    """One organisation with its MPIDs and the ids of its visible qualifications."""


class QualificationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=QualificationStatus.choices)
    market_role = django_filters.CharFilter(field_name="market_role__code")
    organisation = IdFilter(field_name="organisation_id")
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Qualification
        fields = ["status", "market_role", "organisation", "updated_since"]


class _QualificationScope:
    serializer_class = QualificationSerializer

    def get_queryset(self):
        return qualifications_visible_to(self.request.user)


class QualificationListApi(_QualificationScope, generics.ListAPIView):
    """Qualifications (organisation x market role) the caller may see."""

    filterset_class = QualificationFilter

    def list(self, request, *args, **kwargs):
        rows = self.filter_queryset(self.get_queryset()).values(*QUALIFICATION_ROW_FIELDS)
        return self.get_paginated_response(qualification_rows(self.paginate_queryset(rows)))


class QualificationDetailApi(_QualificationScope, generics.RetrieveAPIView):
    """One qualification and its lifecycle status."""


class _OrganisationWrite(generics.GenericAPIView):
    """A write on one organisation the caller can see; the service decides if they may."""

    input_serializer: type[serializers.Serializer]
    output_serializer: type[serializers.Serializer]

    def get_queryset(self):
        return organisations_visible_to(self.request.user)

    def create_with(self, service, **extra):
        organisation = self.get_object()
        data = self.input_serializer(data=self.request.data)
        data.is_valid(raise_exception=True)
        created = service(
            actor=self.request.user, organisation=organisation, **data.validated_data, **extra
        )
        return Response(self.output_serializer(created).data, status=status.HTTP_201_CREATED)


class MpidCreateApi(_OrganisationWrite):
    """Register an MPID for one of the organisation's market roles (organisation admins)."""

    input_serializer = MpidCreateSerializer
    output_serializer = MpidSerializer

    @extend_schema(request=MpidCreateSerializer, responses={201: MpidSerializer})
    def post(self, request, pk):
        return self.create_with(services.mpid_register)


class MembershipCreateApi(_OrganisationWrite):
    """Add a person to the organisation (organisation admins)."""

    input_serializer = MembershipCreateSerializer
    output_serializer = MembershipSerializer

    @extend_schema(request=MembershipCreateSerializer, responses={201: MembershipSerializer})
    def post(self, request, pk):
        return self.create_with(services.membership_add)


class QualificationCreateApi(_OrganisationWrite):
    """Register a market role for qualification (organisation admins)."""

    input_serializer = QualificationCreateSerializer
    output_serializer = QualificationSerializer

    @extend_schema(request=QualificationCreateSerializer, responses={201: QualificationSerializer})
    def post(self, request, pk):
        return self.create_with(services.qualification_register)


class QualificationTransitionApi(generics.GenericAPIView):
    """Move a qualification along its lifecycle. An illegal move answers 409 with a code."""

    serializer_class = TransitionSerializer

    def get_queryset(self):
        return qualifications_visible_to(self.request.user)

    @extend_schema(request=TransitionSerializer, responses={200: QualificationSerializer})
    def post(self, request, pk):
        qualification = self.get_object()
        data = TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        moved = services.qualification_transition(
            actor=request.user, qualification=qualification, **data.validated_data
        )
        moved = qualifications_visible_to(request.user).get(pk=moved.pk)
        return Response(QualificationSerializer(moved).data)
