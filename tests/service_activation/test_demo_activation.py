import pytest
from django.core.management import call_command

from qualification.models import Event
from service_activation.models import ActivationTicket, DipOnboarding, ServiceActivation

pytestmark = pytest.mark.django_db


def _counts():
    return (
        ServiceActivation.objects.count(),
        ActivationTicket.objects.count(),
        DipOnboarding.objects.count(),
        Event.objects.count(),
    )


def test_the_demo_has_activations_at_several_steps_once(django_capture_on_commit_callbacks):
    # The after-commit receivers run too: they find the demo's activations open.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", password="a-demo-password-1")
    first = _counts()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", password="a-demo-password-1")

    assert _counts() == first
    statuses = set(ServiceActivation.objects.values_list("status", flat=True))
    assert {"awaiting_plan", "efd_agreed", "promoted_to_production", "live"} <= statuses
    live = ServiceActivation.objects.filter(status="live")
    assert {a.qualification.status for a in live} == {"active"}
    blocked = ActivationTicket.objects.get(blocking=True, status="open")
    assert blocked.step == blocked.activation.status
    stages = {o.completed_on is not None for o in DipOnboarding.objects.all()}
    assert stages == {True, False}
