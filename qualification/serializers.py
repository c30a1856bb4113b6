from rest_framework import serializers

from .models import MarketRole, Membership, MembershipRole, Mpid, Organisation, Qualification
from .services import MANUAL_TRANSITIONS


class MarketRoleSerializer(serializers.ModelSerializer):
    approving_bodies = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = MarketRole
        fields = ["code", "name", "approving_bodies", "qualify_by", "qualified_jointly"]


class MpidSerializer(serializers.ModelSerializer):
    market_role = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Mpid
        fields = ["id", "code", "market_role"]


class QualificationSerializer(serializers.ModelSerializer):
    organisation = serializers.PrimaryKeyRelatedField(read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    market_role = MarketRoleSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Qualification
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "market_role",
            "status",
            "status_label",
            "created_at",
            "updated_at",
        ]


class OrganisationSerializer(serializers.ModelSerializer):
    mpids = MpidSerializer(many=True, read_only=True)
    qualifications = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "slug",
            "participant_type",
            "is_new_entrant",
            "mpids",
            "qualifications",
            "created_at",
            "updated_at",
        ]


class MpidCreateSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=10)
    market_role = serializers.SlugRelatedField(
        slug_field="code", queryset=MarketRole.objects.filter(in_scope=True)
    )


class MembershipCreateSerializer(serializers.Serializer):
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=MembershipRole.choices)
    full_name = serializers.CharField(max_length=150, required=False, default="")


class MembershipSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "email", "role", "created_at"]


class QualificationCreateSerializer(serializers.Serializer):
    market_role = serializers.SlugRelatedField(
        slug_field="code", queryset=MarketRole.objects.filter(in_scope=True)
    )


class TransitionSerializer(serializers.Serializer):
    transition = serializers.ChoiceField(choices=sorted(MANUAL_TRANSITIONS))
    reason = serializers.CharField(max_length=300, required=False, default="")
