"""Pre-Qualification Submissions (QA&P §9.3.2): the participant drafts and
submits, the Code Bodies (BSC, REC) ask clarifications and accept or reject.

Every move goes through ``transition_apply`` (lock, right, django-fsm,
history, one event). A clarification writes its thread message in the same
transaction as the move, so a refused move leaves no orphan message.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qualification.events import event_record
from qualification.models import Mpid, Organisation, Qualification, QualificationStatus
from qualification.permissions import actor_for
from qualification.transitions import transition_apply

from .models import Cohort, Route
from .models_pqs import LIVE_STATES, PqsMessage, PqsMessageKind, PqsStatus
from .models_pqs import PreQualificationSubmission as Pqs

CODE_BODIES = ("BSC", "REC")
# The roles a PQS may still speak for: not ended, not yet qualified.
OPEN_QUALIFICATION_STATES = [QualificationStatus.REGISTERED, QualificationStatus.PREPARING]


@dataclass
class PqsInput:
    """What the participant writes in a PQS. Roles are market role codes."""

    preferred_cohort: Cohort | None = None
    roles: tuple[str, ...] = ()
    mpids: tuple[str, ...] = ()
    mpids_not_taken_forward: tuple[str, ...] = ()
    pit_approach: str = ""
    pit_start: date | None = None
    pit_completion: date | None = None
    target_migration_date: date | None = None
    reliance_requested: bool = False
    reliance_details: str = ""


def _require_contributor(actor, organisation_id: int) -> None:
    if not actor_for(actor).can_contribute(organisation_id):
        raise NotPermitted("Only the participant's admins and contributors can do this.")


def pqs_reviewing_body(actor, pqs: Pqs) -> str:
    """The Code Body the actor reviews this PQS for, or '' if none.

    A reviewer (or approver) of BSC or REC reviews a PQS when their body
    governs one of the roles it covers."""
    a = actor_for(actor)
    if a.is_superuser:
        return "BSC"
    bodies = a.bodies & set(CODE_BODIES)
    if not bodies:
        return ""
    governing = {body for q in pqs.qualifications.all() for body in q.market_role.approving_bodies}
    return next((body for body in CODE_BODIES if body in bodies & governing), "")


def _require_reviewer(actor, pqs: Pqs) -> str:
    body = pqs_reviewing_body(actor, pqs)
    if not body:
        raise NotPermitted("Only a BSC or REC reviewer of these roles can review this PQS.")
    return body


def _resolve(organisation: Organisation, data: PqsInput, exclude_pk=None):
    """The qualifications and MPIDs named by codes, or ValidationFailed with every error."""
    errors: dict[str, list[str]] = {}
    held = {
        q.market_role.code: q
        for q in Qualification.objects.filter(organisation=organisation).select_related(
            "market_role"
        )
    }
    roles = list(dict.fromkeys(data.roles))
    unknown = [code for code in roles if code not in held]
    if unknown:
        errors["roles"] = [
            f"{organisation.name} does not hold the role(s) {', '.join(unknown)}: register"
            " the role before asking to qualify it."
        ]
    qualifications = [held[code] for code in roles if code in held]
    ended = [
        q.market_role.code for q in qualifications if q.status not in OPEN_QUALIFICATION_STATES
    ]
    if ended:
        errors.setdefault("roles", []).append(
            f"No longer open for a PQS (qualified, in testing or ended): {', '.join(ended)}."
        )
    taken = (
        Pqs.objects.filter(
            qualifications__in=qualifications, status__in=LIVE_STATES, organisation=organisation
        )
        .exclude(pk=exclude_pk)
        .values_list("qualifications__market_role__code", flat=True)
    )
    clash = sorted(set(taken) & set(roles))
    if clash:
        errors.setdefault("roles", []).append(
            f"Already in another live PQS of {organisation.name}: {', '.join(clash)}."
        )
    own_mpids = {
        (m.code, m.market_role.code): m
        for m in Mpid.objects.filter(organisation=organisation).select_related("market_role")
    }
    by_code: dict[str, list[Mpid]] = {}
    for (code, _), mpid in own_mpids.items():
        by_code.setdefault(code, []).append(mpid)

    def mpids_of(codes, field, only_roles):
        found, missing = [], []
        for code in dict.fromkeys(c.strip().upper() for c in codes if c.strip()):
            matches = [
                m for m in by_code.get(code, []) if not only_roles or m.market_role.code in roles
            ]
            (found.extend(matches) if matches else missing.append(code))
        if missing:
            scope = "in the roles of this PQS" if only_roles else ""
            errors.setdefault(field, []).append(
                f"{organisation.name} holds no MPID {', '.join(missing)} {scope}".strip() + "."
            )
        return found

    mpids = mpids_of(data.mpids, "mpids", only_roles=True)
    dropped = mpids_of(data.mpids_not_taken_forward, "mpids_not_taken_forward", only_roles=False)
    both = sorted({m.code for m in mpids} & {m.code for m in dropped})
    if both:
        errors.setdefault("mpids_not_taken_forward", []).append(
            f"An MPID cannot be both qualified and not taken forward: {', '.join(both)}."
        )
    if data.preferred_cohort is not None and data.preferred_cohort.route != Route.NON_SIT_QT:
        errors["preferred_cohort"] = ["Choose one of the QT waves."]
    if data.pit_start and data.pit_completion and data.pit_start > data.pit_completion:
        errors["pit_completion"] = ["PIT cannot complete before it starts."]
    if (
        data.target_migration_date
        and data.pit_completion
        and data.target_migration_date <= data.pit_completion
    ):
        errors["target_migration_date"] = ["Migration comes after PIT and QT complete."]
    if data.reliance_requested and not data.reliance_details.strip():
        errors["reliance_details"] = ["Say on whom or on which provider's testing you rely."]
    if errors:
        raise ValidationFailed("Please correct the errors below.", errors=errors)
    return qualifications, mpids, dropped


def _write(pqs: Pqs, data: PqsInput, qualifications, mpids, dropped) -> None:
    for name in (
        "preferred_cohort",
        "pit_approach",
        "pit_start",
        "pit_completion",
        "target_migration_date",
        "reliance_requested",
    ):
        setattr(pqs, name, getattr(data, name))
    pqs.pit_approach = data.pit_approach.strip()
    pqs.reliance_details = data.reliance_details.strip() if data.reliance_requested else ""
    pqs.save()
    pqs.qualifications.set(qualifications)
    pqs.mpids.set(mpids)
    pqs.mpids_not_taken_forward.set(dropped)


def pqs_create(*, actor, organisation: Organisation, data: PqsInput) -> Pqs:
    """Start a draft PQS for some of the organisation's roles."""
    _require_contributor(actor, organisation.pk)
    resolved = _resolve(organisation, data)
    with transaction.atomic():
        pqs = Pqs(organisation=organisation, created_by=actor)
        pqs._history_user = actor
        pqs._change_reason = "PQS started"
        _write(pqs, data, *resolved)
        event_record(
            kind="pqs_created",
            actor=actor,
            organisation=organisation,
            payload={"pqs": pqs.pk, "roles": list(dict.fromkeys(data.roles))},
        )
    return pqs


