from rest_framework import serializers

from .models import Allocation, AllocationStatus, Cohort, TimelineRule, TimelineVersion
from .rules import rule_sentence


class TimelineRuleSerializer(serializers.ModelSerializer):
    activity = serializers.CharField(source="activity.key", read_only=True)
    activity_label = serializers.CharField(source="activity.label", read_only=True)
    rule = serializers.SerializerMethodField()

    class Meta:
        model = TimelineRule
        fields = [
            "activity",
            "activity_label",
            "seq",
            "kind",
            "opens",
            "due",
            "n",
            "unit",
            "event_kind",
            "cap",
            "text",
            "note",
            "rule",
        ]

    def get_rule(self, obj) -> str:
        return rule_sentence(obj)


class TimelineVersionSerializer(serializers.ModelSerializer):
    rules = TimelineRuleSerializer(many=True, read_only=True)

    class Meta:
        model = TimelineVersion
        fields = ["number", "source", "effective_from", "rules"]


class CohortSerializer(serializers.ModelSerializer):
    timelines = TimelineVersionSerializer(many=True, read_only=True)

    class Meta:
        model = Cohort
        fields = ["id", "key", "label", "route", "capacity", "timelines"]


class AllocationInputSerializer(serializers.Serializer):
    cohort = serializers.SlugRelatedField(
        slug_field="key",
        queryset=Cohort.objects.all(),
        error_messages={"does_not_exist": "Unknown cohort “{value}”."},
    )
    status = serializers.ChoiceField(
        choices=AllocationStatus.choices, default=AllocationStatus.FINAL
    )
    reason = serializers.CharField(max_length=300, required=False, default="")


class AllocationSerializer(serializers.ModelSerializer):
    cohort = serializers.SlugRelatedField(slug_field="key", read_only=True)

    class Meta:
        model = Allocation
        fields = ["qualification", "cohort", "status", "reason", "updated_at"]
