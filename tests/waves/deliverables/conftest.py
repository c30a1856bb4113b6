from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qualification.models import Qualification
from qualification.transitions import transition_apply
from tests.factories import QualificationFactory, allocate, market_role, member, staff
from waves.deliverables.models import CohortTestManager
from waves.deliverables.services import deliverables_sync
from waves.models import Cohort


def pdf(name: str = "plan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "application/pdf")


def cohort(key: str) -> Cohort:
    return Cohort.objects.get(key=key)


def cohort_manager(*keys: str, **user_fields):
    user = staff("test_manager", **user_fields)
    for key in keys:
        CohortTestManager.objects.create(user=user, cohort=cohort(key))
    return user


def allocated(key: str, role: str = "SUPPLIER", organisation=None) -> Qualification:
    extra = {"organisation": organisation} if organisation else {}
    qualification = QualificationFactory(market_role=market_role(role), **extra)
    allocate(qualification, key)
    deliverables_sync(qualification=qualification)
    return qualification


def start_preparation(qualification: Qualification) -> None:
    transition_apply(
        instance=qualification,
        transition="start_preparation",
        actor=None,
        allowed=lambda q: True,
        event_kind="preparation_started",
        reason="test set-up",
        event_target=lambda q: {"qualification": q},
    )


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def wave1(db):
    """A supplier in QT Wave 1 with its contributor, the wave's test manager,
    a BSC reviewer, and people who may not act."""
    qualification = allocated("wave_1")
    start_preparation(qualification)
    qualification.refresh_from_db()
    return SimpleNamespace(
        q=qualification,
        contributor=member(qualification.organisation, "contributor"),
        viewer=member(qualification.organisation, "viewer"),
        tm=cohort_manager("wave_1"),
        other_tm=cohort_manager("ldso_m10"),
        bsc=staff("reviewer", "BSC"),
        rec=staff("reviewer", "REC"),
        programme=staff("programme_viewer"),
        outsider=member(QualificationFactory().organisation, "admin"),
    )