def pqs_update(*, actor, pqs: Pqs, data: PqsInput) -> Pqs:
    """Change a draft. Once submitted, the answers move on through clarifications."""
    _require_contributor(actor, pqs.organisation_id)
    resolved = _resolve(pqs.organisation, data, exclude_pk=pqs.pk)
    with transaction.atomic():
        locked = Pqs.objects.select_for_update().get(pk=pqs.pk)
        if locked.status != PqsStatus.DRAFT:
            raise IllegalTransition(
                "Only a draft PQS can be edited; answer the Code Bodies in its thread instead.",
                code="pqs_not_draft",
            )
        locked._history_user = actor
        locked._change_reason = "draft edited"
        _write(locked, data, *resolved)
    return locked


def _missing_for_submission(pqs: Pqs) -> dict[str, list[str]]:
    required = {
        "preferred_cohort": pqs.preferred_cohort_id,
        "pit_approach": pqs.pit_approach,
        "pit_start": pqs.pit_start,
        "pit_completion": pqs.pit_completion,
        "target_migration_date": pqs.target_migration_date,
    }
    errors = {
        name: ["Required before submitting."] for name, value in required.items() if not value
    }
    if not pqs.qualifications.exists():
        errors["roles"] = ["Choose at least one role to qualify."]
    return errors


def _on_organisation(pqs: Pqs) -> dict:
    # Organisation-wide on purpose: the deadline engine counts an event without
    # a qualification for each of the organisation's roles, so one event
    # completes the PQS activity of every role the submission covers.
    return {"organisation": pqs.organisation}


