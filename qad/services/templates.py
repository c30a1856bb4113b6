"""QAD templates: edited as drafts, published, and frozen once a QAD uses them.

QADs are answered, reviewed and signed against their template's wording, so
a published template in use never changes under them. A change is a new
version: a new template row, which new QADs take once it is published.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qualification.events import event_record

from ..models import QadTemplate, TemplateQuestion, TemplateSection, TemplateStatus
from ..rights import can_edit_templates


def template_is_frozen(template: QadTemplate) -> bool:
    return template.status == TemplateStatus.PUBLISHED and template.qads.exists()


def _require_editor(actor) -> None:
    if not can_edit_templates(actor):
        raise NotPermitted("Only the programme's test managers can change QAD templates.")


def _lock(template: QadTemplate) -> QadTemplate:
    # qad_create takes the same lock, so a QAD cannot start using a template
    # between this check and the edit it guards.
    return QadTemplate.objects.select_for_update().get(pk=template.pk)


def _require_unfrozen(template: QadTemplate) -> None:
    if template_is_frozen(template):
        raise IllegalTransition(
            f"{template} is published and used by a QAD, so it can no longer change."
            " Make a new version and publish that instead.",
            code="template_frozen",
        )


def _template_of(row) -> QadTemplate:
    if isinstance(row, QadTemplate):
        return row
    if isinstance(row, TemplateSection):
        return row.template
    if isinstance(row, TemplateQuestion):
        return row.section.template
    raise TypeError(f"not part of a QAD template: {type(row).__name__}")


def template_row_save(*, actor, row):
    """Save a new or changed template, section or question, unless its template is frozen."""
    _require_editor(actor)
    with transaction.atomic():
        locked = _lock(_template_of(row))
        _require_unfrozen(locked)
        if row.pk and not isinstance(row, QadTemplate):
            # Moving a section or question to another template takes it out
            # of the one it is stored in: that one must not be frozen either.
            _require_unfrozen(_lock(_template_of(type(row).objects.get(pk=row.pk))))
        if isinstance(row, QadTemplate) and (
            row.status != locked.status or row.published_at != locked.published_at
        ):
            raise ValidationFailed(
                "Publish a template with “Publish”, not by editing its status.",
                code="template_status_by_publish",
            )
        row._history_user = actor
        row._change_reason = "template edited"
        row.save()
    return row


def template_row_delete(*, actor, row) -> None:
    """Delete a section or question of a template that is not frozen."""
    _require_editor(actor)
    with transaction.atomic():
        _require_unfrozen(_lock(_template_of(row)))
        row._history_user = actor
        row.delete()


def qad_template_publish(*, actor, template: QadTemplate) -> QadTemplate:
    """Make a draft the template new QADs use; it freezes once the first QAD uses it."""
    _require_editor(actor)
    with transaction.atomic():
        template = _lock(template)
        if template.status == TemplateStatus.PUBLISHED:
            raise IllegalTransition(f"{template} is already published.", code="template_published")
        if not template.sections.exists():
            raise ValidationFailed("A template needs sections before it is published.")
        template.status = TemplateStatus.PUBLISHED
        template.published_at = timezone.now()
        template._history_user = actor
        template._change_reason = "published"
        template.save(update_fields=["status", "published_at", "updated_at"])
        event_record(
            kind="qad_template_published",
            actor=actor,
            payload={"template": template.pk, "name": template.name, "version": template.version},
        )
    return template


def qad_template_new_version(*, actor, template: QadTemplate) -> QadTemplate:
    """A draft copy of the template (sections, questions, roles) as the next version."""
    _require_editor(actor)
    with transaction.atomic():
        # Two copies made at once would take the same number; the unique
        # (name, version) constraint refuses the second rather than lose it.
        last = QadTemplate.objects.filter(name=template.name).aggregate(v=Max("version"))["v"]
        copy = QadTemplate(name=template.name, version=last + 1)
        copy._history_user = actor
        copy.save()
        for section in template.sections.prefetch_related("questions", "market_roles"):
            _section_copy(actor, section, copy)
        event_record(
            kind="qad_template_version_created",
            actor=actor,
            payload={"template": copy.pk, "from": template.pk, "version": copy.version},
        )
    return copy


def _section_copy(actor, section: TemplateSection, template: QadTemplate) -> None:
    roles = list(section.market_roles.all())
    questions = list(section.questions.all())
    section.pk = None
    section.template = template
    section._history_user = actor
    section.save()
    section.market_roles.set(roles)
    for question in questions:
        question.pk = None
        question.section = section
        question._history_user = actor
        question.save()
