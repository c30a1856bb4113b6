"""UMS and Smart segment exemptions for Suppliers (QA&P §11.4.2): eligibility
facts, the exemption QAD section, the Director's assertion, a PAB decision."""

from django.db import transaction
from django.utils import timezone

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qualification.events import event_record
from qualification.models import Duty, MembershipRole, Qualification
from qualification.permissions import actor_for
from qualification.transitions import transition_apply

from ..models import Exemption, ExemptionSegment, ExemptionStatus
from ._common import decision_time, on_qualification, require_contributor

SUPPLIER = "SUPPLIER"


def _qad_has_section(qualification: Qualification, segment: str) -> bool:
    # Read through the Qualification's reverse relation: the QAD app decides
    # which sections exist (qad_exemption_request adds this one).
    return qualification.qads.filter(
        sections__template_section__scope=f"exemption_{segment}"
    ).exists()


def exemption_request(
    *,
    actor,
    qualification: Qualification,
    segment: str,
    no_meters_registered: bool = False,
    deregistration_plan: str = "",
    not_dcc_user: bool = False,
    portfolio_cap: int | None = None,
) -> Exemption:
    require_contributor(actor, qualification)
    if qualification.market_role.code != SUPPLIER:
        raise IllegalTransition(
            "Segment exemptions are for Suppliers only (QA&P §11.4.2).",
            code="exemption_not_supplier",
        )
    if segment not in ExemptionSegment.values:
        raise ValidationFailed("Unknown segment.", errors={"segment": ["Choose UMS or Smart."]})
    if not no_meters_registered and not deregistration_plan.strip():
        raise ValidationFailed(
            "Confirm no such meters are registered, or give a de-registration plan.",
            errors={"deregistration_plan": ["Required when meters of the segment are registered."]},
        )
    if not _qad_has_section(qualification, segment):
        raise IllegalTransition(
            "Add the exemption section to the QAD first.", code="exemption_section_missing"
        )
    if qualification.exemptions.filter(segment=segment).exists():
        raise IllegalTransition("This exemption is already requested.", code="duplicate")
    with transaction.atomic():
        exemption = Exemption(
            qualification=qualification,
            segment=segment,
            no_meters_registered=no_meters_registered,
            deregistration_plan=deregistration_plan.strip(),
            not_dcc_user=not_dcc_user,
            portfolio_cap=portfolio_cap,
        )
        exemption._history_user = actor
        exemption.save()
        event_record(
            kind="exemption_requested",
            actor=actor,
            qualification=qualification,
            payload={"exemption": exemption.pk, "segment": segment},
        )
    return exemption


def exemption_assert(*, actor, exemption: Exemption) -> Exemption:
    """The Company Director asserts they will qualify before operating the segment."""
    if not actor_for(actor).is_member(
        exemption.qualification.organisation_id, MembershipRole.DIRECTOR
    ):
        raise NotPermitted("Only a Company Director gives the exemption assertion.")
    return transition_apply(
        instance=exemption,
        transition="assert_by_director",
        actor=actor,
        allowed=lambda row: True,
        arguments={"by": actor, "at": timezone.now()},
        event_kind="exemption_asserted",
        reason="Director's assertion",
        event_target=on_qualification,
        payload={"exemption": exemption.pk},
    )


def eligibility_gaps(exemption: Exemption) -> list[str]:
    gaps = []
    if not exemption.no_meters_registered:
        gaps.append("meters of the segment are still registered to the MPID")
    if exemption.segment == ExemptionSegment.SMART:
        if not exemption.not_dcc_user:
            gaps.append("the Supplier is a DCC User")
        if not exemption.portfolio_cap:
            gaps.append("no portfolio cap is agreed")
    return gaps


def exemption_decide(
    *, actor, exemption: Exemption, approve: bool, meeting, note: str = ""
) -> Exemption:
    if not actor_for(actor).has_duty(Duty.PAB_SECRETARIAT):
        raise NotPermitted("Exemptions are decided at PAB and recorded by its secretariat.")
    if meeting is None:
        raise IllegalTransition("Choose the PAB meeting that decided.", code="meeting_required")
    decided_at = decision_time(meeting)
    with transaction.atomic():
        # Checked on the locked row: the page may show an exemption asserted since.
        locked = Exemption.objects.select_for_update().get(pk=exemption.pk)
        if approve and locked.status != ExemptionStatus.ASSERTED:
            raise IllegalTransition(
                "The Director's assertion is needed before the exemption can be approved.",
                code="assertion_missing",
            )
        if approve and (gaps := eligibility_gaps(locked)):
            raise IllegalTransition(
                f"The exemption is not eligible: {'; '.join(gaps)}.", code="exemption_ineligible"
            )
        return transition_apply(
            instance=locked,
            transition="approve" if approve else "refuse",
            actor=actor,
            allowed=lambda row: True,
            arguments={"meeting": meeting, "note": note, "at": decided_at},
            event_kind="exemption_approved" if approve else "exemption_refused",
            reason=note or ("approved at PAB" if approve else "refused at PAB"),
            event_target=on_qualification,
            payload={"exemption": exemption.pk, "meeting": meeting.pk},
        )
