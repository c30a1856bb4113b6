"""Demo QADs at every stage, consistent with each organisation's qualification
status, made through the QAD services so history, events and hashes are real.

registered: no QAD yet; preparing: Initial QAD in progress; in_testing:
Initial QAD under review with changes requested; final_qad: Final QAD under
review; signed_off and later: Final QAD signed off.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from qad import services
from qad.models import Qad, QadSection, QuestionType
from qualification.models import Membership, Organisation, User

DEMO_PDF = b"%PDF-1.4\n% demo evidence\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SIGNED = {"signed_off", "qualified", "active"}
REVIEWERS = {
    "BSC": "bsc.reviewer@elexon.example",
    "REC": "rec.reviewer@rec.example",
    "DIP": "dip.reviewer@dip.example",
}
ANSWERS = {
    QuestionType.TEXT: "Documented in our MHHS service design v2.1, section 4; owned by the "
    "Head of Settlement Operations and reviewed monthly by the MHHS steering group.",
    QuestionType.YES_NO: "no",
    QuestionType.DATE: "2026-03-31",
    QuestionType.EXTERNAL_REF: {"reference": "ADO-48213", "url": "https://ado.example/48213"},
}


def _answer(value_for, people, section: QadSection, *, partial: bool = False) -> None:
    questions = list(section.template_section.questions.all())
    for question in questions[:2] if partial else questions:
        if question.type == QuestionType.FILE:
            if not question.marks_final:
                services.evidence_upload(
                    actor=people["contributor"],
                    section=section,
                    question=question,
                    upload=SimpleUploadedFile(f"{question.key}.pdf", DEMO_PDF),
                )
            continue
        services.answer_save(
            actor=people["contributor"],
            section=section,
            question=question,
            value=value_for(question),
        )


def _value(question):
    if question.type == QuestionType.SINGLE_CHOICE:
        return question.choices[0]
    if question.type == QuestionType.MULTIPLE_CHOICE:
        return question.choices[:1]
    return ANSWERS[question.type]


def _submit_and_accept(people, reviewers, section: QadSection, *, accept: bool = True) -> None:
    _answer(_value, people, section)
    services.section_submit(actor=people["contributor"], section=section)
    if accept:
        section = QadSection.objects.get(pk=section.pk)
        for review in section.reviews.all():
            services.section_review(actor=reviewers[review.body], section=section, verdict="accept")


def _upload_report(people, qad: Qad) -> QadSection:
    section = qad.sections.get(template_section__key="test_completion")
    report = section.template_section.questions.get(marks_final=True)
    services.evidence_upload(
        actor=people["contributor"],
        section=section,
        question=report,
        upload=SimpleUploadedFile("test-completion-report.pdf", DEMO_PDF),
    )
    return section


def build_qad(organisation: Organisation, people: dict, reviewers: dict) -> Qad | None:
    qualifications = list(organisation.qualifications.select_related("market_role"))
    status = qualifications[0].status if qualifications else "registered"
    if status in {"registered", "withdrawn", "surrendered"}:
        return None
    qad = services.qad_create(
        actor=people["admin"], organisation=organisation, qualifications=qualifications
    )
    initial = [s for s in qad.sections.all() if s.template_section.required_for_initial]
    if status == "preparing":
        _answer(_value, people, initial[0], partial=True)
        _submit_and_accept(people, reviewers, initial[1], accept=False)
        return qad
    for index, section in enumerate(initial):
        _submit_and_accept(people, reviewers, section, accept=index % 3 != 1)
    if status == "in_testing":
        _request_changes(people, reviewers, initial[1])
        return qad
    for section in initial[1::3]:
        _accept_pending(reviewers, section)
    completion = _upload_report(people, qad)
    _submit_and_accept(people, reviewers, completion, accept=status in SIGNED)
    if status in SIGNED:
        services.qad_sign_off(actor=people["director"], qad=qad, reauthenticated_at=timezone.now())
    return qad


def _request_changes(people, reviewers, section: QadSection) -> None:
    section = QadSection.objects.get(pk=section.pk)
    review = section.reviews.order_by("body").first()
    services.section_review(
        actor=reviewers[review.body],
        section=section,
        verdict="request_changes",
        comment="Please name the accountable roles and attach the current organisation chart.",
    )
    services.comment_add(
        actor=people["contributor"],
        section=section,
        text="Thanks: we will attach the chart approved at our March board.",
    )


def _accept_pending(reviewers, section: QadSection) -> None:
    section = QadSection.objects.get(pk=section.pk)
    for review in section.reviews.filter(status="pending"):
        services.section_review(actor=reviewers[review.body], section=section, verdict="accept")


def build_qads(organisation_names) -> None:
    """Give each named demo organisation without a QAD one that matches its status."""
    reviewers = {body: User.objects.get(email=email) for body, email in REVIEWERS.items()}
    organisations = Organisation.objects.filter(name__in=list(organisation_names)).exclude(
        qads__isnull=False
    )
    # One transaction, outside build_core's: the demo QADs are built whole or
    # not at all, and their notifications are delivered at its commit, still
    # inside this block, where e-mail to the fictional people goes nowhere.
    dummy_mail = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    with dummy_mail, transaction.atomic():
        for organisation in organisations:
            _build_for(organisation, reviewers)


def _build_for(organisation: Organisation, reviewers: dict) -> None:
    people = {
        m.role: m.user
        for m in Membership.objects.filter(organisation=organisation).select_related("user")
    }
    build_qad(organisation, people, reviewers)
