"""PQS, allocations and wait lists in the API, through the same services and
selectors as the pages: problem details with 400 (bad input), 403 (wrong
person), 404 (outside the caller's scope) and 409 (wrong state, full wave)."""

import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from qualification.selectors import organisations_visible_to, qualifications_visible_to

from . import pqs_selectors as selectors
from . import pqs_services as services
from . import wait_list as places
from .models import Allocation, AllocationStatus, Cohort
from .models_pqs import PqsMessage, PqsStatus, WaitListEntry, WaitListStatus
from .models_pqs import PreQualificationSubmission as Pqs
from .serializers import AllocationSerializer
from .services import places_taken


class PqsMessageSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.get_full_name", default="", read_only=True)

    class Meta:
        model = PqsMessage
        fields = ["kind", "body", "text", "author", "created_at"]


class PqsRoleSerializer(serializers.Serializer):
    qualification = serializers.IntegerField(source="pk")
    role = serializers.CharField(source="market_role.code")
    cohort = serializers.SerializerMethodField()
    allocation_status = serializers.SerializerMethodField()

    def get_cohort(self, obj) -> str | None:
        allocation = getattr(obj, "allocation", None)
        return allocation.cohort.key if allocation else None

    def get_allocation_status(self, obj) -> str | None:
        allocation = getattr(obj, "allocation", None)
        return allocation.status if allocation else None


class PqsSerializer(serializers.ModelSerializer):
    preferred_cohort = serializers.SlugRelatedField(slug_field="key", read_only=True)
    roles = PqsRoleSerializer(source="qualifications", many=True, read_only=True)
    mpids = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    mpids_not_taken_forward = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    messages = PqsMessageSerializer(many=True, read_only=True)

    class Meta:
        model = Pqs
        fields = [
            "id",
            "organisation",
            "status",
            "preferred_cohort",
            "roles",
            "mpids",
            "mpids_not_taken_forward",
            "pit_approach",
            "pit_start",
            "pit_completion",
            "target_migration_date",
            "reliance_requested",
            "reliance_details",
            "submitted_at",
            "decided_at",
            "decision_note",
            "messages",
            "updated_at",
        ]
        # Read-only, so no form lists every organisation as a choice.
        read_only_fields = fields


class PqsInputSerializer(serializers.Serializer):
    preferred_cohort = serializers.SlugRelatedField(
        slug_field="key",
        queryset=Cohort.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        error_messages={"does_not_exist": "Unknown cohort “{value}”."},
    )
    roles = serializers.ListField(child=serializers.CharField(max_length=12), default=list)
    mpids = serializers.ListField(child=serializers.CharField(max_length=4), default=list)
    mpids_not_taken_forward = serializers.ListField(
        child=serializers.CharField(max_length=4), default=list
    )
    pit_approach = serializers.CharField(required=False, allow_blank=True, default="")
    pit_start = serializers.DateField(required=False, allow_null=True, default=None)
    pit_completion = serializers.DateField(required=False, allow_null=True, default=None)
    target_migration_date = serializers.DateField(required=False, allow_null=True, default=None)
    reliance_requested = serializers.BooleanField(required=False, default=False)
    reliance_details = serializers.CharField(required=False, allow_blank=True, default="")

    def to_input(self) -> services.PqsInput:
        data = {k: v for k, v in self.validated_data.items() if k != "organisation"}
        for name in ("roles", "mpids", "mpids_not_taken_forward"):
            data[name] = tuple(data[name])
        return services.PqsInput(**data)


class PqsCreateInputSerializer(PqsInputSerializer):
    organisation = serializers.IntegerField()


def _updated_since():
    return django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")


class PqsFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=PqsStatus.choices)
    updated_since = _updated_since()

    class Meta:
        model = Pqs
        fields = ["status", "updated_since"]


