"""Demo governance: approvals at every state, findings, defects with work-off
plans (one awaiting the test manager, one awaiting the bodies' agreement), a
reliance proposal awaiting review, an exemption awaiting the PAB's decision,
an MPID in market exit, and PAB meetings (one past with decisions dated at
the meeting, one upcoming with an agenda), all through the services.

The core demo moves some roles straight to qualified/active; their
approvals are recorded here as approved, so the two stay consistent. Runs
once: a second run finds the past meeting and leaves everything alone.
"""

from datetime import timedelta

from django.utils import timezone

from governance.models import PabMeeting
from governance.services import (
    agenda_add,
    approval_decide,
    approvals_sync,
    defect_assess,
    defect_record,
    exemption_assert,
    exemption_request,
    finding_propose_plan,
    finding_raise,
    market_exit_record,
    meeting_create,
    mpid_plan_set,
    reliance_propose,
    work_off_plan_propose,
    work_off_plan_review,
)
from mhhs_portal.exceptions import ApplicationError
from qad.models import Qad
from qad.services import qad_exemption_request
from qualification.models import Mpid, Qualification, User

PAST_TITLE = "BSC PAB 301 (MHHS Qualification)"
UPCOMING_TITLE = "BSC PAB 302 (MHHS Qualification)"
DONE = ("qualified", "active")


def _user(email: str) -> User:
    return User.objects.get(email=email)


def build_governance() -> None:
    if PabMeeting.objects.filter(title=PAST_TITLE).exists():
        return
    secretariat = _user("pab.secretariat@elexon.example")
    deciders = {
        "DIP": _user("dip.manager@dip.example"),
        "REC": _user("rec.manager@rec.example"),
        "BSC": secretariat,
    }
    now = timezone.now()
    past = meeting_create(actor=secretariat, title=PAST_TITLE, starts_at=now - timedelta(days=14))
    upcoming = meeting_create(
        actor=secretariat, title=UPCOMING_TITLE, starts_at=now + timedelta(days=10)
    )
    qualifications = list(
        Qualification.objects.filter(status__in=["signed_off", *DONE])
        .select_related("organisation", "market_role")
        .order_by("pk")
    )
    for q in qualifications:
        approvals_sync(qualification=q)
    signed_off = [q for q in qualifications if q.status == "signed_off"]
    for q in [q for q in qualifications if q.status in DONE]:
        _approve_all(q, deciders, past)
    # Signed-off roles at each stage: DIP only ready; DIP approved and
    # scheduled; one deferred; one rejected; a finding and a defect pending.
    for index, q in enumerate(signed_off):
        step = index % 4
        try:
            if step == 0:
                continue
            _decide(q, "DIP", deciders, None, "approved")
            if step == 1 and "BSC" in q.market_role.approving_bodies:
                agenda_add(
                    actor=secretariat, meeting=upcoming, approval=q.approvals.get(body="BSC")
                )
            if step == 2 and "BSC" in q.market_role.approving_bodies:
                _decide(q, "BSC", deciders, past, "deferred", minutes="More QT evidence needed")
            if step == 3 and "REC" in q.market_role.approving_bodies:
                _decide(q, "REC", deciders, None, "rejected", reason="Controls not evidenced")
        except ApplicationError:
            continue
    _findings_and_defects(signed_off)
    _reliance()
    _exemption()
    _market_exit()


def _decide(q, body, deciders, meeting, outcome, **extra):
    approval = q.approvals.get(body=body)
    if body == "BSC" and approval.status in ("ready", "deferred"):
        agenda_add(actor=deciders["BSC"], meeting=meeting, approval=approval)
    approval_decide(
        actor=deciders[body],
        approval=q.approvals.get(body=body),
        outcome=outcome,
        meeting=meeting if body == "BSC" else None,
        **extra,
    )


def _approve_all(q, deciders, meeting) -> None:
    for body in q.market_role.approving_bodies:
        approval = q.approvals.get(body=body)
        if approval.status in ("approved", "rejected"):
            continue
        try:
            _decide(q, body, deciders, meeting, "approved", minutes="Approved")
        except ApplicationError:
            # A joint LDSO/SMRA/UMSO group decided with an earlier sibling.
            continue


