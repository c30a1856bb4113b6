"""Governance in the API, with the same services and rules as the pages:
problem details with 403 (wrong body), 409 (out of order, unmet criteria)
and 404 (outside the caller's scope)."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.settings import api_settings

from mhhs_portal.security.reauth import RecentAuthentication

from . import selectors, services
from .models import Approval, Finding, RelianceScope
from .qualified import criteria_for, explanation


class ApprovalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Approval
        fields = ["id", "qualification", "body", "status", "ready_at", "decided_at"]


class ApprovalListApi(generics.ListAPIView):
    """Approvals (qualification x body) the caller may see."""

    serializer_class = ApprovalSerializer

    def get_queryset(self):
        return selectors.approvals_visible_to(self.request.user).order_by("pk")


class DecisionInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["approved", "rejected", "deferred"])
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    minutes = serializers.CharField(required=False, allow_blank=True, default="")
    meeting = serializers.IntegerField(required=False, allow_null=True, default=None)


class ApprovalDecideApi(generics.GenericAPIView):
    """Record a decision (BSC: at a PAB meeting, by the secretariat)."""

    serializer_class = DecisionInput
    queryset = Approval.objects.none()  # for the schema's path parameter; reads use selectors
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, RecentAuthentication]

    @extend_schema(request=DecisionInput, responses={200: ApprovalSerializer(many=True)})
    def post(self, request, pk):
        approval = selectors.approval_get(request.user, pk)
        data = DecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        meeting = values.pop("meeting")
        decisions = services.approval_decide(
            actor=request.user,
            approval=approval,
            meeting=selectors.meeting_get(request.user, meeting) if meeting else None,
            **values,
        )
        return Response(ApprovalSerializer([d.approval for d in decisions], many=True).data)


class CriterionSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    met = serializers.BooleanField()
    waiting = serializers.ListField(child=serializers.CharField())


class CriteriaSerializer(serializers.Serializer):
    explanation = serializers.CharField()
    criteria = CriterionSerializer(many=True)


class CriteriaApi(generics.GenericAPIView):
    """The MHHS Qualified checklist of one qualification, with what it waits for."""

    serializer_class = CriteriaSerializer
    queryset = Approval.objects.none()  # for the schema's path parameter; reads use selectors

    def get(self, request, pk):
        criteria = criteria_for(selectors.application_get(request.user, pk))
        return Response(
            {
                "explanation": explanation(criteria),
                "criteria": [c.__dict__ for c in criteria],
            }
        )


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Finding
        fields = ["id", "qualification", "body", "kind", "text", "action_plan", "status"]
        read_only_fields = ["qualification", "action_plan", "status"]


class FindingCreateApi(generics.GenericAPIView):
    serializer_class = FindingSerializer

    def post(self, request, pk):
        qualification = selectors.application_get(request.user, pk)
        data = FindingSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        finding = services.finding_raise(
            actor=request.user, qualification=qualification, **data.validated_data
        )
        return Response(FindingSerializer(finding).data, status=201)


class FindingActionInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=["propose_plan", "agree_plan", "return_plan", "clear"])
    text = serializers.CharField(required=False, allow_blank=True, default="")


class FindingActionApi(generics.GenericAPIView):
    serializer_class = FindingActionInput

    @extend_schema(request=FindingActionInput, responses={200: FindingSerializer})
    def post(self, request, pk):
        finding = selectors.finding_get(request.user, pk)
        data = FindingActionInput(data=request.data)
        data.is_valid(raise_exception=True)
        action, text = data.validated_data["action"], data.validated_data["text"]
        user = request.user
        finding = {
            "propose_plan": lambda: services.finding_propose_plan(
                actor=user, finding=finding, action_plan=text
            ),
            "agree_plan": lambda: services.finding_agree_plan(actor=user, finding=finding),
            "return_plan": lambda: services.finding_return_plan(
                actor=user, finding=finding, reason=text
            ),
            "clear": lambda: services.finding_clear(actor=user, finding=finding),
        }[action]()
        return Response(FindingSerializer(finding).data)


class WorkOffActionInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=["review", "agree"])


class WorkOffPlanActionApi(generics.GenericAPIView):
    """The test manager reviews a work-off plan; each approving body agrees it."""

    serializer_class = WorkOffActionInput

    def post(self, request, pk):
        plan = selectors.work_off_plan_get(request.user, pk)
        data = WorkOffActionInput(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data["action"] == "review":
            plan = services.work_off_plan_review(actor=request.user, plan=plan)
        else:
            plan = services.work_off_plan_agree(actor=request.user, plan=plan)
        return Response({"id": plan.pk, "status": plan.status})


class RelianceInput(serializers.Serializer):
    relies_on = serializers.IntegerField(required=False, allow_null=True, default=None)
    provider_name = serializers.CharField(required=False, allow_blank=True, default="")
    scope = serializers.ListField(child=serializers.ChoiceField(choices=RelianceScope.values))
    rationale = serializers.CharField()


class RelianceProposeApi(generics.GenericAPIView):
    serializer_class = RelianceInput

    def post(self, request, pk):
        qualification = selectors.application_get(request.user, pk)
        data = RelianceInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        relies_on = values.pop("relies_on")
        proposal = services.reliance_propose(
            actor=request.user,
            qualification=qualification,
            # The relied-on party is another tenant: looked up unscoped, by
            # the service's own rules (same role, another organisation).
            relies_on=type(qualification).objects.filter(pk=relies_on).first()
            if relies_on
            else None,
            **values,
        )
        return Response({"id": proposal.pk, "status": proposal.status}, status=201)


class ExemptionInput(serializers.Serializer):
    segment = serializers.ChoiceField(choices=["ums", "smart"])
    no_meters_registered = serializers.BooleanField(default=False)
    deregistration_plan = serializers.CharField(required=False, allow_blank=True, default="")
    not_dcc_user = serializers.BooleanField(default=False)
    portfolio_cap = serializers.IntegerField(required=False, allow_null=True, default=None)


class ExemptionRequestApi(generics.GenericAPIView):
    serializer_class = ExemptionInput

    def post(self, request, pk):
        qualification = selectors.application_get(request.user, pk)
        data = ExemptionInput(data=request.data)
        data.is_valid(raise_exception=True)
        exemption = services.exemption_request(
            actor=request.user, qualification=qualification, **data.validated_data
        )
        return Response({"id": exemption.pk, "status": exemption.status}, status=201)
