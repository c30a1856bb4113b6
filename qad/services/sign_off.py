"""Director sign-off of the Final QAD, and the Letter of Delegated Authority."""

from datetime import timedelta

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qualification.events import event_record
from qualification.models import Organisation, Qualification
from qualification.services import qualification_transition
from qualification.transitions import transition_apply

from ..declarations import CURRENT_DECLARATION
from ..evidence_types import PDF, detect
from ..models import DelegatedAuthority, Qad, SectionStatus, SignOff
from ..rights import is_director
from ..snapshot import canonical_json, sha256_hex, snapshot_build
from ._common import qad_target

REAUTH_WINDOW = timedelta(minutes=5)


def signing_capacity(actor, qad: Qad) -> str | None:
    """“director”, “delegate” or None: in what capacity the actor may sign this QAD.

    The BSC requires a Director; a delegate may sign only when every covered
    role is governed by the REC alone (QA&P §10.2, footnote 9).
    """
    if is_director(actor, qad.organisation_id):
        return "director"
    rec_only = all(
        q.market_role.approved_by_rec and not q.market_role.approved_by_bsc
        for q in qad.qualifications.select_related("market_role")
    )
    delegated = DelegatedAuthority.objects.filter(
        organisation_id=qad.organisation_id, delegate_id=actor.pk
    ).exists()
    return "delegate" if rec_only and delegated else None


def qad_sign_off(
    *, actor, qad: Qad, reauthenticated_at, declaration_version: str = CURRENT_DECLARATION
) -> SignOff:
    """Freeze the accepted Final QAD as a signed snapshot and move its roles to signed-off."""
    capacity = signing_capacity(actor, qad)
    if capacity is None:
        raise NotPermitted(
            "Only a Director of the organisation can sign off this QAD"
            " (a delegate only when every role is governed by the REC alone).",
            code="not_signatory",
        )
    now = timezone.now()
    if reauthenticated_at is None or not (now - REAUTH_WINDOW <= reauthenticated_at <= now):
        raise NotPermitted(
            "Confirm your password or an authenticator code before signing"
            " (within the last 5 minutes).",
            code="reauthentication_required",
        )
    if declaration_version != CURRENT_DECLARATION:
        raise ValidationFailed(
            "The declaration has changed; read the current one and sign again.",
            code="declaration_outdated",
        )
    with transaction.atomic():
        locked = Qad.objects.select_for_update().get(pk=qad.pk)
        if locked.sections.exclude(status=SectionStatus.ACCEPTED).exists():
            raise IllegalTransition(
                "Every section must be accepted by every reviewing body before sign-off.",
                code="sections_not_accepted",
            )
        snapshot = canonical_json(
            snapshot_build(
                locked, signer=actor, signed_at=now, declaration_version=declaration_version
            )
        )
        locked = transition_apply(
            instance=locked,
            transition="sign_off",
            actor=actor,
            allowed=lambda row: True,
            event_kind="qad_sign_off_recorded",
            reason=f"signed off by {capacity}",
            event_target=qad_target,
            status_field="stage",
            payload={"qad": qad.pk, "sha256": sha256_hex(snapshot), "capacity": capacity},
        )
        record = SignOff.objects.create(
            qad=locked,
            signer=actor,
            signed_as=capacity,
            declaration_version=declaration_version,
            snapshot=snapshot,
            sha256=sha256_hex(snapshot),
            signed_at=now,
        )
        for qualification in locked.qualifications.select_related("organisation", "market_role"):
            if can_proceed(qualification.mark_signed_off):
                _qualification_sign_off(actor, qualification, record, capacity)
    return record


def _qualification_sign_off(actor, qualification: Qualification, record, capacity) -> None:
    payload = {"qad": record.qad_id, "sha256": record.sha256, "capacity": capacity}
    if capacity == "director":
        qualification_transition(
            actor=actor,
            qualification=qualification,
            transition="mark_signed_off",
            reason="Final QAD signed off",
            payload=payload,
        )
        return
    # The core's rights table knows Directors only; the Letter of Delegated
    # Authority lives here and was checked above, so the same transition is
    # applied with that check and the same event kind.
    transition_apply(
        instance=qualification,
        transition="mark_signed_off",
        actor=actor,
        allowed=lambda row: True,
        event_kind="qad_signed_off",
        reason="Final QAD signed off by a delegate",
        event_target=lambda row: {"organisation": row.organisation, "qualification": row},
        payload=payload,
    )


def delegation_record(*, actor, organisation: Organisation, delegate, letter) -> DelegatedAuthority:
    """A Director uploads the signed Letter of Delegated Authority (PDF) for a colleague."""
    if not is_director(actor, organisation.pk):
        raise NotPermitted("Only a Director can delegate signing.")
    if not delegate.memberships.filter(organisation=organisation).exists():
        raise ValidationFailed("The delegate must be a member of the organisation.")
    detected = detect(letter, letter.name or "letter.pdf")
    if detected.kind != PDF:
        raise ValidationFailed("The letter must be a PDF.", errors={"file": ["Upload a PDF."]})
    with transaction.atomic():
        delegation = DelegatedAuthority(
            organisation=organisation, delegate=delegate, granted_by=actor, sha256=detected.sha256
        )
        delegation.letter.save(letter.name, File(letter), save=False)
        delegation._history_user = actor
        delegation.save()
        event_record(
            kind="qad_delegation_recorded",
            actor=actor,
            organisation=organisation,
            payload={"delegate": delegate.email, "sha256": detected.sha256},
        )
    return delegation