def _findings_and_defects(signed_off) -> None:
    reviewer = _user("rec.reviewer@rec.example")
    reviewed = 0
    for q in [q for q in signed_off if "REC" in q.market_role.approving_bodies][:2]:
        finding = finding_raise(
            actor=reviewer,
            qualification=q,
            body="REC",
            kind="finding",
            text="Operational controls for registration exceptions are not evidenced.",
        )
        contributor = q.organisation.memberships.filter(role="contributor").first()
        if contributor:
            finding_propose_plan(
                actor=contributor.user,
                finding=finding,
                action_plan="Add the exception LWI and control evidence by month end.",
            )
            defect = defect_record(
                actor=contributor.user,
                qualification=q,
                reference="QT-DEF-104",
                phase="QT",
                severity=3,
                summary="D0010 flow rejected for a leap-day read",
            )
            defect = defect_assess(
                actor=contributor.user, defect=defect, impact_assessment="Rare; manual fix"
            )
            plan = work_off_plan_propose(
                actor=contributor.user,
                defect=defect,
                plan="Patch in release 4.2",
                target_date=timezone.localdate() + timedelta(days=30),
            )
            if reviewed < 1:
                # Reviewed by the test manager: awaits the bodies' agreement.
                work_off_plan_review(actor=_user("test.manager@mhhsp.example"), plan=plan)
                reviewed += 1


def _reliance() -> None:
    sds = list(
        Qualification.objects.filter(market_role__code="SDS", allocation__isnull=False)
        .select_related("organisation", "allocation__cohort")
        .order_by("allocation__cohort__order", "pk")
    )
    if len(sds) < 2:
        return
    relied_on, reliant = sds[0], sds[-1]
    contributor = reliant.organisation.memberships.filter(role="contributor").first()
    if contributor is None:
        return
    # Refused when the cohorts are out of order: the demo then relies on a provider.
    try:
        reliance_propose(
            actor=contributor.user,
            qualification=reliant,
            relies_on=relied_on,
            scope=["functional", "non_functional"],
            rationale="Same data service platform and hosting as the relied-on party.",
        )
    except ApplicationError:
        reliance_propose(
            actor=contributor.user,
            qualification=reliant,
            provider_name="Gridline Data Services Ltd",
            scope=["functional"],
            rationale="Our data service runs on the provider's qualified platform.",
        )


def _member(organisation, role: str) -> User:
    return organisation.memberships.get(role=role).user


def _exemption() -> None:
    """A Supplier with an open QAD asks for the UMS exemption; its Director asserts."""
    for qad in Qad.objects.filter(qualifications__market_role__code="SUPPLIER").order_by("pk"):
        if qad.is_read_only:
            continue
        supplier = qad.qualifications.get(market_role__code="SUPPLIER")
        organisation = supplier.organisation
        qad_exemption_request(actor=_member(organisation, "admin"), qad=qad, scope="exemption_ums")
        exemption = exemption_request(
            actor=_member(organisation, "contributor"),
            qualification=supplier,
            segment="ums",
            no_meters_registered=True,
        )
        exemption_assert(actor=_member(organisation, "director"), exemption=exemption)
        return


def _market_exit() -> None:
    """A role with two MPIDs consolidates the second into the first."""
    seen, second = set(), None
    for mpid in Mpid.objects.select_related("organisation", "market_role").order_by("pk"):
        key = (mpid.organisation_id, mpid.market_role_id)
        if key in seen:
            second = mpid
            break
        seen.add(key)
    if second is None:
        return
    qualification = Qualification.objects.get(
        organisation=second.organisation, market_role=second.market_role
    )
    admin = _member(second.organisation, "admin")
    mpid_plan_set(actor=admin, qualification=qualification, mpid=second, plan="exit")
    today = timezone.localdate()
    market_exit_record(
        actor=admin,
        mpid=second,
        kind="consolidation",
        notice_given_on=today - timedelta(days=20),
        effective_on=today + timedelta(days=40),
        no_mpans=True,
    )
