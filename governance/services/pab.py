"""PAB meetings and their agendas: the secretariat creates meetings and places
ready BSC applications on them; decisions go through approval_decide."""

from django.db import transaction
from django.db.models import Max

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qualification.events import event_record
from qualification.models import Body, Duty
from qualification.permissions import actor_for
from qualification.transitions import transition_apply

from ..models import AgendaItem, Approval, ApprovalStatus, PabMeeting
from ..models.pab import DEFAULT_CLASSIFICATION
from ._common import on_qualification
from .approvals import joint_group


def require_secretariat(actor) -> None:
    if not actor_for(actor).has_duty(Duty.PAB_SECRETARIAT):
        raise NotPermitted("Only the PAB secretariat can do this.")


def meeting_create(
    *, actor, title: str, starts_at, classification: str = DEFAULT_CLASSIFICATION
) -> PabMeeting:
    require_secretariat(actor)
    if not title.strip():
        raise ValidationFailed("Give the meeting a title.", errors={"title": ["Required."]})
    with transaction.atomic():
        meeting = PabMeeting(
            title=title.strip(),
            starts_at=starts_at,
            classification=classification or DEFAULT_CLASSIFICATION,
            created_by=actor,
        )
        meeting._history_user = actor
        meeting.save()
        event_record(kind="pab_meeting_created", actor=actor, payload={"meeting": meeting.pk})
    return meeting


def agenda_add(
    *, actor, meeting: PabMeeting, approval: Approval, recommendation: str = ""
) -> list[AgendaItem]:
    """Place a ready BSC application on the agenda, with its joint roles (LDSO, SMRA, UMSO)."""
    require_secretariat(actor)
    if approval.body != Body.BSC:
        raise IllegalTransition("Only BSC approvals are decided at PAB.", code="not_a_bsc_approval")
    group = joint_group(approval)
    for member in group:
        if member.status not in (ApprovalStatus.READY, ApprovalStatus.DEFERRED):
            raise IllegalTransition(
                f"{member.qualification.organisation.name}"
                f" ({member.qualification.market_role.name}) is not ready for PAB:"
                f" {member.get_status_display()}.",
                code="approval_not_ready",
            )
        if member.agenda_items.filter(meeting=meeting).exists():
            raise IllegalTransition(
                "Already on this meeting's agenda: a deferred application goes to a later one.",
                code="already_on_agenda",
            )
    items = []
    with transaction.atomic():
        position = meeting.items.aggregate(top=Max("position"))["top"] or 0
        for member in group:
            position += 1
            item = AgendaItem(
                meeting=meeting, approval=member, position=position, recommendation=recommendation
            )
            item._history_user = actor
            item.save()
            transition_apply(
                instance=member,
                transition="schedule",
                actor=actor,
                allowed=lambda row: True,
                event_kind="approval_scheduled",
                reason=f"on the agenda of {meeting.title}",
                event_target=on_qualification,
                payload={"body": member.body, "meeting": meeting.pk},
            )
            items.append(item)
    return items


def agenda_remove(*, actor, item: AgendaItem) -> None:
    """Take an undecided application (and its joint roles) off the agenda."""
    require_secretariat(actor)
    group = joint_group(item.approval)
    with transaction.atomic():
        for member in group:
            found = AgendaItem.objects.filter(meeting=item.meeting, approval=member).first()
            if member.status != ApprovalStatus.SCHEDULED or found is None:
                raise IllegalTransition(
                    "A decided application stays on the agenda.", code="already_decided"
                )
            found._history_user = actor
            found.delete()
            transition_apply(
                instance=member,
                transition="unschedule",
                actor=actor,
                allowed=lambda row: True,
                event_kind="approval_unscheduled",
                reason=f"taken off the agenda of {item.meeting.title}",
                event_target=on_qualification,
                payload={"body": member.body, "meeting": item.meeting_id},
            )
