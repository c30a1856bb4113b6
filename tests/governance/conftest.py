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
