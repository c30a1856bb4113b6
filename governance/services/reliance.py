"""Placing Reliance (QA&P §10.4): proposed by the participant, reviewed by the
Code Bodies, the DIP Manager and, for SIT parties and Non-SIT LDSOs, the
programme. The proposal's events carry the relied-on qualification, which is
how the waves allocation service sees reliance without importing governance
(waves.reliance reads them from the ledger)."""

from django.db import transaction
from django.utils import timezone

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qualification.events import event_record
from qualification.models import Qualification
from qualification.permissions import actor_for
from qualification.transitions import transition_apply
from waves.selectors import allocations_by_qualification

from ..models import RelianceProposal, RelianceReview, RelianceScope, RelianceStatus
from ..models.reliance import PROGRAMME
from ._common import acts_for, on_qualification, require_contributor

PROGRAMME_ROUTES = {"SIT", "NON_SIT_LDSO"}


def reliance_cohort_conflict(qualification: Qualification, relies_on: Qualification) -> str:
    """The refusal message when the reliant party sits in an earlier cohort, else ''."""
    allocations = allocations_by_qualification([qualification.pk, relies_on.pk])
    mine, theirs = allocations.get(qualification.pk), allocations.get(relies_on.pk)
    if mine and theirs and mine.cohort.order < theirs.cohort.order:
        return (
            f"{qualification.organisation.name} is in {mine.cohort.label}, earlier than"
            f" {theirs.cohort.label} of {relies_on.organisation.name} it places reliance on"
            " (QA&P §9.3.2)."
        )
    return ""


def required_reviewers(qualification: Qualification) -> list[str]:
    """Who reviews the role's proposals: its approving bodies, and the programme
    for SIT parties and Non-SIT LDSOs."""
    reviewers = list(qualification.market_role.approving_bodies)
    allocation = allocations_by_qualification([qualification.pk]).get(qualification.pk)
    if allocation and allocation.cohort.route in PROGRAMME_ROUTES:
        reviewers.append(PROGRAMME)
    return reviewers


def reviewer_role(actor, reviewer: str) -> bool:
    """Whether the actor reviews as this reviewer (the programme's test managers for PROGRAMME)."""
    if reviewer == PROGRAMME:
        return actor_for(actor).has_duty("test_manager")
    return acts_for(actor, reviewer)


def reliance_propose(
    *,
    actor,
    qualification: Qualification,
    scope: list[str],
    rationale: str,
    relies_on: Qualification | None = None,
    provider_name: str = "",
) -> RelianceProposal:
    require_contributor(actor, qualification)
    errors = {}
    if not scope or set(scope) - set(RelianceScope.values):
        errors["scope"] = ["Choose functional, migration, non-functional and/or operational."]
    if (relies_on is None) == (not provider_name.strip()):
        errors["relies_on"] = ["Name either another participant's role or a third-party provider."]
    if relies_on is not None and (
        relies_on.market_role_id != qualification.market_role_id
        or relies_on.organisation_id == qualification.organisation_id
    ):
        errors["relies_on"] = ["Reliance is on another participant in the same role."]
    if errors:
        raise ValidationFailed("Please correct the errors below.", errors=errors)
    if relies_on is not None and (conflict := reliance_cohort_conflict(qualification, relies_on)):
        raise IllegalTransition(conflict, code="reliance_cohort_order")
    with transaction.atomic():
        proposal = RelianceProposal(
            qualification=qualification,
            relies_on=relies_on,
            provider_name=provider_name.strip(),
            scope=sorted(scope),
            rationale=rationale.strip(),
        )
        proposal._history_user = actor
        proposal.save()
        event_record(
            kind="placing_reliance_submitted",
            actor=actor,
            qualification=qualification,
            payload={
                "reliance": proposal.pk,
                "relies_on_qualification": relies_on.pk if relies_on else None,
                "scope": proposal.scope,
            },
        )
    return proposal


def _reviewer_for(actor, proposal: RelianceProposal, reviewers: list[str]) -> str:
    done = set(proposal.reviews.values_list("reviewer", flat=True))
    for reviewer in reviewers:
        if reviewer in done:
            continue
        if reviewer_role(actor, reviewer):
            return reviewer
    raise NotPermitted("You do not review this proposal, or your review is recorded.")


def _move(proposal, *, actor, transition: str, event_kind: str, reason: str):
    return transition_apply(
        instance=proposal,
        transition=transition,
        actor=actor,
        allowed=lambda row: True,
        event_kind=event_kind,
        reason=reason,
        event_target=on_qualification,
        payload={"reliance": proposal.pk},
    )


def reliance_review(
    *, actor, proposal: RelianceProposal, agreed: bool, note: str = ""
) -> RelianceProposal:
    if proposal.status != RelianceStatus.PROPOSED:
        raise IllegalTransition("This proposal is no longer under review.", code="not_proposed")
    if not agreed and not note.strip():
        raise ValidationFailed(
            "Say why the proposal is refused.", errors={"note": ["Required when refusing."]}
        )
    reviewers = required_reviewers(proposal.qualification)
    reviewer = _reviewer_for(actor, proposal, reviewers)
    with transaction.atomic():
        RelianceReview.objects.create(
            proposal=proposal,
            reviewer=reviewer,
            agreed=agreed,
            note=note,
            reviewed_by=actor,
            reviewed_at=timezone.now(),
        )
        done = set(proposal.reviews.values_list("reviewer", flat=True))
        code_bodies = set(reviewers) - {PROGRAMME}
        if reviewer == PROGRAMME:
            kind = "placing_reliance_reviewed_by_programme"
            event_record(kind=kind, actor=actor, qualification=proposal.qualification)
        elif code_bodies <= done:
            kind = "placing_reliance_reviewed_by_code_bodies"
            event_record(kind=kind, actor=actor, qualification=proposal.qualification)
        if not agreed:
            return _move(
                proposal,
                actor=actor,
                transition="refuse",
                event_kind="reliance_refused",
                reason=note or f"refused by {reviewer}",
            )
        if set(reviewers) <= done:
            return _move(
                proposal,
                actor=actor,
                transition="agree",
                event_kind="reliance_agreed",
                reason="agreed by every reviewer",
            )
    return proposal


def reliance_withdraw(*, actor, proposal: RelianceProposal) -> RelianceProposal:
    require_contributor(actor, proposal.qualification)
    return _move(
        proposal,
        actor=actor,
        transition="withdraw",
        event_kind="reliance_withdrawn",
        reason="withdrawn by the participant",
    )
