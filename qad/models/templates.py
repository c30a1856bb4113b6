"""QAD templates: versioned sets of sections and questions (QA&P §10.2.1).

A published template is frozen once a QAD uses it (qad.services.templates);
a change makes a new draft version.
"""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from mhhs_portal.models import TimeStampedModel
from qualification.models import Body, MarketRole


class TemplateStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class QadTemplate(TimeStampedModel):
    name = models.CharField(max_length=120)
    version = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=10, choices=TemplateStatus.choices, default=TemplateStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="qad_template_unique_version"),
        ]
        ordering = ["name", "-version"]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class SectionScope(models.TextChoices):
    ORGANISATION = "organisation", "Organisation-specific"
    ROLE = "role", "Role-specific"
    DIP_MANAGER = "dip_manager", "DIP Manager"
    EXEMPTION_UMS = "exemption_ums", "UMS segment exemption"
    EXEMPTION_SMART = "exemption_smart", "Smart segment exemption"


EXEMPTION_SCOPES = (SectionScope.EXEMPTION_UMS, SectionScope.EXEMPTION_SMART)
CODE_BODIES = (Body.BSC.value, Body.REC.value)


class TemplateSection(TimeStampedModel):
    template = models.ForeignKey(QadTemplate, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(max_length=60)
    title = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    scope = models.CharField(max_length=16, choices=SectionScope.choices)
    # Role sections apply to these roles only; none listed means every role.
    market_roles = models.ManyToManyField(MarketRole, blank=True, related_name="+")
    # Sections whose evidence only exists after testing (the test completion
    # report) are not needed for the Initial QAD Submission (QA&P §10.2).
    required_for_initial = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="qad_template_section_key"),
        ]
        ordering = ["template_id", "order", "id"]

    def __str__(self) -> str:
        return self.title

    def reviewing_bodies(self, role_codes_bodies: list[list[str]]) -> list[str]:
        """Bodies that review this section, given the approving bodies of the roles it covers.

        A role section is reviewed by its role's Code Bodies; an organisation
        section by every Code Body governing any covered role; the DIP
        Manager section by the DIP Manager; exemptions by the BSC, which
        decides them at PAB (QA&P §11.4.2). DIP stands in when no Code Body
        governs the roles, so no section is left without a reviewer.
        """
        if self.scope == SectionScope.DIP_MANAGER:
            return [Body.DIP.value]
        if self.scope in EXEMPTION_SCOPES:
            return [Body.BSC.value]
        governing = {body for bodies in role_codes_bodies for body in bodies}
        bodies = [body for body in CODE_BODIES if body in governing]
        return bodies or [Body.DIP.value]


class QuestionType(models.TextChoices):
    TEXT = "text", "Free text"
    YES_NO = "yes_no", "Yes / no"
    SINGLE_CHOICE = "single_choice", "Single choice"
    MULTIPLE_CHOICE = "multiple_choice", "Multiple choice"
    DATE = "date", "Date"
    FILE = "file", "File evidence"
    EXTERNAL_REF = "external_ref", "Reference to evidence in a test tool (ADO, QTF)"


CHOICE_TYPES = (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE)


class TemplateQuestion(TimeStampedModel):
    section = models.ForeignKey(TemplateSection, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=60)
    text = models.CharField(max_length=500)
    guidance = models.TextField(blank=True)
    type = models.CharField(max_length=16, choices=QuestionType.choices)
    choices = models.JSONField(default=list, blank=True)
    mandatory = models.BooleanField(default=True)
    # Uploading this file (the QT or SIT Test Completion Report) re-versions
    # the QAD as Final (QA&P §10.3).
    marks_final = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["section", "key"], name="qad_template_question_key"),
            models.CheckConstraint(
                condition=Q(marks_final=False) | Q(type="file"),
                name="qad_template_question_marks_final_is_file",
            ),
        ]
        ordering = ["section_id", "order", "id"]

    def __str__(self) -> str:
        return self.key
