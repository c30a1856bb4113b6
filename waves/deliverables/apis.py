"""Deliverables, checkpoints and QT entry over the API, through the same
services as the pages: problem details with 400 (bad input), 403 (not this
cohort's reviewer), 404 (outside the caller's scope) and 409 (wrong status,
wrong cohort, checkpoints not passed)."""

import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from mhhs_portal.api.filters import IdFilter
from qualification.selectors import qualifications_visible_to

from . import selectors, services
from .kinds import DeliverableKind
from .models import CheckpointOutcome, CheckpointReview, Deliverable, DeliverableStatus
from .selectors import STATUS_COLUMNS


class DeliverableRevisionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    original_name = serializers.CharField()
    sha256 = serializers.CharField()
    size = serializers.IntegerField()
    content_type = serializers.CharField()
    created_at = serializers.DateTimeField()


class DeliverableCommentSerializer(serializers.Serializer):
    author = serializers.CharField(source="author.email", default=None)
    status = serializers.CharField()
    text = serializers.CharField()
    created_at = serializers.DateTimeField()


class DeliverableSerializer(serializers.ModelSerializer):
    organisation = serializers.IntegerField(source="qualification.organisation_id")
    market_role = serializers.CharField(source="qualification.market_role.code")
    cohort = serializers.CharField(source="cohort.key")
    kind_label = serializers.CharField(source="get_kind_display")
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = Deliverable
        fields = [
            "id",
            "qualification",
            "organisation",
            "market_role",
            "cohort",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "final_reviewer",
            "submitted_at",
            "completed_at",
            "updated_at",
        ]


class DeliverableDetailSerializer(DeliverableSerializer):
    revisions = DeliverableRevisionSerializer(many=True)
    comments = DeliverableCommentSerializer(many=True)

    class Meta(DeliverableSerializer.Meta):
        fields = [*DeliverableSerializer.Meta.fields, "revisions", "comments"]


class DeliverableFilter(django_filters.FilterSet):
    cohort = django_filters.CharFilter(field_name="cohort__key")
    kind = django_filters.MultipleChoiceFilter(choices=DeliverableKind.choices)
    status = django_filters.MultipleChoiceFilter(choices=DeliverableStatus.choices)
    qualification = IdFilter(field_name="qualification_id")
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Deliverable
        fields = ["cohort", "kind", "status", "qualification", "updated_since"]


class DeliverableListApi(generics.ListAPIView):
    """Test deliverables the caller may see, with their statuses."""

    serializer_class = DeliverableSerializer
    filterset_class = DeliverableFilter

    def get_queryset(self):
        return selectors.deliverables_visible_to(self.request.user)


class DeliverableDetailApi(APIView):
    """One deliverable with its files (newest first) and review thread."""

    @extend_schema(responses=DeliverableDetailSerializer)
    def get(self, request, pk):
        return Response(
            DeliverableDetailSerializer(selectors.deliverable_get(request.user, pk)).data
        )


class UploadInput(serializers.Serializer):
    file = serializers.FileField()


def _upload(request, deliverable) -> Response:
    data = UploadInput(data=request.data)
    data.is_valid(raise_exception=True)
    revision = services.deliverable_upload(
        actor=request.user, deliverable=deliverable, upload=data.validated_data["file"]
    )
    return Response(DeliverableRevisionSerializer(revision).data, status=status.HTTP_201_CREATED)


class DeliverableUploadApi(APIView):
    """Upload a new file of a deliverable (checked as QAD evidence is)."""

    parser_classes = [MultiPartParser]

    @extend_schema(request=UploadInput, responses={201: DeliverableRevisionSerializer})
    def post(self, request, pk):
        return _upload(request, selectors.deliverable_get(request.user, pk))


class DeliverableUploadByKindApi(APIView):
    """Upload a deliverable named by its kind; 409 when the cohort has no such deliverable."""

    parser_classes = [MultiPartParser]

    @extend_schema(request=UploadInput, responses={201: DeliverableRevisionSerializer})
    def post(self, request, pk, kind):
        qualification = get_object_or_404(qualifications_visible_to(request.user), pk=pk)
        return _upload(request, services.deliverable_for(qualification=qualification, kind=kind))


class ActionInput(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=["submit", "pass_to_code_bodies", "return", "complete", "comment"]
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class DeliverableActionApi(APIView):
    """Submit (participant), pass to the Code Bodies (test manager), return
    (Code Bodies, with a comment), complete (its final reviewer) or comment."""

    @extend_schema(request=ActionInput, responses=DeliverableDetailSerializer)
    def post(self, request, pk):
        deliverable = selectors.deliverable_get(request.user, pk)
        data = ActionInput(data=request.data)
        data.is_valid(raise_exception=True)
        action, comment = data.validated_data["action"], data.validated_data["comment"]
        if action == "comment":
            services.deliverable_comment_add(
                actor=request.user, deliverable=deliverable, text=comment
            )
        else:
            service = {
                "submit": services.deliverable_submit,
                "pass_to_code_bodies": services.deliverable_pass_to_code_bodies,
                "return": services.deliverable_return,
                "complete": services.deliverable_complete,
            }[action]
            service(actor=request.user, deliverable=deliverable, comment=comment)
        return Response(
            DeliverableDetailSerializer(selectors.deliverable_get(request.user, pk)).data
        )


class StatusRowSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    cohort = serializers.CharField(source="cohort.key")
    total = serializers.IntegerField()
    outstanding = serializers.IntegerField()
    draft_and_review = serializers.IntegerField()
    code_body_review = serializers.IntegerField()
    completed = serializers.IntegerField()


class DeliverableStatusTableApi(APIView):
    """The "Qualification Status Updates" table: per deliverable and cohort, counted
    over what the caller may see."""

    pagination_class = None

    @extend_schema(responses=StatusRowSerializer(many=True))
    def get(self, request):
        rows, _ = selectors.status_table(request.user, cohort_key=request.GET.get("cohort", ""))
        for row in rows:
            for column, value in zip(STATUS_COLUMNS, row.cells, strict=True):
                setattr(row, column.value, value)
        return Response(StatusRowSerializer(rows, many=True).data)


class CheckpointInput(serializers.Serializer):
    number = serializers.ChoiceField(choices=[1, 2])
    outcome = serializers.ChoiceField(choices=CheckpointOutcome.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class CheckpointSerializer(serializers.ModelSerializer):
    class Meta:
        model = CheckpointReview
        fields = ["id", "qualification", "number", "outcome", "comment", "created_at"]


class CheckpointReviewApi(APIView):
    """The cohort test manager's review of a QT Entry Checkpoint."""

    @extend_schema(request=CheckpointInput, responses={201: CheckpointSerializer})
    def post(self, request, pk):
        qualification = get_object_or_404(qualifications_visible_to(request.user), pk=pk)
        data = CheckpointInput(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.checkpoint_review(
            actor=request.user, qualification=qualification, **data.validated_data
        )
        return Response(CheckpointSerializer(review).data, status=status.HTTP_201_CREATED)


class QtEntryApi(APIView):
    """Confirm QT entry (the qualification moves to in testing)."""

    @extend_schema(request=None, responses={200: None})
    def post(self, request, pk):
        qualification = get_object_or_404(qualifications_visible_to(request.user), pk=pk)
        moved = services.qt_entry_confirm(actor=request.user, qualification=qualification)
        return Response({"id": moved.pk, "status": moved.status})
