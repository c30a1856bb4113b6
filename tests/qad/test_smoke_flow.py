"""The whole journey through services: create, answer, submit, review, Final, sign off."""

from django.utils import timezone

from qad import services
from qad.models import Qad, QadSection, QadStage
from qualification.models import Event, Qualification
from tests.factories import staff

from .conftest import accept_all, answer_all, pdf, section_of


def test_journey(qad_a, admin_a, contributor_a, director_a, bsc_reviewer, rec_reviewer):
    dip = staff("reviewer", "DIP", email="reviewer@dip.test")
    reviewers = {"BSC": bsc_reviewer, "REC": rec_reviewer, "DIP": dip}
    sections = list(qad_a.sections.all())
    for section in sections:
        if section.template_section.key == "test_completion":
            continue
        answer_all(contributor_a, section)
        services.section_submit(actor=contributor_a, section=section)
    assert Event.objects.filter(kind="initial_qad_submitted").count() == 1
    for section in sections:
        if section.template_section.key != "test_completion":
            accept_all(section, reviewers)
    tcs = section_of(qad_a, "test_completion")
    report = tcs.template_section.questions.get(marks_final=True)
    services.evidence_upload(actor=contributor_a, section=tcs, question=report, upload=pdf())
    qad = Qad.objects.get(pk=qad_a.pk)
    assert qad.stage == QadStage.FINAL and qad.version == 2
    assert Qualification.objects.get().status == "final_qad"
    answer_all(contributor_a, tcs)
    services.section_submit(actor=contributor_a, section=tcs)
    accept_all(tcs, reviewers)
    assert all(s.status == "accepted" for s in QadSection.objects.filter(qad=qad))
    record = services.qad_sign_off(actor=director_a, qad=qad, reauthenticated_at=timezone.now())
    assert len(record.sha256) == 64
    assert Qad.objects.get(pk=qad.pk).stage == QadStage.SIGNED_OFF
    assert Qualification.objects.get().status == "signed_off"
