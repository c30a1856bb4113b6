"""Per-body review of a section, and reopening an accepted one."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qualification.events import event_record
from qualification.models import MembershipRole

from ..models import (
    REVIEWABLE,
    Comment,
    Qad,
    QadSection,
    QadStage,
    ReopenRequest,
    ReopenStatus,
    ReviewStatus,
    SectionStatus,
)
from ..notifications import CONTRIBUTOR_ROLES, members_of, notify
from ..rights import reviewing_bodies
from ._common import (
    lock_section,
    qad_target,
    require_contributor,
    require_open,
    review_move,
    section_move,
    section_payload,
)

ACCEPT = "accept"
REQUEST_CHANGES = "request_changes"


def acting_body(actor, section: QadSection, body: str | None = None) -> str:
    """The body the actor reviews this section for; refuses anyone else."""
    mine = reviewing_bodies(actor) & {r.body for r in section.reviews.all()}
    if body:
        if body not in mine:
            raise NotPermitted(f"You do not review this section for {body}.", code="not_reviewer")
        return body
    if not mine:
        raise NotPermitted("Your body does not review this section.", code="not_reviewer")
    if len(mine) > 1:
        raise ValidationFailed("Say which body you review for.", errors={"body": ["Required."]})
    return next(iter(mine))


def section_review(
    *, actor, section: QadSection, verdict: str, comment: str = "", body: str | None = None
) -> QadSection:
    """One body accepts the section or asks for changes (with a comment saying what)."""
    if verdict not in (ACCEPT, REQUEST_CHANGES):
        raise ValidationFailed(
            "Unknown verdict.", errors={"verdict": ["Accept or request changes."]}
        )
    body = acting_body(actor, section, body)
    require_open(section.qad)
    if verdict == REQUEST_CHANGES and not comment.strip():
        raise ValidationFailed(
            "Say what needs to change.", errors={"comment": ["Say what needs to change."]}
        )
    with transaction.atomic():
        # Locks the section before the review row: two bodies deciding at the
        # same moment apply one after the other, and the second sees the
        # first's verdict when it decides whether the section is accepted.
        section = lock_section(section)
        if section.status not in REVIEWABLE:
            raise IllegalTransition(
                f"This section is “{section.get_status_display()}”, not waiting for review.",
                code="section_not_in_review",
            )
        review = section.reviews.get(body=body)
        review_move(
            review=review,
            section=section,
            transition=verdict,
            actor=actor,
            event_kind=f"qad_review_{'accepted' if verdict == ACCEPT else 'changes_requested'}",
            reason=comment.strip()[:100] or verdict.replace("_", " "),
        )
        if comment.strip():
            _comment_create(actor, section, body, comment.strip(), internal=False)
        section = _section_follow_reviews(actor, section, verdict)
    return section


def _section_follow_reviews(actor, section: QadSection, verdict: str) -> QadSection:
    contributors = members_of(section.qad.organisation_id, CONTRIBUTOR_ROLES)
    link = reverse("qad:section", args=[section.pk])
    title = section.template_section.title
    if verdict == REQUEST_CHANGES:
        if section.status != SectionStatus.CHANGES_REQUESTED:
            section = section_move(
                section=section,
                transition="request_changes",
                actor=actor,
                event_kind="qad_section_changes_requested",
                reason="a reviewing body requested changes",
            )
        notify(contributors, text=f"Changes requested on “{title}”.", link=link)
        return section
    statuses = set(section.reviews.values_list("status", flat=True))
    if statuses == {ReviewStatus.ACCEPTED}:
        section = section_move(
            section=section,
            transition="accept",
            actor=actor,
            event_kind="qad_section_accepted",
            reason="every reviewing body accepted",
        )
        notify(contributors, text=f"“{title}” accepted by every reviewing body.", link=link)
        _ready_to_sign(actor, section)
    return section


def _ready_to_sign(actor, section: QadSection) -> None:
    qad = Qad.objects.select_for_update().get(pk=section.qad_id)
    if qad.stage != QadStage.FINAL or qad.ready_to_sign_at:
        return
    if qad.sections.exclude(status=SectionStatus.ACCEPTED).exists():
        return
    qad.ready_to_sign_at = timezone.now()
    qad._history_user = actor
    qad.save(update_fields=["ready_to_sign_at", "updated_at"])
    event_record(kind="qad_ready_to_sign", actor=actor, payload={"qad": qad.pk}, **qad_target(qad))
    notify(
        members_of(qad.organisation_id, [MembershipRole.DIRECTOR]),
        text=f"Every section of {qad.organisation.name}'s Final QAD is accepted: ready to sign.",
        link=reverse("qad:sign_off", args=[qad.pk]),
    )


def _comment_create(actor, section, body: str, text: str, *, internal: bool) -> Comment:
    comment = Comment(section=section, body=body, author=actor, text=text, internal=internal)
    comment._history_user = actor
    comment.save()
    event_record(
        kind="qad_comment_added",
        actor=actor,
        payload={**section_payload(section), "comment": comment.pk, "internal": internal},
        **qad_target(section.qad),
    )
    return comment


def comment_add(
    *, actor, section: QadSection, text: str, internal: bool = False, body: str | None = None
) -> Comment:
    """A reviewer raises a point (internal or visible); a contributor replies (always visible)."""
    text = (text or "").strip()
    if not text:
        raise ValidationFailed("Write a comment.", errors={"text": ["Write a comment."]})
    require_open(section.qad)
    if reviewing_bodies(actor) & {r.body for r in section.reviews.all()}:
        body = acting_body(actor, section, body)
    else:
        require_contributor(actor, section.qad)
        body, internal = "", False
    with transaction.atomic():
        comment = _comment_create(actor, section, body, text, internal=internal)
        if body and not internal:
            notify(
                members_of(section.qad.organisation_id, CONTRIBUTOR_ROLES),
                text=f"{body} commented on “{section.template_section.title}”.",
                link=reverse("qad:section", args=[section.pk]),
            )
    return comment


def comment_resolve(*, actor, comment: Comment) -> Comment:
    """Only the body that raised a point may close it."""
    if not comment.body or comment.body not in reviewing_bodies(actor):
        raise NotPermitted("Only the body that raised this point can resolve it.")
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        if comment.resolved_at:
            raise IllegalTransition("This point is already resolved.", code="already_resolved")
        comment.resolved_by = actor
        comment.resolved_at = timezone.now()
        comment._history_user = actor
        comment.save(update_fields=["resolved_by", "resolved_at", "updated_at"])
        event_record(
            kind="qad_comment_resolved",
            actor=actor,
            payload={**section_payload(comment.section), "comment": comment.pk},
            **qad_target(comment.section.qad),
        )
    return comment


def reopen_request(*, actor, section: QadSection, reason: str) -> ReopenRequest:
    """Ask the reviewing bodies to reopen an accepted section (QA&P §10.3)."""
    require_contributor(actor, section.qad)
    require_open(section.qad)
    if not (reason or "").strip():
        raise ValidationFailed("Say why.", errors={"reason": ["Say why it must reopen."]})
    with transaction.atomic():
        section = lock_section(section)
        if section.status != SectionStatus.ACCEPTED:
            raise IllegalTransition(
                "Only an accepted section can be reopened.", code="not_accepted"
            )
        if section.reopen_requests.filter(status=ReopenStatus.REQUESTED).exists():
            raise IllegalTransition("A request is already waiting.", code="reopen_pending")
        request = ReopenRequest(section=section, reason=reason.strip(), requested_by=actor)
        request._history_user = actor
        request.save()
        event_record(
            kind="qad_reopen_requested",
            actor=actor,
            payload={**section_payload(section), "request": request.pk},
            **qad_target(section.qad),
        )
    return request


def reopen_decide(*, actor, request: ReopenRequest, approve: bool, note: str = "") -> ReopenRequest:
    """A reviewer of a body that reviews the section approves or refuses the request."""
    section = request.section
    acting_body(actor, section)
    require_open(section.qad)
    with transaction.atomic():
        section = lock_section(section)
        request = ReopenRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != ReopenStatus.REQUESTED:
            raise IllegalTransition("This request is already decided.", code="already_decided")
        request.status = ReopenStatus.APPROVED if approve else ReopenStatus.REFUSED
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.decision_note = note.strip()
        request._history_user = actor
        request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        event_record(
            kind=f"qad_reopen_{request.status}",
            actor=actor,
            payload={**section_payload(section), "request": request.pk},
            **qad_target(section.qad),
        )
        if approve:
            _reopen(actor, section)
        notify(
            members_of(section.qad.organisation_id, CONTRIBUTOR_ROLES),
            text=f"Reopening “{section.template_section.title}” {request.status}.",
            link=reverse("qad:section", args=[section.pk]),
        )
    return request


def _reopen(actor, section: QadSection) -> None:
    section = section_move(
        section=section,
        transition="reopen",
        actor=actor,
        event_kind="qad_section_reopened",
        reason="reopen request approved",
    )
    for review in section.reviews.filter(status=ReviewStatus.ACCEPTED):
        review_move(
            review=review,
            section=section,
            transition="reopen",
            actor=actor,
            event_kind="qad_review_reopened",
            reason="section reopened",
        )
