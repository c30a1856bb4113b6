"""Findings and observations: raised by a body, answered by the participant's
action plan, agreed or cleared by the body that raised them."""

from django.db import transaction

from mhhs_portal.exceptions import NotPermitted, ValidationFailed
from qualification.events import event_record
from qualification.models import Qualification
from qualification.transitions import transition_apply

from ..models import Finding, FindingKind
from ..qualified import qualification_qualify_if_met
from ._common import acts_for, on_qualification, require_contributor


def finding_raise(
    *,
    actor,
    qualification: Qualification,
    body: str,
    kind: str,
    text: str,
    qad_section=None,
) -> Finding:
    if body not in qualification.market_role.approving_bodies or not acts_for(actor, body):
        raise NotPermitted("Only a body that governs this role can raise a finding on it.")
    if kind not in FindingKind.values or not text.strip():
        raise ValidationFailed(
            "Please correct the errors below.",
            errors={"text": ["Describe the finding."]} if not text.strip() else {"kind": ["?"]},
        )
    with transaction.atomic():
        finding = Finding(
            qualification=qualification,
            body=body,
            kind=kind,
            text=text.strip(),
            qad_section_id=qad_section.pk if qad_section else None,
            section_title=qad_section.template_section.title if qad_section else "",
            raised_by=actor,
        )
        finding._history_user = actor
        finding.save()
        event_record(
            kind="finding_raised",
            actor=actor,
            qualification=qualification,
            payload={"finding": finding.pk, "body": body, "kind": kind},
        )
    return finding


def _move(finding: Finding, *, actor, transition: str, event_kind: str, reason: str) -> Finding:
    return transition_apply(
        instance=finding,
        transition=transition,
        actor=actor,
        allowed=lambda row: True,
        event_kind=event_kind,
        reason=reason,
        event_target=on_qualification,
        payload={"finding": finding.pk, "body": finding.body},
    )


def _require_raising_body(actor, finding: Finding) -> None:
    if not acts_for(actor, finding.body):
        raise NotPermitted(
            f"Only the body that raised it ({finding.get_body_display()}) can do this.",
            code="wrong_body",
        )


def finding_propose_plan(*, actor, finding: Finding, action_plan: str, plan_due=None) -> Finding:
    require_contributor(actor, finding.qualification)
    if not action_plan.strip():
        raise ValidationFailed(
            "Describe the action plan.", errors={"action_plan": ["Describe the action plan."]}
        )
    with transaction.atomic():
        locked = Finding.objects.select_for_update().get(pk=finding.pk)
        locked.action_plan, locked.plan_due = action_plan.strip(), plan_due
        locked._history_user = actor
        locked.save(update_fields=["action_plan", "plan_due", "updated_at"])
        return _move(
            locked,
            actor=actor,
            transition="propose_plan",
            event_kind="finding_plan_proposed",
            reason="action plan proposed",
        )


def finding_return_plan(*, actor, finding: Finding, reason: str) -> Finding:
    _require_raising_body(actor, finding)
    return _move(
        finding,
        actor=actor,
        transition="return_plan",
        event_kind="finding_plan_returned",
        reason=reason or "action plan not accepted",
    )


def finding_agree_plan(*, actor, finding: Finding) -> Finding:
    _require_raising_body(actor, finding)
    with transaction.atomic():
        finding = _move(
            finding,
            actor=actor,
            transition="agree_plan",
            event_kind="finding_plan_agreed",
            reason="action plan agreed",
        )
        qualification_qualify_if_met(actor=actor, qualification=finding.qualification)
    return finding


def finding_clear(*, actor, finding: Finding) -> Finding:
    _require_raising_body(actor, finding)
    with transaction.atomic():
        finding = _move(
            finding, actor=actor, transition="clear", event_kind="finding_cleared", reason="cleared"
        )
        qualification_qualify_if_met(actor=actor, qualification=finding.qualification)
    return finding
