"""The demo stands on a mid-programme day and shows every deadline status."""

from datetime import date

import pytest

from mhhs_portal.demo.core import build_core
from qualification.models import Event
from waves.models import Deadline
from waves.rules import Status

pytestmark = pytest.mark.django_db


def test_demo_shows_every_status_once_loaded_twice(settings):
    settings.DEMO_TODAY = date(2025, 10, 6)
    build_core("demo-password")
    assert set(Deadline.objects.values_list("status", flat=True)) == set(Status.values)
    assert not Deadline.objects.exclude(as_of=date(2025, 10, 6)).exists()
    events = Event.objects.count()
    build_core("demo-password")
    assert Event.objects.count() == events
