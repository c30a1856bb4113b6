"""Defects left after testing and their work-off plans (QA&P §10.5.2, §10.7):
no open severity 1/2; each severity 3/4 needs an impact assessment and a
work-off plan reviewed by the test manager and agreed by every approving body."""

from django.db import transaction
from django.utils import timezone

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qualification.events import event_record
from qualification.models import Qualification
from qualification.permissions import actor_for
from qualification.transitions import transition_apply

from ..models import Defect, DefectStatus, WorkOffAgreement, WorkOffPlan, WorkOffStatus
from ..models.defects import TestPhase
from ..qualified import qualification_qualify_if_met
from ._common import acts_for, require_contributor, require_test_manager


def _require_recorder(actor, qualification: Qualification) -> None:
    a = actor_for(actor)
    if not (a.can_contribute(qualification.organisation_id) or a.has_duty("test_manager")):
        raise NotPermitted("Only the participant or a test manager records defects.")


def defect_record(
    *,
    actor,
    qualification: Qualification,
    reference: str,
    phase: str,
    severity: int,
    summary: str,
    impact_assessment: str = "",
) -> Defect:
    _require_recorder(actor, qualification)
    errors = {}
    if phase not in TestPhase.values:
        errors["phase"] = ["Choose PIT, SIT or QT."]
    if severity not in (1, 2, 3, 4):
        errors["severity"] = ["Severity is 1 (highest) to 4."]
    if not reference.strip():
        errors["reference"] = ["Give the defect's reference in the test tool."]
    if qualification.defects.filter(reference=reference.strip()).exists():
        errors["reference"] = ["This defect is already recorded."]
    if errors:
        raise ValidationFailed("Please correct the errors below.", errors=errors)
    with transaction.atomic():
        defect = Defect(
            qualification=qualification,
            reference=reference.strip(),
            phase=phase,
            severity=severity,
            summary=summary.strip(),
            impact_assessment=impact_assessment.strip(),
        )
        defect._history_user = actor
        defect.save()
        event_record(
            kind="defect_recorded",
            actor=actor,
            qualification=qualification,
            payload={"defect": defect.pk, "reference": defect.reference, "severity": severity},
        )
    return defect


def _defect_update(defect: Defect, *, actor, event_kind: str, **fields) -> Defect:
    with transaction.atomic():
        locked = Defect.objects.select_for_update().get(pk=defect.pk)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked._history_user = actor
        locked.save(update_fields=[*fields, "updated_at"])
        event_record(
            kind=event_kind,
            actor=actor,
            qualification=locked.qualification,
            payload={"defect": locked.pk, "reference": locked.reference},
        )
        qualification_qualify_if_met(actor=actor, qualification=locked.qualification)
    return locked


def defect_assess(*, actor, defect: Defect, impact_assessment: str) -> Defect:
    require_contributor(actor, defect.qualification)
    if not impact_assessment.strip():
        raise ValidationFailed(
            "Write the impact assessment.", errors={"impact_assessment": ["Required."]}
        )
    return _defect_update(
        defect, actor=actor, event_kind="defect_assessed", impact_assessment=impact_assessment
    )


def defect_resolve(*, actor, defect: Defect) -> Defect:
    _require_recorder(actor, defect.qualification)
    if defect.status == DefectStatus.RESOLVED:
        raise IllegalTransition("The defect is already resolved.", code="already_resolved")
    return _defect_update(
        defect, actor=actor, event_kind="defect_resolved", status=DefectStatus.RESOLVED
    )


def work_off_plan_propose(*, actor, defect: Defect, plan: str, target_date) -> WorkOffPlan:
    require_contributor(actor, defect.qualification)
    if defect.severity <= 2:
        raise IllegalTransition(
            "A severity 1 or 2 defect must be fixed before exit; it cannot be worked off.",
            code="severity_not_workable",
        )
    if not defect.impact_assessment.strip():
        raise IllegalTransition(
            "Record the defect's impact assessment before proposing a work-off plan.",
            code="impact_assessment_missing",
        )
    if WorkOffPlan.objects.filter(defect=defect).exists():
        raise IllegalTransition("This defect already has a work-off plan.", code="duplicate")
    with transaction.atomic():
        work_off = WorkOffPlan(defect=defect, plan=plan.strip(), target_date=target_date)
        work_off._history_user = actor
        work_off.save()
        event_record(
            kind="work_off_plan_proposed",
            actor=actor,
            qualification=defect.qualification,
            payload={"defect": defect.pk, "plan": work_off.pk},
        )
    return work_off


def _on_defect(row) -> dict:
    qualification = row.defect.qualification
    return {"organisation": qualification.organisation, "qualification": qualification}


def work_off_plan_review(*, actor, plan: WorkOffPlan) -> WorkOffPlan:
    require_test_manager(actor)
    return transition_apply(
        instance=plan,
        transition="review",
        actor=actor,
        allowed=lambda row: True,
        event_kind="work_off_plan_reviewed",
        reason="reviewed by the test manager",
        event_target=_on_defect,
        payload={"plan": plan.pk},
    )


def work_off_plan_agree(*, actor, plan: WorkOffPlan, body: str = "") -> WorkOffPlan:
    """One approving body agrees; the plan is agreed when the last of them has."""
    qualification = plan.defect.qualification
    bodies = qualification.market_role.approving_bodies
    done = set(plan.agreements.values_list("body", flat=True))
    mine = [b for b in bodies if acts_for(actor, b) and b not in done and (not body or b == body)]
    if not any(acts_for(actor, b) for b in bodies):
        raise NotPermitted("Only the Code Bodies and DIP Manager agree work-off plans.")
    if plan.status != WorkOffStatus.REVIEWED:
        raise IllegalTransition(
            "The test manager must review the work-off plan before the bodies agree it.",
            code="work_off_not_reviewed",
        )
    if not mine:
        raise IllegalTransition("Your body has already agreed this plan.", code="already_agreed")
    with transaction.atomic():
        WorkOffAgreement.objects.create(
            plan=plan, body=mine[0], agreed_by=actor, agreed_at=timezone.now()
        )
        event_record(
            kind="work_off_plan_agreed_by_body",
            actor=actor,
            qualification=qualification,
            payload={"plan": plan.pk, "body": mine[0]},
        )
        if done | {mine[0]} >= set(bodies):
            plan = transition_apply(
                instance=plan,
                transition="agree",
                actor=actor,
                allowed=lambda row: True,
                event_kind="work_off_plan_agreed",
                reason="agreed by every approving body",
                event_target=_on_defect,
                payload={"plan": plan.pk},
            )
            qualification_qualify_if_met(actor=actor, qualification=qualification)
    return plan
