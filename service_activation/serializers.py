from rest_framework import serializers

from .models import (
    ActivationTicket,
    DipOnboarding,
    OfficerRole,
    SecurityOfficer,
    ServiceActivation,
    Step,
    StepRecord,
)
from .steps import HOLDER_LABELS, STEP_INPUT_CHOICES, next_step


class StepRecordSerializer(serializers.ModelSerializer):
    done_by = serializers.EmailField(source="done_by.email", read_only=True, default=None)

    class Meta:
        model = StepRecord
        fields = ["step", "done_by", "done_at", "note"]


class TicketSerializer(serializers.ModelSerializer):
    activation = serializers.PrimaryKeyRelatedField(read_only=True)
    raised_by = serializers.EmailField(source="raised_by.email", read_only=True, default=None)

    class Meta:
        model = ActivationTicket
        fields = [
            "id",
            "activation",
            "reference",
            "step",
            "description",
            "blocking",
            "status",
            "raised_by",
            "resolved_at",
            "resolution",
            "created_at",
        ]


class ActivationSerializer(serializers.ModelSerializer):
    qualification = serializers.PrimaryKeyRelatedField(read_only=True)
    organisation = serializers.IntegerField(source="qualification.organisation_id", read_only=True)
    market_role = serializers.CharField(source="qualification.market_role.code", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    next_step = serializers.SerializerMethodField()
    next_holder = serializers.SerializerMethodField()
    open_tickets = serializers.IntegerField(read_only=True)
    blocking_tickets = serializers.IntegerField(read_only=True)

    class Meta:
        model = ServiceActivation
        fields = [
            "id",
            "qualification",
            "organisation",
            "market_role",
            "status",
            "status_label",
            "next_step",
            "next_holder",
            "efd",
            "production_certificate_issued_on",
            "isd_published_on",
            "live_on",
            "open_tickets",
            "blocking_tickets",
            "created_at",
            "updated_at",
        ]

    def get_next_step(self, obj) -> str | None:
        spec = next_step(obj)
        return spec.step if spec else None

    def get_next_holder(self, obj) -> str | None:
        spec = next_step(obj)
        return HOLDER_LABELS[spec.holder] if spec else None


class ActivationDetailSerializer(ActivationSerializer):
    steps = StepRecordSerializer(source="step_records", many=True, read_only=True)
    tickets = TicketSerializer(many=True, read_only=True)

    class Meta(ActivationSerializer.Meta):
        fields = [*ActivationSerializer.Meta.fields, "steps", "tickets"]


class StepInputSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=STEP_INPUT_CHOICES)
    on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class EfdChangeInputSerializer(serializers.Serializer):
    efd = serializers.DateField()
    reason = serializers.CharField(max_length=300)


class TicketInputSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=2000)
    blocking = serializers.BooleanField(required=False, default=False)
    reference = serializers.CharField(max_length=32, required=False, default="", allow_blank=True)
    step = serializers.ChoiceField(choices=Step.choices, required=False, default="")


class ResolveInputSerializer(serializers.Serializer):
    resolution = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class OfficerSerializer(serializers.ModelSerializer):
    class Meta:
        model = SecurityOfficer
        fields = ["id", "role", "name", "email"]


class OfficerInputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=OfficerRole.choices)
    name = serializers.CharField(max_length=150)
    email = serializers.EmailField()


class OnboardingSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(source="pk")
    status = serializers.CharField()
    status_label = serializers.CharField()
    next = serializers.CharField()
    test_certificates_issued_on = serializers.DateField(allow_null=True)
    smoke_test_passed_on = serializers.DateField(allow_null=True)
    completed_on = serializers.DateField(allow_null=True)
    officers = OfficerSerializer(many=True)


class OnboardingInputSerializer(serializers.Serializer):
    test_certificates_issued_on = serializers.DateField(required=False, allow_null=True)
    smoke_test_passed_on = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs):
        if not any(attrs.values()):
            raise serializers.ValidationError("Give at least one date.")
        return attrs


def onboarding_data(organisation, onboarding: DipOnboarding | None, status) -> dict:
    return OnboardingSerializer(
        {
            "pk": organisation.pk,
            "status": status.key,
            "status_label": status.label,
            "next": status.next,
            "test_certificates_issued_on": getattr(onboarding, "test_certificates_issued_on", None),
            "smoke_test_passed_on": getattr(onboarding, "smoke_test_passed_on", None),
            "completed_on": getattr(onboarding, "completed_on", None),
            "officers": list(onboarding.officers.all()) if onboarding else [],
        }
    ).data
