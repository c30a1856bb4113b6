"""Creating a QAD, adding roles and exemptions to it, and re-versioning it as Final."""

from django.db import transaction
from django_fsm import can_proceed

from mhhs_portal.exceptions import NotPermitted, ValidationFailed
from qualification.events import event_record
from qualification.models import Organisation, Qualification
from qualification.permissions import actor_for
from qualification.services import qualification_transition
from qualification.transitions import transition_apply

from ..models import (
    EXEMPTION_SCOPES,
    Qad,
    QadSection,
    QadTemplate,
    SectionReview,
    SectionScope,
    TemplateStatus,
)
from ._common import qad_target, require_contributor, require_open

SUPPLIER = "SUPPLIER"


def template_current() -> QadTemplate:
    template = (
        QadTemplate.objects.filter(status=TemplateStatus.PUBLISHED)
        .order_by("-published_at", "-version")
        .first()
    )
    if template is None:
        raise ValidationFailed("No QAD template is published yet.", code="no_template")
    return template


def qad_create(
    *, actor, organisation: Organisation, qualifications, template: QadTemplate | None = None
) -> Qad:
    """One QAD for the given roles of the organisation; sections follow from the roles."""
    if not actor_for(actor).can_manage(organisation.pk):
        raise NotPermitted("Only the organisation's admin can start a QAD.")
    template = template or template_current()
    if template.status != TemplateStatus.PUBLISHED:
        raise ValidationFailed("Only a published template can be used.", code="template_draft")
    qualifications = _coverable(organisation, qualifications)
    with transaction.atomic():
        qad = Qad(organisation=organisation, template=template)
        qad._history_user = actor
        qad.save()
        qad.qualifications.set(qualifications)
        sections_sync(qad, actor=actor)
        event_record(
            kind="qad_created",
            actor=actor,
            organisation=organisation,
            payload={"qad": qad.pk, "roles": [q.market_role.code for q in qualifications]},
        )
    return qad


def qad_add_qualification(*, actor, qad: Qad, qualification: Qualification) -> Qad:
    """Cover another role: its role sections appear, and its bodies join the shared sections."""
    if not actor_for(actor).can_manage(qad.organisation_id):
        raise NotPermitted("Only the organisation's admin can add a role to the QAD.")
    require_open(qad)
    (qualification,) = _coverable(qad.organisation, [qualification])
    with transaction.atomic():
        qad = Qad.objects.select_for_update().get(pk=qad.pk)
        qad.qualifications.add(qualification)
        sections_sync(qad, actor=actor)
        event_record(
            kind="qad_qualification_added",
            actor=actor,
            qualification=qualification,
            payload={"qad": qad.pk, "role": qualification.market_role.code},
        )
    return qad


def _coverable(organisation: Organisation, qualifications) -> list[Qualification]:
    qualifications = list(qualifications)
    if not qualifications:
        raise ValidationFailed(
            "Choose at least one role.", errors={"qualifications": ["Choose at least one role."]}
        )
    if any(q.organisation_id != organisation.pk for q in qualifications):
        raise ValidationFailed("A QAD covers roles of one organisation only.")
    taken = Qad.qualifications.through.objects.filter(
        qualification__in=[q.pk for q in qualifications]
    )
    if taken.exists():
        raise ValidationFailed(
            "A role is already covered by another QAD.",
            errors={"qualifications": ["A role can be covered by one QAD only."]},
            code="already_covered",
        )
    return qualifications


def sections_sync(qad: Qad, *, actor, extra_scopes=()) -> None:
    """Create the sections and per-body reviews the QAD's roles call for; keep what exists.

    Organisation and DIP Manager sections appear once, role sections once per
    covered role, exemption sections only when requested (extra_scopes or
    already present).
    """
    roles = [q.market_role for q in qad.qualifications.select_related("market_role")]
    current = qad.sections.select_related("template_section").prefetch_related("reviews")
    existing = {(s.template_section_id, s.market_role_id): s for s in current}
    present_scopes = {s.template_section.scope for s in existing.values()} | set(extra_scopes)
    for template_section in qad.template.sections.prefetch_related("market_roles"):
        scope = template_section.scope
        if scope in EXEMPTION_SCOPES and scope not in present_scopes:
            continue
        if scope == SectionScope.ROLE:
            allowed = set(template_section.market_roles.all())
            targets = [(r, [r.approving_bodies]) for r in roles if not allowed or r in allowed]
        else:
            targets = [(None, [role.approving_bodies for role in roles])]
        for role, bodies in targets:
            key = (template_section.pk, role.pk if role else None)
            section = existing.get(key)
            if section is None:
                section = QadSection(qad=qad, template_section=template_section, market_role=role)
                section._history_user = actor
                section.save()
            have = {r.body for r in section.reviews.all()}
            for body in template_section.reviewing_bodies(bodies):
                if body not in have:
                    review = SectionReview(section=section, body=body)
                    review._history_user = actor
                    review.save()


def qad_exemption_request(*, actor, qad: Qad, scope: str) -> QadSection:
    """Add the UMS or Smart segment exemption section (Suppliers only, QA&P §11.4.2)."""
    require_contributor(actor, qad)
    require_open(qad)
    if scope not in EXEMPTION_SCOPES:
        raise ValidationFailed("Unknown exemption.", errors={"scope": ["Unknown exemption."]})
    if not qad.qualifications.filter(market_role__code=SUPPLIER).exists():
        raise ValidationFailed(
            "Segment exemptions are for Suppliers only.", code="exemption_not_supplier"
        )
    with transaction.atomic():
        qad = Qad.objects.select_for_update().get(pk=qad.pk)
        if qad.sections.filter(template_section__scope=scope).exists():
            raise ValidationFailed("This exemption is already requested.", code="duplicate")
        sections_sync(qad, actor=actor, extra_scopes=[scope])
        event_record(
            kind="qad_exemption_requested",
            actor=actor,
            organisation=qad.organisation,
            payload={"qad": qad.pk, "scope": scope},
        )
    return qad.sections.get(template_section__scope=scope)


def qad_mark_final(*, actor, qad: Qad) -> Qad:
    """Re-version the QAD as Final and move each covered qualification that can to final_qad.

    Called when the test completion report is uploaded. Qualifications not
    yet in testing stay where they are: the QAD is Final for the others.
    """
    require_contributor(actor, qad)
    with transaction.atomic():
        qad = transition_apply(
            instance=qad,
            transition="mark_final",
            actor=actor,
            allowed=lambda locked: True,
            event_kind="qad_marked_final",
            reason="test completion report uploaded",
            event_target=qad_target,
            payload={"qad": qad.pk},
            status_field="stage",
        )
        for qualification in qad.qualifications.select_related("organisation", "market_role"):
            if can_proceed(qualification.mark_final_qad):
                qualification_transition(
                    actor=actor,
                    qualification=qualification,
                    transition="mark_final_qad",
                    reason=f"QAD {qad.pk} re-versioned as Final",
                    payload={"qad": qad.pk},
                )
    return qad