class PqsListApi(generics.ListCreateAPIView):
    """PQSs the caller may see (a participant's own, drafts included); create a draft."""

    serializer_class = PqsSerializer
    filterset_class = PqsFilter

    def get_queryset(self):
        return selectors.pqs_list(self.request.user).order_by("id")

    @extend_schema(request=PqsCreateInputSerializer, responses={201: PqsSerializer})
    def post(self, request):
        data = PqsCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        organisation = get_object_or_404(
            organisations_visible_to(request.user), pk=data.validated_data["organisation"]
        )
        pqs = services.pqs_create(
            actor=request.user, organisation=organisation, data=data.to_input()
        )
        return Response(PqsSerializer(selectors.pqs_get(request.user, pqs.pk)).data, status=201)


class PqsDetailApi(generics.GenericAPIView):
    """One PQS with its roles' allocations and its clarification thread; PUT edits a draft."""

    serializer_class = PqsSerializer
    queryset = Pqs.objects.none()  # for the schema's path parameter; reads use selectors

    def get(self, request, pk):
        return Response(PqsSerializer(selectors.pqs_get(request.user, pk)).data)

    @extend_schema(request=PqsInputSerializer, responses={200: PqsSerializer})
    def put(self, request, pk):
        pqs = selectors.pqs_get(request.user, pk)
        data = PqsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.pqs_update(actor=request.user, pqs=pqs, data=data.to_input())
        return Response(PqsSerializer(selectors.pqs_get(request.user, pk)).data)


PQS_ACTIONS = {
    "submit": lambda user, pqs, text: services.pqs_submit(actor=user, pqs=pqs),
    "withdraw": lambda user, pqs, text: services.pqs_withdraw(actor=user, pqs=pqs, reason=text),
    "request_clarification": lambda user, pqs, text: services.pqs_clarification_request(
        actor=user, pqs=pqs, question=text
    ),
    "answer_clarification": lambda user, pqs, text: services.pqs_clarification_answer(
        actor=user, pqs=pqs, answer=text
    ),
    "accept": lambda user, pqs, text: services.pqs_accept(actor=user, pqs=pqs, note=text),
    "reject": lambda user, pqs, text: services.pqs_reject(actor=user, pqs=pqs, reason=text),
}


class PqsActionInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(PQS_ACTIONS))
    text = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="The question, answer, acceptance note, rejection or withdrawal reason.",
    )


class PqsActionApi(generics.GenericAPIView):
    """Move a PQS: submit, withdraw, ask or answer a clarification, accept, reject."""

    serializer_class = PqsActionInput
    queryset = Pqs.objects.none()

    @extend_schema(request=PqsActionInput, responses={200: PqsSerializer})
    def post(self, request, pk):
        pqs = selectors.pqs_get(request.user, pk)
        data = PqsActionInput(data=request.data)
        data.is_valid(raise_exception=True)
        PQS_ACTIONS[data.validated_data["action"]](request.user, pqs, data.validated_data["text"])
        return Response(PqsSerializer(selectors.pqs_get(request.user, pk)).data)


class AllocationRowSerializer(AllocationSerializer):
    role = serializers.CharField(source="qualification.market_role.code", read_only=True)
    organisation = serializers.IntegerField(source="qualification.organisation_id", read_only=True)

    class Meta(AllocationSerializer.Meta):
        fields = [
            "qualification",
            "organisation",
            "role",
            "cohort",
            "status",
            "reason",
            "updated_at",
        ]


class AllocationFilter(django_filters.FilterSet):
    cohort = django_filters.CharFilter(field_name="cohort__key")
    status = django_filters.ChoiceFilter(choices=AllocationStatus.choices)
    updated_since = _updated_since()

    class Meta:
        model = Allocation
        fields = ["cohort", "status", "updated_since"]


class AllocationListApi(generics.ListAPIView):
    """Allocations of the qualifications the caller may see."""

    serializer_class = AllocationRowSerializer
    filterset_class = AllocationFilter

    def get_queryset(self):
        return selectors.allocations_visible_to(self.request.user).order_by("id")


class WaitListEntrySerializer(serializers.ModelSerializer):
    cohort = serializers.SlugRelatedField(slug_field="key", read_only=True)
    role = serializers.CharField(source="qualification.market_role.code", read_only=True)
    organisation = serializers.IntegerField(source="qualification.organisation_id", read_only=True)

    class Meta:
        model = WaitListEntry
        fields = [
            "id",
            "cohort",
            "qualification",
            "organisation",
            "role",
            "pqs",
            "status",
            "reason",
            "outcome_reason",
            "created_at",
            "updated_at",
        ]


