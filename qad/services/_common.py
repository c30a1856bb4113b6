"""Helpers every QAD service shares: the transition call, the read-only and
contributor checks, and the lock on a section."""

from mhhs_portal.exceptions import IllegalTransition, NotPermitted
from qualification.transitions import transition_apply

from ..models import Qad, QadSection
from ..rights import can_contribute


def qad_target(qad: Qad) -> dict:
    return {"organisation": qad.organisation}


def section_payload(section: QadSection) -> dict:
    return {
        "qad": section.qad_id,
        "section": section.pk,
        "section_key": section.template_section.key,
        "role": section.market_role.code if section.market_role_id else None,
    }


def require_contributor(actor, qad: Qad) -> None:
    if not can_contribute(actor, qad.organisation_id):
        raise NotPermitted(
            "Only the organisation's admins, contributors and Directors can change its QAD."
        )


def require_open(qad: Qad) -> None:
    if qad.is_read_only:
        raise IllegalTransition(
            "This QAD is signed off and can no longer be changed.", code="qad_read_only"
        )


def require_editable(section: QadSection) -> None:
    if not section.is_editable:
        raise IllegalTransition(
            f"This section is “{section.get_status_display()}”: it cannot be changed now."
            + (
                " Ask the reviewers to reopen it."
                if section.status == "accepted"
                else " Wait for the reviewers' feedback."
            ),
            code="section_locked",
        )


def lock_section(section: QadSection) -> QadSection:
    # Every write to a section's content or reviews takes this lock first, so
    # a submission, an upload and two bodies' verdicts apply one at a time and
    # always in the same order (section, then review), which avoids deadlocks.
    return (
        QadSection.objects.select_related("qad__organisation", "template_section", "market_role")
        .select_for_update(of=("self",))
        .get(pk=section.pk)
    )


def section_move(*, section, transition: str, actor, event_kind: str, reason: str, allowed=None):
    return transition_apply(
        instance=section,
        transition=transition,
        actor=actor,
        allowed=allowed or (lambda locked: True),
        event_kind=event_kind,
        reason=reason,
        event_target=lambda locked: qad_target(section.qad),
        payload=section_payload(section),
    )


def review_move(*, review, section, transition: str, actor, event_kind: str, reason: str):
    return transition_apply(
        instance=review,
        transition=transition,
        actor=actor,
        allowed=lambda locked: True,
        event_kind=event_kind,
        reason=reason,
        event_target=lambda locked: qad_target(section.qad),
        payload={**section_payload(section), "body": review.body},
    )