def pqs_submit(*, actor, pqs: Pqs) -> Pqs:
    """Send the PQS to the Code Bodies (completes Appendix C's "PQS submitted")."""
    _require_contributor(actor, pqs.organisation_id)
    if errors := _missing_for_submission(pqs):
        raise ValidationFailed("The PQS is not complete yet.", errors=errors)
    with transaction.atomic():
        qualification_ids = sorted(pqs.qualifications.values_list("pk", flat=True))
        roles = sorted(pqs.qualifications.values_list("market_role__code", flat=True))
        locked = transition_apply(
            instance=pqs,
            transition="submit",
            actor=actor,
            allowed=lambda row: True,
            event_kind="pqs_submitted",
            reason="submitted to the Code Bodies",
            event_target=_on_organisation,
            payload={
                "pqs": pqs.pk,
                "qualifications": qualification_ids,
                "roles": roles,
                "preferred_cohort": pqs.preferred_cohort.key if pqs.preferred_cohort else None,
                "reliance_requested": pqs.reliance_requested,
            },
            changes={"submitted_at": timezone.now()},
        )
    return locked


def _move(
    pqs, *, actor, transition, event_kind, reason, allowed, payload=None, message=None, changes=None
):
    with transaction.atomic():
        locked = transition_apply(
            changes=changes,
            instance=pqs,
            transition=transition,
            actor=actor,
            allowed=allowed,
            event_kind=event_kind,
            reason=reason,
            event_target=_on_organisation,
            payload={"pqs": pqs.pk, **(payload or {})},
        )
        if message is not None:
            PqsMessage.objects.create(pqs=locked, author=actor, **message)
    return locked


def _text(value: str, field: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(f"Write the {what}.", errors={field: ["This field is required."]})
    return value


def pqs_clarification_request(*, actor, pqs: Pqs, question: str) -> Pqs:
    body = _require_reviewer(actor, pqs)
    question = _text(question, "question", "question")
    return _move(
        pqs,
        actor=actor,
        transition="request_clarification",
        event_kind="pqs_clarification_requested",
        reason=f"clarification requested by {body}",
        allowed=lambda row: True,
        payload={"body": body},
        message={"kind": PqsMessageKind.QUESTION, "body": body, "text": question},
    )


def pqs_clarification_answer(*, actor, pqs: Pqs, answer: str) -> Pqs:
    _require_contributor(actor, pqs.organisation_id)
    answer = _text(answer, "answer", "answer")
    return _move(
        pqs,
        actor=actor,
        transition="answer_clarification",
        event_kind="pqs_clarification_answered",
        reason="clarification answered",
        allowed=lambda row: True,
        message={"kind": PqsMessageKind.ANSWER, "text": answer},
    )


def pqs_accept(*, actor, pqs: Pqs, note: str = "") -> Pqs:
    """Accept the PQS: its roles can now be allocated to a wave."""
    body = _require_reviewer(actor, pqs)
    message = {"kind": PqsMessageKind.NOTE, "body": body, "text": note.strip()}
    locked = _move(
        pqs,
        actor=actor,
        transition="accept",
        event_kind="pqs_accepted",
        reason=f"accepted by {body}",
        allowed=lambda row: True,
        payload={"body": body},
        message=message if note.strip() else None,
        changes={"decided_at": timezone.now(), "decision_note": note.strip()},
    )
    return locked


def pqs_reject(*, actor, pqs: Pqs, reason: str) -> Pqs:
    body = _require_reviewer(actor, pqs)
    reason = _text(reason, "reason", "reason for the rejection")
    locked = _move(
        pqs,
        actor=actor,
        transition="reject",
        event_kind="pqs_rejected",
        reason=reason,
        allowed=lambda row: True,
        payload={"body": body, "reason": reason},
        message={"kind": PqsMessageKind.NOTE, "body": body, "text": reason},
        changes={"decided_at": timezone.now(), "decision_note": reason},
    )
    return locked


def pqs_withdraw(*, actor, pqs: Pqs, reason: str = "") -> Pqs:
    _require_contributor(actor, pqs.organisation_id)
    return _move(
        pqs,
        actor=actor,
        transition="withdraw",
        event_kind="pqs_withdrawn",
        reason=reason.strip() or "withdrawn by the participant",
        allowed=lambda row: True,
        payload={"reason": reason.strip()},
    )
