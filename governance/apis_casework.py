"""Findings and defects lists, defect and work-off plan actions, reliance
reviews, exemption assertions and decisions, MPID plans and market exit in the
API. The same services as the pages: 400 bad input, 403 acting for another
body or person, 404 outside the caller's scope, 409 out of order or unmet
criteria, all as problem details."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from mhhs_portal.api.filters import IdFilter
from qualification.models import Mpid, Qualification

from . import selectors, services
from .models import (
    AppealForum,
    Decision,
    Defect,
    DefectStatus,
    Exemption,
    ExemptionStatus,
    ExitKind,
    Finding,
    FindingStatus,
    MpidPlan,
    RelianceProposal,
    WorkOffPlan,
)
from .models.defects import TestPhase


def _since():
    return django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")


# Findings -------------------------------------------------------------------------


class FindingRowSerializer(serializers.ModelSerializer):
    class Meta:
        model = Finding
        fields = [
            "id",
            "qualification",
            "qad_section_id",
            "section_title",
            "body",
            "kind",
            "text",
            "action_plan",
            "plan_due",
            "status",
            "created_at",
            "updated_at",
        ]


class FindingFilter(django_filters.FilterSet):
    qualification = IdFilter(field_name="qualification_id")
    status = django_filters.ChoiceFilter(choices=FindingStatus.choices)
    body = django_filters.CharFilter()
    updated_since = _since()

    class Meta:
        model = Finding
        fields = ["qualification", "status", "body", "updated_since"]


class FindingListApi(generics.ListAPIView):
    """Findings and observations on the qualifications the caller may see."""

    serializer_class = FindingRowSerializer
    filterset_class = FindingFilter

    def get_queryset(self):
        return selectors.findings_visible_to(self.request.user)


# Defects and work-off plans ---------------------------------------------------------


class WorkOffPlanSerializer(serializers.ModelSerializer):
    agreed_by = serializers.SerializerMethodField()

    class Meta:
        model = WorkOffPlan
        fields = ["id", "plan", "target_date", "status", "agreed_by"]

    def get_agreed_by(self, plan) -> list[str]:
        return sorted(a.body for a in plan.agreements.all())


class DefectSerializer(serializers.ModelSerializer):
    work_off_plan = serializers.SerializerMethodField()

    class Meta:
        model = Defect
        fields = [
            "id",
            "qualification",
            "reference",
            "phase",
            "severity",
            "summary",
            "impact_assessment",
            "status",
            "work_off_plan",
            "created_at",
            "updated_at",
        ]

    @extend_schema(responses=WorkOffPlanSerializer(allow_null=True))
    def get_work_off_plan(self, defect) -> dict | None:
        plan = getattr(defect, "work_off_plan", None)
        return WorkOffPlanSerializer(plan).data if plan else None


class DefectFilter(django_filters.FilterSet):
    qualification = IdFilter(field_name="qualification_id")
    status = django_filters.ChoiceFilter(choices=DefectStatus.choices)
    severity = django_filters.NumberFilter(min_value=1, max_value=4)
    updated_since = _since()

    class Meta:
        model = Defect
        fields = ["qualification", "status", "severity", "updated_since"]


class DefectListApi(generics.ListAPIView):
    """Defects from PIT, SIT and QT with their work-off plans, on the qualifications
    the caller may see."""

    serializer_class = DefectSerializer
    filterset_class = DefectFilter

    def get_queryset(self):
        return selectors.defects_visible_to(self.request.user)


class DefectInput(serializers.Serializer):
    reference = serializers.CharField(max_length=40)
    phase = serializers.ChoiceField(choices=TestPhase.choices)
    severity = serializers.IntegerField(min_value=1, max_value=4)
    summary = serializers.CharField(max_length=300)
    impact_assessment = serializers.CharField(required=False, allow_blank=True, default="")


class DefectCreateApi(generics.GenericAPIView):
    """Record a defect left after testing (the participant or a test manager)."""

    serializer_class = DefectInput
    queryset = Qualification.objects.none()  # for the schema's path parameter; reads use selectors

    @extend_schema(request=DefectInput, responses={201: DefectSerializer})
    def post(self, request, pk):
        qualification = selectors.application_get(request.user, pk)
        data = DefectInput(data=request.data)
        data.is_valid(raise_exception=True)
        defect = services.defect_record(
            actor=request.user, qualification=qualification, **data.validated_data
        )
        return Response(DefectSerializer(defect).data, status=201)


class DefectActionInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=["assess", "propose_work_off_plan", "resolve"])
    impact_assessment = serializers.CharField(required=False, allow_blank=True, default="")
    plan = serializers.CharField(required=False, allow_blank=True, default="")
    target_date = serializers.DateField(required=False, allow_null=True, default=None)

    def validate(self, attrs):
        if attrs["action"] == "propose_work_off_plan" and not (
            attrs["plan"].strip() and attrs["target_date"]
        ):
            raise serializers.ValidationError(
                {"plan": ["A work-off plan needs the plan and its target_date."]}
            )
        return attrs


class DefectActionApi(generics.GenericAPIView):
    """Record the impact assessment, propose the work-off plan, or resolve the defect."""

    serializer_class = DefectActionInput
    queryset = Defect.objects.none()

    @extend_schema(request=DefectActionInput, responses={200: DefectSerializer})
    def post(self, request, pk):
        defect = selectors.defect_get(request.user, pk)
        data = DefectActionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values, user = data.validated_data, request.user
        if values["action"] == "assess":
            defect = services.defect_assess(
                actor=user, defect=defect, impact_assessment=values["impact_assessment"]
            )
        elif values["action"] == "propose_work_off_plan":
            services.work_off_plan_propose(
                actor=user, defect=defect, plan=values["plan"], target_date=values["target_date"]
            )
        else:
            defect = services.defect_resolve(actor=user, defect=defect)
        return Response(DefectSerializer(selectors.defect_get(user, defect.pk)).data)


# Placing reliance -------------------------------------------------------------------


class RelianceReviewInput(serializers.Serializer):
    agreed = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RelianceSerializer(serializers.ModelSerializer):
    reviews = serializers.SerializerMethodField()

    class Meta:
        model = RelianceProposal
        fields = ["id", "qualification", "relies_on", "provider_name", "scope", "status", "reviews"]

    def get_reviews(self, proposal) -> list[dict]:
        return [
            {"reviewer": r.reviewer, "agreed": r.agreed, "note": r.note}
            for r in proposal.reviews.all()
        ]


class RelianceReviewApi(generics.GenericAPIView):
    """A Code Body, the DIP Manager or (SIT, Non-SIT LDSO) the programme reviews a
    Placing Reliance Proposal. A refusal needs a note."""

    serializer_class = RelianceReviewInput
    queryset = RelianceProposal.objects.none()

    @extend_schema(request=RelianceReviewInput, responses={200: RelianceSerializer})
    def post(self, request, pk):
        proposal = selectors.reliance_get(request.user, pk)
        data = RelianceReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = services.reliance_review(
            actor=request.user, proposal=proposal, **data.validated_data
        )
        return Response(RelianceSerializer(selectors.reliance_get(request.user, proposal.pk)).data)


# Exemptions ---------------------------------------------------------------------------


class ExemptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    qualification = serializers.IntegerField(source="qualification_id")
    segment = serializers.CharField()
    status = serializers.ChoiceField(choices=ExemptionStatus.choices)
    asserted_at = serializers.DateTimeField(allow_null=True)
    meeting = serializers.IntegerField(source="meeting_id", allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_note = serializers.CharField()


class ExemptionAssertApi(generics.GenericAPIView):
    """The Company Director's assertion on a requested exemption."""

    serializer_class = ExemptionSerializer
    queryset = Exemption.objects.none()

    @extend_schema(request=None, responses={200: ExemptionSerializer})
    def post(self, request, pk):
        exemption = selectors.exemption_get(request.user, pk)
        exemption = services.exemption_assert(actor=request.user, exemption=exemption)
        return Response(ExemptionSerializer(exemption).data)


class ExemptionDecisionInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["approved", "refused"])
    meeting = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ExemptionDecideApi(generics.GenericAPIView):
    """The PAB's decision on an exemption, recorded by its secretariat."""

    serializer_class = ExemptionDecisionInput
    queryset = Exemption.objects.none()

    @extend_schema(request=ExemptionDecisionInput, responses={200: ExemptionSerializer})
    def post(self, request, pk):
        exemption = selectors.exemption_get(request.user, pk)
        data = ExemptionDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        exemption = services.exemption_decide(
            actor=request.user,
            exemption=exemption,
            approve=values["outcome"] == "approved",
            meeting=selectors.meeting_get(request.user, values["meeting"]),
            note=values["note"],
        )
        return Response(ExemptionSerializer(exemption).data)


# MPIDs, the Management Assertion and market exit --------------------------------------


class MarketExitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ExitKind.choices)
    notice_given_on = serializers.DateField()
    effective_on = serializers.DateField()
    no_mpans_confirmed = serializers.BooleanField()


class MpidRowSerializer(serializers.Serializer):
    mpid = serializers.CharField(source="mpid.code")
    plan = serializers.ChoiceField(choices=MpidPlan.choices)
    status = serializers.CharField()
    exit = MarketExitSerializer(allow_null=True)


