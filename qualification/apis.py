"""Read endpoints of the core. Every queryset comes from a selector that takes
the requesting user, so other tenants' rows are simply not there (404)."""

import django_filters
from django.db.models import Prefetch
from rest_framework import generics

from .models import Mpid, Qualification, QualificationStatus
from .selectors import organisations_visible_to, qualifications_visible_to
from .serializers import OrganisationSerializer, QualificationSerializer


class _OrganisationScope:
    serializer_class = OrganisationSerializer

    def get_queryset(self):
        user = self.request.user
        return organisations_visible_to(user).prefetch_related(
            Prefetch("mpids", queryset=Mpid.objects.select_related("market_role")),
            Prefetch(
                "qualifications",
                queryset=qualifications_visible_to(user).only("id", "organisation_id"),
            ),
        )


class OrganisationListApi(_OrganisationScope, generics.ListAPIView):
    """Organisations the caller may see: its own, or those its body governs."""


class OrganisationDetailApi(_OrganisationScope, generics.RetrieveAPIView):
    """One organisation with its MPIDs and the ids of its visible qualifications."""


class QualificationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=QualificationStatus.choices)
    market_role = django_filters.CharFilter(field_name="market_role__code")
    organisation = django_filters.NumberFilter(field_name="organisation_id")
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


class QualificationDetailApi(_QualificationScope, generics.RetrieveAPIView):
    """One qualification and its lifecycle status."""
