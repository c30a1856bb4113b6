"""Rows the integration tests build on: an organisation with a QAD under review."""

from dataclasses import dataclass

from qad import services as qad_services
from qad.models import Qad, QadSection
from qualification.models import Organisation, User
from qualification.services import qualification_transition
from tests.factories import OrganisationFactory, QualificationFactory, market_role, member, staff
from tests.qad.conftest import answer_all, section_of


@dataclass
class QadUnderReview:
    organisation: Organisation
    contributor: User
    reviewers: dict[str, User]
    qad: Qad
    section: QadSection  # "people", answered (evidence uploaded) and submitted


def qad_under_review(tag: str) -> QadUnderReview:
    organisation = OrganisationFactory()
    admin = member(organisation, "admin", email=f"admin@{tag}.test")
    contributor = member(organisation, "contributor", email=f"contributor@{tag}.test")
    manager = staff("test_manager", email=f"manager@{tag}.test")
    reviewers = {
        body: staff("reviewer", body, email=f"{body.lower()}@{tag}.test")
        for body in ("BSC", "REC", "DIP")
    }
    q = QualificationFactory(organisation=organisation, market_role=market_role("SUPPLIER"))
    for step in ("start_preparation", "enter_testing"):
        q = qualification_transition(actor=manager, qualification=q, transition=step)
    qad = qad_services.qad_create(actor=admin, organisation=organisation, qualifications=[q])
    section = section_of(qad, "people")
    answer_all(contributor, section)
    section = qad_services.section_submit(actor=contributor, section=section)
    return QadUnderReview(organisation, contributor, reviewers, qad, section)