class MpidPlansSerializer(serializers.Serializer):
    management_assertion_required = serializers.BooleanField()
    management_assertion_given = serializers.BooleanField()
    mpids = MpidRowSerializer(many=True)


def _mpid_plans(user, pk) -> dict:
    qualification = selectors.application_get(user, pk)
    rows = selectors.mpid_rows(qualification)
    return MpidPlansSerializer(
        {
            "management_assertion_required": any(r["plan"] == MpidPlan.LATER for r in rows),
            "management_assertion_given": getattr(qualification, "management_assertion", None)
            is not None,
            "mpids": rows,
        }
    ).data


class MpidPlanInput(serializers.Serializer):
    mpid = serializers.CharField(max_length=4)
    plan = serializers.ChoiceField(choices=MpidPlan.choices)


def _mpid(qualification, code: str) -> Mpid:
    mpid = Mpid.objects.filter(
        code=code.upper(),
        organisation_id=qualification.organisation_id,
        market_role_id=qualification.market_role_id,
    ).first()
    if mpid is None:
        raise serializers.ValidationError({"mpid": ["Not an MPID of this role."]})
    return mpid


class MpidPlansApi(generics.GenericAPIView):
    """Each MPID of the role: its plan (now, later, market exit), its status and exit;
    POST sets one MPID's plan (the organisation's admin)."""

    serializer_class = MpidPlanInput
    queryset = Qualification.objects.none()

    @extend_schema(responses={200: MpidPlansSerializer})
    def get(self, request, pk):
        return Response(_mpid_plans(request.user, pk))

    @extend_schema(request=MpidPlanInput, responses={200: MpidPlansSerializer})
    def post(self, request, pk):
        qualification = selectors.application_get(request.user, pk)
        data = MpidPlanInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.mpid_plan_set(
            actor=request.user,
            qualification=qualification,
            mpid=_mpid(qualification, data.validated_data["mpid"]),
            plan=data.validated_data["plan"],
        )
        return Response(_mpid_plans(request.user, pk))


class AssertionInput(serializers.Serializer):
    text = serializers.CharField()


class ManagementAssertionApi(generics.GenericAPIView):
    """A Company Director's Management Assertion for MPIDs that qualify later."""

    serializer_class = AssertionInput
    queryset = Qualification.objects.none()

    @extend_schema(request=AssertionInput, responses={201: MpidPlansSerializer})
    def post(self, request, pk):
        qualification = selectors.application_get(request.user, pk)
        data = AssertionInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.management_assertion_give(
            actor=request.user, qualification=qualification, text=data.validated_data["text"]
        )
        return Response(_mpid_plans(request.user, pk), status=201)


class MarketExitInput(serializers.Serializer):
    mpid = serializers.CharField(max_length=4)
    kind = serializers.ChoiceField(choices=ExitKind.choices)
    notice_given_on = serializers.DateField()
    effective_on = serializers.DateField()
    no_mpans = serializers.BooleanField(
        help_text="Confirms that no MPANs remain appointed to the MPID."
    )


class MarketExitApi(generics.GenericAPIView):
    """Record an MPID's market exit: surrender (at least 3 months' notice) or consolidation."""

    serializer_class = MarketExitInput
    queryset = Qualification.objects.none()

    @extend_schema(request=MarketExitInput, responses={201: MpidPlansSerializer})
    def post(self, request, pk):
        qualification = selectors.application_get(request.user, pk)
        data = MarketExitInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        services.market_exit_record(
            actor=request.user, mpid=_mpid(qualification, values.pop("mpid")), **values
        )
        return Response(_mpid_plans(request.user, pk), status=201)


# Appeals -------------------------------------------------------------------------------


class AppealInput(serializers.Serializer):
    grounds = serializers.CharField()
    lodged_on = serializers.DateField()


class AppealSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    decision = serializers.IntegerField(source="decision_id")
    forum = serializers.ChoiceField(choices=AppealForum.choices)
    grounds = serializers.CharField()
    lodged_on = serializers.DateField()


class AppealApi(generics.GenericAPIView):
    """Record an appeal against a standing rejection: BSC decisions go to Ofgem,
    REC ones to the REC PAB; DIP Manager decisions are not appealed here."""

    serializer_class = AppealInput
    queryset = Decision.objects.none()

    @extend_schema(request=AppealInput, responses={201: AppealSerializer})
    def post(self, request, pk):
        decision = selectors.decision_get(request.user, pk)
        data = AppealInput(data=request.data)
        data.is_valid(raise_exception=True)
        appeal = services.appeal_record(
            actor=request.user, decision=decision, **data.validated_data
        )
        return Response(AppealSerializer(appeal).data, status=201)
