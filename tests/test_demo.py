from collections import Counter

import pytest
from django.core.management import call_command

from mhhs_portal.demo.population import COHORT_MIX, STAFF, demo_organisations
from qualification.models import Event, Membership, Mpid, Organisation, Qualification, User
from waves.models import Allocation

pytestmark = pytest.mark.django_db


def test_load_demo_builds_the_population_once_and_prints_working_logins(capsys):
    call_command("load_demo", password="a-demo-password-1")
    first = capsys.readouterr().out
    counts = (
        Organisation.objects.count(),
        Qualification.objects.count(),
        Mpid.objects.count(),
        User.objects.count(),
        Event.objects.count(),
    )

    call_command("load_demo", password="another-password-2")
    second = capsys.readouterr().out

    assert counts == (
        Organisation.objects.count(),
        Qualification.objects.count(),
        Mpid.objects.count(),
        User.objects.count(),
        Event.objects.count(),
    )
    assert "another-password-2" in second and "a-demo-password-1" in first
    for email, _, _ in STAFF:
        assert email in second
        assert User.objects.get(email=email).check_password("another-password-2")
    participant_logins = [line.split()[0] for line in second.splitlines() if "@" in line]
    assert all(
        User.objects.get(email=e).check_password("another-password-2") for e in participant_logins
    )


def test_demo_population_has_the_shape_of_the_real_one():
    call_command("load_demo", password="x-demo-password-3")
    specs = demo_organisations()
    assert Organisation.objects.count() == len(specs)
    pairs = set(Allocation.objects.values_list("qualification__organisation", "cohort__key"))
    per_cohort = Counter(cohort for _, cohort in pairs)
    expected = {key: sum(mix) for key, mix in COHORT_MIX.items()}
    assert dict(per_cohort) == expected
    assert (expected["wave_1"], expected["wave_2"], expected["wave_3"], expected["wave_4"]) == (
        17,
        14,
        19,
        10,
    )
    assert Organisation.objects.filter(participant_type="idno").exists()
    assert Organisation.objects.filter(participant_type="dno").exists()
    # Some organisations hold two MPIDs for one role (Appendix B pathways 3 and 6).
    holdings = set(Mpid.objects.values_list("organisation", "market_role"))
    assert len(holdings) < Mpid.objects.count()
    statuses = set(Qualification.objects.values_list("status", flat=True))
    assert {
        "registered",
        "preparing",
        "in_testing",
        "final_qad",
        "signed_off",
        "qualified",
        "active",
    } <= statuses
    for organisation in Organisation.objects.all():
        roles = set(
            Membership.objects.filter(organisation=organisation).values_list("role", flat=True)
        )
        assert {"admin", "director", "contributor"} <= roles
