"""Who may act on a deliverable. Pure reads of duties, bodies and the cohorts a
test manager manages; shared by services (may they?) and pages (show the button?)."""

from qualification.models import Duty
from qualification.permissions import actor_for

from .kinds import CODE_BODY_PIT_ROUTES
from .models import CohortTestManager


def manages_cohort(actor, cohort_id: int) -> bool:
    a = actor_for(actor)
    if not a.has_duty(Duty.TEST_MANAGER):
        return False
    return CohortTestManager.objects.filter(user_id=a.user.pk, cohort_id=cohort_id).exists()


def managed_cohort_ids(actor) -> set[int]:
    a = actor_for(actor)
    if not a.has_duty(Duty.TEST_MANAGER):
        return set()
    return set(
        CohortTestManager.objects.filter(user_id=a.user.pk).values_list("cohort_id", flat=True)
    )


def code_body_for(actor, deliverable) -> bool:
    """A reviewer or approver of a body that approves the role, on a route whose
    PIT the Code Bodies validate (QA&P §10.5.1)."""
    if deliverable.cohort.route not in CODE_BODY_PIT_ROUTES:
        return False
    approving = set(deliverable.qualification.market_role.approving_bodies)
    return bool(actor_for(actor).bodies & approving)


def participant_of(actor, deliverable) -> bool:
    return actor_for(actor).can_contribute(deliverable.qualification.organisation_id)
