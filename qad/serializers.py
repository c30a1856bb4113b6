from rest_framework import serializers

from .models import Comment, EvidenceRevision, Qad, QadSection, SectionReview


class ReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = SectionReview
        fields = ["body", "status", "reviewed_at"]


class SectionSerializer(serializers.ModelSerializer):
    key = serializers.CharField(source="template_section.key")
    title = serializers.CharField(source="template_section.title")
    scope = serializers.CharField(source="template_section.scope")
    market_role = serializers.SlugRelatedField(slug_field="code", read_only=True)
    reviews = ReviewSerializer(many=True, read_only=True)

    class Meta:
        model = QadSection
        fields = [
            "id",
            "qad",
            "key",
            "title",
            "scope",
            "market_role",
            "status",
            "reviews",
            "first_submitted_at",
            "last_submitted_at",
            "updated_at",
        ]


class QadSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    template = serializers.StringRelatedField()
    qualifications = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    snapshot_sha256 = serializers.SerializerMethodField()

    class Meta:
        model = Qad
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "template",
            "stage",
            "version",
            "qualifications",
            "initial_submitted_at",
            "final_submitted_at",
            "snapshot_sha256",
            "updated_at",
        ]

    def get_snapshot_sha256(self, qad) -> str | None:
        record = getattr(qad, "sign_off_record", None) if qad.stage == "signed_off" else None
        return record.sha256 if record else None


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.StringRelatedField()

    class Meta:
        model = Comment
        fields = ["id", "body", "author", "text", "internal", "resolved_at", "created_at"]


class RevisionSerializer(serializers.ModelSerializer):
    question = serializers.CharField(source="evidence.question.key")

    class Meta:
        model = EvidenceRevision
        fields = ["id", "question", "number", "original_name", "sha256", "size", "content_type"]
