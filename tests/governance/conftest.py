import pytest

from governance.services import approvals_sync
from tests.factories import OrganisationFactory, QualificationFactory, market_role, member, staff


@pytest.fixture
def deciders(db):
    return {
        "DIP": staff("approver", "DIP", email="dip.manager@dip.test"),
        "REC": staff("approver", "REC", email="rec.manager@rec.test"),
        "BSC": staff("pab_secretariat", email="secretariat@pab.test"),
    }


@pytest.fixture
def signed_off():
    """A signed-off qualification of the role with its approvals synced."""

    def make(role_code="SUPPLIER", organisation=None, status="signed_off"):
        organisation = organisation or OrganisationFactory()
        qualification = QualificationFactory(
            organisation=organisation, market_role=market_role(role_code), status=status
        )
        approvals_sync(qualification=qualification)
        return qualification

    return make


@pytest.fixture
def meeting(deciders):
    from django.utils import timezone

    from governance.services import meeting_create

    return meeting_create(actor=deciders["BSC"], title="BSC PAB 301", starts_at=timezone.now())


def approval_of(qualification, body):
    return qualification.approvals.get(body=body)


def director_of(organisation):
    return member(organisation, "director")


@pytest.fixture
def supplier(signed_off):
    """A signed-off Supplier whose QAD has both segment exemption sections."""
    from qad.services import qad_create, qad_exemption_request

    qualification = signed_off("SUPPLIER")
    admin = member(qualification.organisation, "admin")
    qad = qad_create(
        actor=admin, organisation=qualification.organisation, qualifications=[qualification]
    )
    for scope in ("exemption_ums", "exemption_smart"):
        qad_exemption_request(actor=admin, qad=qad, scope=scope)
    return qualification


@pytest.fixture
def past_meeting(deciders):
    from datetime import timedelta

    from django.utils import timezone

    from governance.services import meeting_create

    return meeting_create(
        actor=deciders["BSC"], title="BSC PAB 300", starts_at=timezone.now() - timedelta(days=9)
    )


def history_reasons(row) -> list:
    return list(row.history.order_by("history_id").values_list("history_change_reason", flat=True))


def event_kinds(qualification) -> list[str]:
    from qualification.models import Event

    return list(Event.objects.filter(qualification=qualification).values_list("kind", flat=True))
