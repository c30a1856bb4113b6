from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qad import services
from qad.models import Notification, SignOff
from qad.snapshot import sha256_hex
from qualification.models import Event, Qualification
from tests.factories import QualificationFactory, market_role, member

from .conftest import PDF_BYTES, complete_and_accept, fresh, ledger, section_of


def test_director_signs_and_the_snapshot_is_frozen_with_its_hash(final_accepted_qad, director_a):
    record = services.qad_sign_off(
        actor=director_a, qad=final_accepted_qad, reauthenticated_at=timezone.now()
    )
    assert record.sha256 == sha256_hex(record.snapshot)
    assert '"declaration_version":"2026.1"' in record.snapshot
    assert fresh(final_accepted_qad).stage == "signed_off"
    assert Qualification.objects.get().status == "signed_off"
    assert Event.objects.filter(kind="qad_signed_off").count() == 1
    assert Event.objects.filter(kind="qad_sign_off_recorded").count() == 1
    assert fresh(final_accepted_qad).history.first().history_user == director_a


def test_a_signed_qad_is_read_only(final_accepted_qad, director_a, contributor_a):
    services.qad_sign_off(
        actor=director_a, qad=final_accepted_qad, reauthenticated_at=timezone.now()
    )
    people = section_of(final_accepted_qad, "people")
    question = people.template_section.questions.get(key="structure")
    with pytest.raises(IllegalTransition):
        services.answer_save(actor=contributor_a, section=people, question=question, value="x")


def test_directors_hear_when_the_final_qad_is_ready(
    qad_a, contributor_a, director_a, reviewers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complete_and_accept(qad_a, contributor_a, reviewers)
    assert (
        Notification.objects.filter(recipient=director_a, text__contains="ready to sign").count()
        == 1
    )
    assert Event.objects.filter(kind="qad_ready_to_sign").count() == 1


def test_sign_off_refused_until_every_section_is_accepted(qad_a, director_a):
    events = ledger()
    with pytest.raises(IllegalTransition):
        services.qad_sign_off(actor=director_a, qad=qad_a, reauthenticated_at=timezone.now())
    assert fresh(qad_a).stage == "initial" and ledger() == events and not SignOff.objects.exists()


@pytest.mark.parametrize("who", ["admin", "contributor", "reviewer", "other_org_director"])
def test_only_a_director_signs(
    final_accepted_qad, admin_a, contributor_a, bsc_reviewer, org_b, who
):
    actor = {
        "admin": admin_a,
        "contributor": contributor_a,
        "reviewer": bsc_reviewer,
        "other_org_director": member(org_b, "director", email="d@bravo.test"),
    }[who]
    events = ledger()
    with pytest.raises(NotPermitted):
        services.qad_sign_off(
            actor=actor, qad=final_accepted_qad, reauthenticated_at=timezone.now()
        )
    assert fresh(final_accepted_qad).stage == "final" and ledger() == events


@pytest.mark.parametrize("minutes_ago", [None, 6])
def test_the_password_must_be_confirmed_within_five_minutes(
    final_accepted_qad, director_a, minutes_ago
):
    when = None if minutes_ago is None else timezone.now() - timedelta(minutes=minutes_ago)
    with pytest.raises(NotPermitted) as refused:
        services.qad_sign_off(actor=director_a, qad=final_accepted_qad, reauthenticated_at=when)
    assert refused.value.code == "reauthentication_required"


def test_an_old_declaration_is_refused(final_accepted_qad, director_a):
    with pytest.raises(ValidationFailed):
        services.qad_sign_off(
            actor=director_a,
            qad=final_accepted_qad,
            reauthenticated_at=timezone.now(),
            declaration_version="2025.0",
        )


def _delegate(org, director):
    delegate = member(org, "contributor", email="delegate@alpha.test")
    services.delegation_record(
        actor=director,
        organisation=org,
        delegate=delegate,
        letter=SimpleUploadedFile("loda.pdf", PDF_BYTES),
    )
    return delegate


def test_a_delegate_may_not_sign_for_a_bsc_role(final_accepted_qad, director_a, org_a):
    delegate = _delegate(org_a, director_a)
    with pytest.raises(NotPermitted):
        services.qad_sign_off(
            actor=delegate, qad=final_accepted_qad, reauthenticated_at=timezone.now()
        )


def test_a_delegate_signs_when_every_role_is_rec_only(
    org_a, admin_a, director_a, test_manager, contributor_a, reviewers
):
    from qualification.services import qualification_transition

    q = QualificationFactory(organisation=org_a, market_role=market_role("MEM_SMART"))
    for step in ("start_preparation", "enter_testing"):
        q = qualification_transition(actor=test_manager, qualification=q, transition=step)
    qad = services.qad_create(actor=admin_a, organisation=org_a, qualifications=[q])
    complete_and_accept(qad, contributor_a, reviewers)
    delegate = _delegate(org_a, director_a)
    record = services.qad_sign_off(actor=delegate, qad=qad, reauthenticated_at=timezone.now())
    assert record.signed_as == "delegate"
    assert Qualification.objects.get(pk=q.pk).status == "signed_off"