class WaitListFilter(django_filters.FilterSet):
    cohort = django_filters.CharFilter(field_name="cohort__key")
    status = django_filters.ChoiceFilter(choices=WaitListStatus.choices)
    updated_since = _updated_since()

    class Meta:
        model = WaitListEntry
        fields = ["cohort", "status", "updated_since"]


class WaitListApi(generics.ListAPIView):
    """Wait list entries of the qualifications the caller may see."""

    serializer_class = WaitListEntrySerializer
    filterset_class = WaitListFilter

    def get_queryset(self):
        return selectors.wait_list_visible_to(self.request.user).order_by("id")


class WaitListAddInput(serializers.Serializer):
    qualification = serializers.IntegerField()
    reason = serializers.CharField(max_length=300)
    pqs = serializers.IntegerField(required=False, allow_null=True, default=None)


class WaitListAddApi(generics.GenericAPIView):
    """Put a qualification on a full wave's wait list (Code Bodies, with a reason)."""

    serializer_class = WaitListAddInput
    queryset = Cohort.objects.none()

    @extend_schema(request=WaitListAddInput, responses={201: WaitListEntrySerializer})
    def post(self, request, pk):
        cohort = get_object_or_404(Cohort, pk=pk)
        data = WaitListAddInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        qualification = get_object_or_404(
            qualifications_visible_to(request.user), pk=values["qualification"]
        )
        pqs = selectors.pqs_get(request.user, values["pqs"]) if values["pqs"] else None
        entry = places.wait_list_add(
            actor=request.user,
            qualification=qualification,
            cohort=cohort,
            reason=values["reason"],
            pqs=pqs,
        )
        return Response(WaitListEntrySerializer(entry).data, status=201)


class WaitListActionInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=["promote", "remove"])
    reason = serializers.CharField(max_length=250)
    status = serializers.ChoiceField(
        choices=AllocationStatus.choices,
        default=AllocationStatus.INDICATIVE,
        help_text="For a promotion: the allocation it makes.",
    )


class WaitListActionApi(generics.GenericAPIView):
    """Promote an entry into its wave (a place must be free) or take it off the list."""

    serializer_class = WaitListActionInput
    queryset = WaitListEntry.objects.none()

    @extend_schema(request=WaitListActionInput, responses={200: WaitListEntrySerializer})
    def post(self, request, pk):
        entry = selectors.wait_list_entry_get(request.user, pk)
        data = WaitListActionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if values["action"] == "promote":
            places.wait_list_promote(
                actor=request.user, entry=entry, reason=values["reason"], status=values["status"]
            )
        else:
            places.wait_list_remove(actor=request.user, entry=entry, reason=values["reason"])
        return Response(
            WaitListEntrySerializer(selectors.wait_list_entry_get(request.user, pk)).data
        )


class CapacityInput(serializers.Serializer):
    capacity = serializers.IntegerField(min_value=0, allow_null=True)
    reason = serializers.CharField(max_length=300)


class CapacityOutput(serializers.Serializer):
    cohort = serializers.CharField(source="key")
    capacity = serializers.IntegerField(allow_null=True)
    taken = serializers.IntegerField()


class CapacitySetApi(generics.GenericAPIView):
    """Set a QT wave's capacity (Code Bodies and test managers; never below its places taken)."""

    serializer_class = CapacityInput
    queryset = Cohort.objects.none()

    @extend_schema(request=CapacityInput, responses={200: CapacityOutput})
    def post(self, request, pk):
        cohort = get_object_or_404(Cohort, pk=pk)
        data = CapacityInput(data=request.data)
        data.is_valid(raise_exception=True)
        cohort = places.cohort_capacity_set(
            actor=request.user, cohort=cohort, **data.validated_data
        )
        cohort.taken = places_taken(cohort)
        return Response(CapacityOutput(cohort).data)
