from django.contrib import messages
from django.shortcuts import redirect

from mhhs_portal.exceptions import ApplicationError

from ..models import ReviewStatus, SectionStatus

WITH_PARTICIPANT = {
    SectionStatus.NOT_STARTED,
    SectionStatus.IN_PROGRESS,
    SectionStatus.CHANGES_REQUESTED,
}


def waiting_on(section) -> list[str]:
    """Who must act next on a section: the participant, or the bodies still to review."""
    if section.status in WITH_PARTICIPANT:
        return ["Participant"]
    if section.status == SectionStatus.ACCEPTED:
        return []
    return [r.body for r in section.reviews.all() if r.status == ReviewStatus.PENDING]


def run_service(request, call, *, success: str, to: tuple):
    """Call a service from a POST; show its refusal as a message. Back to `to` either way."""
    try:
        call()
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(*to)
