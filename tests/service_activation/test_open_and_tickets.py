"""Opening on qualification, tickets and the blocking gate, notifications."""

import pytest
from django.core import mail

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qualification.models import Event
from qualification.services import qualification_transition
from service_activation.models import ServiceActivation, TicketStatus
from service_activation.services import activation_open
from service_activation.tickets import ticket_raise, ticket_resolve
from tests.factories import QualificationFactory, staff

from .conftest import at_state, do_step

pytestmark = pytest.mark.django_db

NOT_QUALIFIED = [
    "registered",
    "preparing",
    "in_testing",
    "final_qad",
    "signed_off",
    "active",
    "withdrawn",
    "surrendered",
]


@pytest.mark.parametrize("status", NOT_QUALIFIED)
def test_activation_does_not_open_before_the_role_is_qualified(status, org_a):
    qualification = QualificationFactory(organisation=org_a, status=status)

    with pytest.raises(IllegalTransition) as caught:
        activation_open(qualification=qualification)

    assert caught.value.code == "activation.not_qualified"
    assert not ServiceActivation.objects.exists()
    assert not Event.objects.filter(kind="activation_opened").exists()


def test_opening_twice_gives_the_same_activation_and_one_event(qualified_a):
    first = activation_open(qualification=qualified_a)
    second = activation_open(qualification=qualified_a)

    assert first.pk == second.pk and first.status == "awaiting_plan"
    assert Event.objects.filter(kind="activation_opened").count() == 1


def test_the_qualified_event_opens_the_activation_after_commit(
    org_a, admin_a, django_capture_on_commit_callbacks
):
    qualification = QualificationFactory(organisation=org_a, status="signed_off")
    approver = staff("approver", "BSC", email="approver@bsc.test")

    with django_capture_on_commit_callbacks(execute=True):
        qualification_transition(
            actor=approver, qualification=qualification, transition="mark_qualified"
        )

    activation = ServiceActivation.objects.get(qualification=qualification)
    assert activation.history.latest().history_user == approver
    # The organisation is told, once the opening commits.
    assert [m.subject for m in mail.outbox] == [
        "Service activation, Supplier: Service activation opened"
    ]
    assert mail.outbox[0].to == [admin_a.email]


def test_no_activation_opens_on_earlier_lifecycle_events(
    org_a, director_a, django_capture_on_commit_callbacks
):
    qualification = QualificationFactory(organisation=org_a, status="final_qad")

    with django_capture_on_commit_callbacks(execute=True):
        qualification_transition(
            actor=director_a, qualification=qualification, transition="mark_signed_off"
        )

    assert not ServiceActivation.objects.exists()


def test_each_step_e_mails_the_organisation(
    activation_a, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        do_step(activation_a, "migration_plan_agreed", people)

    assert len(mail.outbox) == 1
    assert "Migration plan agreed" in mail.outbox[0].subject
    assert mail.outbox[0].to == [people["participant"].email]


def test_the_participant_raises_a_ticket_against_the_current_step(activation_a, contributor_a):
    ticket = ticket_raise(actor=contributor_a, activation=activation_a, description="No plan yet")

    assert ticket.step == "awaiting_plan" and ticket.status == TicketStatus.OPEN
    assert ticket.reference == f"SA-{activation_a.pk:04d}-01"
    assert ticket.raised_by == contributor_a
    assert Event.objects.filter(kind="activation_ticket_raised").count() == 1


@pytest.mark.parametrize("who", ["viewer", "outsider"])
def test_viewers_and_other_organisations_cannot_raise_tickets(who, activation_a, viewer_a, admin_b):
    actor = {"viewer": viewer_a, "outsider": admin_b}[who]
    with pytest.raises(NotPermitted):
        ticket_raise(actor=actor, activation=activation_a, description="x")
    assert not activation_a.tickets.exists()


def test_a_ticket_needs_a_description_and_a_fresh_reference(activation_a, team):
    with pytest.raises(ValidationFailed):
        ticket_raise(actor=team, activation=activation_a, description="  ")
    ticket_raise(actor=team, activation=activation_a, description="a", reference="ESD-1")
    with pytest.raises(ValidationFailed) as caught:
        ticket_raise(actor=team, activation=activation_a, description="b", reference="ESD-1")
    assert "reference" in caught.value.errors


def test_a_blocking_ticket_on_the_current_step_stops_the_next_step(activation_a, people, admin_a):
    ticket = ticket_raise(
        actor=admin_a, activation=activation_a, description="Plan disputed", blocking=True
    )

    with pytest.raises(IllegalTransition) as caught:
        do_step(activation_a, "migration_plan_agreed", people)
    assert caught.value.code == "activation.blocking_ticket_open"
    assert ServiceActivation.objects.get(pk=activation_a.pk).status == "awaiting_plan"

    ticket_resolve(actor=people["team"], ticket=ticket, resolution="Agreed on a call")
    assert do_step(activation_a, "migration_plan_agreed", people).status == "migration_plan_agreed"


def test_non_blocking_and_other_step_tickets_do_not_block(qualified_a, people, admin_a):
    activation = at_state(qualified_a, "isd_imported")
    ticket_raise(actor=admin_a, activation=activation, description="slow", blocking=False)
    ticket_raise(
        actor=admin_a, activation=activation, description="old", blocking=True, step="triggered"
    )

    assert do_step(activation, "live", people).status == "live"


def test_no_ticket_is_raised_on_a_live_activation(qualified_a, admin_a):
    activation = at_state(qualified_a, "live")
    with pytest.raises(IllegalTransition):
        ticket_raise(actor=admin_a, activation=activation, description="x")


def test_only_the_team_resolves_a_ticket_and_only_once(activation_a, admin_a, team, dip_manager):
    ticket = ticket_raise(actor=admin_a, activation=activation_a, description="x", blocking=True)
    for actor in (admin_a, dip_manager):
        with pytest.raises(NotPermitted):
            ticket_resolve(actor=actor, ticket=ticket)

    resolved = ticket_resolve(actor=team, ticket=ticket, resolution="done")
    assert resolved.status == "resolved" and resolved.resolved_by == team
    assert resolved.history.latest().history_change_reason == "resolved"

    with pytest.raises(IllegalTransition):
        ticket_resolve(actor=team, ticket=ticket)
