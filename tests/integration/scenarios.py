"""What the integration tests build on: an organisation with a QAD under review,
and a race of threads pressing the same button."""

import threading
from dataclasses import dataclass

from django.db import connections

from mhhs_portal.exceptions import ApplicationError
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
    organisation = OrganisationFactory(name=f"Participant {tag}", slug=f"participant-{tag}")
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


def race(action, threads: int = 10) -> tuple[list, list[ApplicationError]]:
    """Run `action` in `threads` threads released at once; (results, domain errors)."""
    start = threading.Barrier(threads)
    results, errors, unexpected = [], [], []
    lock = threading.Lock()

    def run():
        try:
            start.wait(timeout=10)
            outcome = action()
            with lock:
                results.append(outcome)
        except ApplicationError as exc:
            with lock:
                errors.append(exc)
        except Exception as exc:
            with lock:
                unexpected.append(exc)
        finally:
            # An open session would block the table flush after the test.
            connections.close_all()

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert not any(w.is_alive() for w in workers), "a thread is still waiting on a lock"
    assert not unexpected, unexpected
    return results, errors
