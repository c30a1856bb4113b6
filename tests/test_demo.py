"""The demo, loaded twice as `make run` would: the shape of the real population,
every stage of every capability, and nothing created twice.

One test, because each load builds every QAD and activation through the real
services and takes most of a minute."""

from collections import Counter

import pytest
from django.core.management import call_command

from mhhs_portal.demo.population import COHORT_MIX, STAFF, demo_organisations
from qad.models import Qad
from qualification.models import Event, Membership, Mpid, Organisation, Qualification, User
from service_activation.models import ActivationTicket, DipOnboarding, ServiceActivation
from tests.security.history_check import actions_without_history
from waves.models import Allocation

pytestmark = pytest.mark.django_db


def counts():
    models = (
        Organisation,
        Qualification,
        Mpid,
        User,
        Event,
        Qad,
        ServiceActivation,
        ActivationTicket,
        DipOnboarding,
    )
    return {model.__name__: model.objects.count() for model in models}


def load(capture, password):
    # The after-commit receivers run too, as they do in `make run`.
    with capture(execute=True):
        call_command("load_demo", password=password)


def test_the_demo_loads_once_with_every_stage_and_working_logins(
    django_capture_on_commit_callbacks, capsys
):
    load(django_capture_on_commit_callbacks, "a-demo-password-1")
    first = counts()
    load(django_capture_on_commit_callbacks, "another-password-2")
    printed = capsys.readouterr().out

    assert counts() == first
    assert "another-password-2" in printed
    for email, _, _ in STAFF:
        assert email in printed
    logins = [line.split()[0] for line in printed.splitlines() if "@" in line]
    assert logins and all(
        User.objects.get(email=email).check_password("another-password-2") for email in logins
    )

    specs = demo_organisations()
    assert Organisation.objects.count() == len(specs)
    pairs = set(Allocation.objects.values_list("qualification__organisation", "cohort__key"))
    per_cohort = Counter(cohort for _, cohort in pairs)
    expected = {key: sum(mix) for key, mix in COHORT_MIX.items()}
    assert dict(per_cohort) == expected
    assert [expected[f"wave_{n}"] for n in (1, 2, 3, 4)] == [17, 14, 19, 10]
    assert Organisation.objects.filter(participant_type="idno").exists()
    assert Organisation.objects.filter(participant_type="dno").exists()
    # Some organisations hold two MPIDs for one role (Appendix B pathways 3 and 6).
    holdings = set(Mpid.objects.values_list("organisation", "market_role"))
    assert len(holdings) < Mpid.objects.count()
    statuses = set(Qualification.objects.values_list("status", flat=True))
    assert set(statuses) >= {
        "registered",
        "preparing",
        "in_testing",
        "final_qad",
        "signed_off",
        "qualified",
        "active",
    }
    for organisation in Organisation.objects.all():
        roles = set(
            Membership.objects.filter(organisation=organisation).values_list("role", flat=True)
        )
        assert {"admin", "director", "contributor"} <= roles

    assert set(Qad.objects.values_list("stage", flat=True)) >= {"initial", "final", "signed_off"}

    activations = set(ServiceActivation.objects.values_list("status", flat=True))
    assert {"awaiting_plan", "efd_agreed", "promoted_to_production", "live"} <= activations
    live = ServiceActivation.objects.filter(status="live")
    assert {a.qualification.status for a in live} == {"active"}
    blocked = ActivationTicket.objects.get(blocking=True, status="open")
    assert blocked.step == blocked.activation.status
    assert {o.completed_on is not None for o in DipOnboarding.objects.all()} == {True, False}

    # Governance: something to act on with every governance form.
    from governance.models import (
        Decision,
        Exemption,
        MarketExit,
        PabMeeting,
        RelianceProposal,
        WorkOffPlan,
    )

    assert set(Exemption.objects.values_list("status", flat=True)) == {"asserted"}
    assert {"proposed", "reviewed"} <= set(WorkOffPlan.objects.values_list("status", flat=True))
    assert RelianceProposal.objects.filter(status="proposed").exists()
    assert MarketExit.objects.filter(no_mpans_confirmed=True).exists()
    past = PabMeeting.objects.order_by("starts_at").first()
    assert {d.decided_at for d in Decision.objects.filter(meeting=past)} == {past.starts_at}

    from waves.deliverables.models import CheckpointReview, Deliverable, DeliverableStatus

    assert set(Deliverable.objects.values_list("status", flat=True)) == set(DeliverableStatus)
    assert set(CheckpointReview.objects.values_list("outcome", flat=True)) == {
        "passed",
        "not_on_track",
    }
    assert Deliverable.objects.filter(comments__isnull=False).exists()
    # Every action a demo person took left a history row naming them.
    assert not [(e.kind, e.id) for e in actions_without_history()][:20]
