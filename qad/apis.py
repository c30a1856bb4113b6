"""The QAD API: reads through selectors, writes through the same services as
the pages. One class per operation; refusals become problem details."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from mhhs_portal.security.reauth import totp_valid

from . import selectors, services
from .models import Comment, QadSection
from .serializers import CommentSerializer, QadSerializer, RevisionSerializer, SectionSerializer
from .snapshot_pdf import snapshot_pdf_response


class QadListApi(generics.ListAPIView):
    """QADs the caller may see."""

    serializer_class = QadSerializer

    def get_queryset(self):
        return (
            selectors.qads_visible_to(self.request.user)
            .select_related("sign_off_record")
            .prefetch_related("qualifications")
        )


class QadDetailApi(generics.RetrieveAPIView):
    """One QAD with its stage, version and, once signed, the snapshot hash."""

    serializer_class = QadSerializer
    get_queryset = QadListApi.get_queryset


class SectionListApi(generics.ListAPIView):
    """Sections of a QAD the caller may see, with each body's review status."""

    serializer_class = SectionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return QadSection.objects.none()
        qad = selectors.qad_get(self.request.user, self.kwargs["pk"])
        return (
            selectors.sections_visible_to(self.request.user)
            .filter(qad=qad)
            .prefetch_related("reviews")
        )


class SectionDetailApi(APIView):
    """One section: status, reviews, answers and evidence revisions."""

    @extend_schema(responses=SectionSerializer)
    def get(self, request, pk):
        section = selectors.section_detail(request.user, pk)
        questions = {q.pk: q.key for q in section.template_section.questions.all()}
        revisions = [r for e in section.evidence.all() for r in e.revisions.all()]
        return Response(
            {
                **SectionSerializer(section).data,
                "answers": {questions[a.question_id]: a.value for a in section.answers.all()},
                "evidence": RevisionSerializer(revisions, many=True).data,
            }
        )


class CommentListApi(generics.ListAPIView):
    """Comments on a section; internal ones only for reviewers and programme staff."""

    serializer_class = CommentSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Comment.objects.none()
        section = selectors.section_get(self.request.user, self.kwargs["pk"])
        return selectors.comments_for(self.request.user, section)


class AnswerSaveApi(APIView):
    class AnswerInput(serializers.Serializer):
        question = serializers.CharField()
        value = serializers.JSONField(allow_null=True)

    @extend_schema(request=AnswerInput, responses=AnswerInput)
    def put(self, request, pk):
        section = selectors.section_get(request.user, pk)
        data = self.AnswerInput(data=request.data)
        data.is_valid(raise_exception=True)
        question = get_object_or_404(
            section.template_section.questions, key=data.validated_data["question"]
        )
        answer = services.answer_save(
            actor=request.user,
            section=section,
            question=question,
            value=data.validated_data["value"],
        )
        return Response({"question": question.key, "value": answer.value})


class EvidenceUploadApi(APIView):
    parser_classes = [MultiPartParser]

    class EvidenceInput(serializers.Serializer):
        question = serializers.CharField()
        file = serializers.FileField()

    @extend_schema(request=EvidenceInput, responses={201: RevisionSerializer})
    def post(self, request, pk):
        section = selectors.section_get(request.user, pk)
        data = self.EvidenceInput(data=request.data)
        data.is_valid(raise_exception=True)
        question = get_object_or_404(
            section.template_section.questions, key=data.validated_data["question"]
        )
        revision = services.evidence_upload(
            actor=request.user,
            section=section,
            question=question,
            upload=data.validated_data["file"],
        )
        return Response(RevisionSerializer(revision).data, status=status.HTTP_201_CREATED)


class SectionSubmitApi(APIView):
    @extend_schema(request=None, responses=SectionSerializer)
    def post(self, request, pk):
        section = selectors.section_get(request.user, pk)
        services.section_submit(actor=request.user, section=section)
        return Response(SectionSerializer(selectors.section_get(request.user, pk)).data)


class SectionReviewApi(APIView):
    class ReviewInput(serializers.Serializer):
        verdict = serializers.ChoiceField(choices=[services.ACCEPT, services.REQUEST_CHANGES])
        comment = serializers.CharField(required=False, allow_blank=True, default="")
        body = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=ReviewInput, responses=SectionSerializer)
    def post(self, request, pk):
        section = selectors.section_get(request.user, pk)
        data = self.ReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.section_review(
            actor=request.user,
            section=section,
            verdict=data.validated_data["verdict"],
            comment=data.validated_data["comment"],
            body=data.validated_data["body"] or None,
        )
        return Response(SectionSerializer(selectors.section_get(request.user, pk)).data)


class SignOffApi(APIView):
    """Sign off with the password or a current authenticator code in the same
    request (the API's re-authentication)."""

    class SignOffInput(serializers.Serializer):
        password = serializers.CharField(required=False, allow_blank=True, default="")
        code = serializers.CharField(required=False, allow_blank=True, default="")
        declaration_version = serializers.CharField()

    @extend_schema(request=SignOffInput, responses={201: QadSerializer})
    def post(self, request, pk):
        qad = selectors.qad_get(request.user, pk)
        data = self.SignOffInput(data=request.data)
        data.is_valid(raise_exception=True)
        password, code = data.validated_data["password"], data.validated_data["code"]
        confirmed = (bool(password) and request.user.check_password(password)) or (
            bool(code) and totp_valid(request.user, code.strip())
        )
        record = services.qad_sign_off(
            actor=request.user,
            qad=qad,
            reauthenticated_at=timezone.now() if confirmed else None,
            declaration_version=data.validated_data["declaration_version"],
        )
        signed = selectors.qads_visible_to(request.user).get(pk=record.qad_id)
        return Response(QadSerializer(signed).data, status=status.HTTP_201_CREATED)


class PdfRenderer(BaseRenderer):
    """Lets a client ask for `Accept: application/pdf`; errors still read as JSON."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return JSONRenderer().render(data)


class SnapshotPdfApi(APIView):
    """The signed snapshot as a PDF, with its SHA-256 in every page's footer."""

    renderer_classes = [JSONRenderer, PdfRenderer]

    @extend_schema(operation_id="qads_snapshot_pdf", responses={(200, "application/pdf"): bytes})
    def get(self, request, pk):
        return snapshot_pdf_response(selectors.sign_off_get(request.user, pk))
