"""Deadlines and the planner over the API. Lists start from a selector that
takes the caller, so other tenants' deadlines are not there at all."""

import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from mhhs_portal.api.filters import IdFilter

from .models import Deadline, DeadlineStatus
from .planner import cohort_plan, plan_parse
from .selectors import cohorts, deadlines_visible_to


class DeadlineSerializer(serializers.ModelSerializer):
    organisation = serializers.IntegerField(source="qualification.organisation_id")
    organisation_name = serializers.CharField(source="qualification.organisation.name")
    market_role = serializers.CharField(source="qualification.market_role.code")
    cohort = serializers.CharField(source="timeline.cohort.key")
    timeline_version = serializers.IntegerField(source="timeline.number")
    activity = serializers.CharField(source="activity.key")
    activity_label = serializers.CharField(source="activity.label")

    class Meta:
        model = Deadline
        fields = [
            "id",
            "qualification",
            "organisation",
            "organisation_name",
            "market_role",
            "cohort",
            "timeline_version",
            "activity",
            "activity_label",
            "seq",
            "kind",
            "opens",
            "due",
            "provisional",
            "status",
            "completed_on",
            "rule",
            "note",
            "as_of",
            "reminded_at",
            "escalated_at",
            "updated_at",
        ]


class DeadlineFilter(django_filters.FilterSet):
    cohort = django_filters.CharFilter(field_name="timeline__cohort__key")
    status = django_filters.MultipleChoiceFilter(choices=DeadlineStatus.choices)
    activity = django_filters.CharFilter(field_name="activity__key")
    qualification = IdFilter(field_name="qualification_id")
    due_after = django_filters.DateFilter(field_name="due", lookup_expr="gte")
    due_before = django_filters.DateFilter(field_name="due", lookup_expr="lte")
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Deadline
        fields = [
            "cohort",
            "status",
            "activity",
            "qualification",
            "due_after",
            "due_before",
            "updated_since",
        ]


class DeadlineListApi(generics.ListAPIView):
    """Deadlines as the daily sweep last evaluated them (due dates inclusive)."""

    serializer_class = DeadlineSerializer
    filterset_class = DeadlineFilter

    def get_queryset(self):
        return deadlines_visible_to(self.request.user)


class PlanRowSerializer(serializers.Serializer):
    activity = serializers.CharField()
    label = serializers.CharField()
    seq = serializers.IntegerField()
    kind = serializers.CharField()
    opens = serializers.DateField(allow_null=True)
    due = serializers.DateField(allow_null=True)
    provisional = serializers.BooleanField()
    status = serializers.ChoiceField(choices=DeadlineStatus.choices)
    rule = serializers.CharField()
    note = serializers.CharField(required=False)
    completed_on = serializers.DateField(allow_null=True)


class CohortPlanApi(APIView):
    """The cohort's current timeline for a hypothetical participant (the planner)."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "event",
                OpenApiTypes.STR,
                many=True,
                description="KIND:YYYY-MM-DD (an event kind or an activity key); repeatable",
            ),
            OpenApiParameter("as_of", OpenApiTypes.DATE, description="Default: today"),
        ],
        responses=PlanRowSerializer(many=True),
    )
    def get(self, request, pk):
        cohort = get_object_or_404(cohorts(), pk=pk)
        plan = plan_parse(
            cohort=cohort,
            events=request.query_params.getlist("event"),
            as_of=request.query_params.get("as_of"),
        )
        return Response([row.as_json() for row in cohort_plan(plan)])
