import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qad import services
from qad.models import QadSection
from tests.factories import QualificationFactory, market_role

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf(name="report.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.fixture
def supplier_in_testing(org_a, test_manager):
    from qualification.services import qualification_transition

    q = QualificationFactory(organisation=org_a, market_role=market_role("SUPPLIER"))
    for step in ("start_preparation", "enter_testing"):
        q = qualification_transition(actor=test_manager, qualification=q, transition=step)
    return q


@pytest.fixture
def qad_a(admin_a, supplier_in_testing):
    return services.qad_create(
        actor=admin_a,
        organisation=supplier_in_testing.organisation,
        qualifications=[supplier_in_testing],
    )


def section_of(qad, key, role=None) -> QadSection:
    sections = qad.sections.filter(template_section__key=key)
    if role:
        sections = sections.filter(market_role__code=role)
    return sections.get()


def answer_all(actor, section):
    """Answer every question of a section validly (files get a small PDF)."""
    for question in section.template_section.questions.all():
        if question.type == "file":
            if not question.marks_final:
                services.evidence_upload(
                    actor=actor, section=section, question=question, upload=pdf()
                )
            continue
        value = {
            "text": "Answer",
            "yes_no": "no",
            "single_choice": (question.choices or ["x"])[0],
            "multiple_choice": question.choices[:1],
            "date": "2026-03-31",
            "external_ref": {"reference": "ADO-123", "url": "https://ado.example/123"},
        }[question.type]
        services.answer_save(actor=actor, section=section, question=question, value=value)


def accept_all(section, reviewers):
    section = QadSection.objects.get(pk=section.pk)
    for review in section.reviews.all():
        services.section_review(actor=reviewers[review.body], section=section, verdict="accept")


@pytest.fixture
def dip_reviewer(db):
    from tests.factories import staff

    return staff("reviewer", "DIP", email="reviewer@dip.test")


@pytest.fixture
def reviewers(bsc_reviewer, rec_reviewer, dip_reviewer):
    return {"BSC": bsc_reviewer, "REC": rec_reviewer, "DIP": dip_reviewer}


@pytest.fixture
def people_section(qad_a):
    return section_of(qad_a, "people")


@pytest.fixture
def submitted_section(people_section, contributor_a):
    answer_all(contributor_a, people_section)
    return services.section_submit(actor=contributor_a, section=people_section)


def fresh(obj):
    """Re-read a row (protected FSM fields cannot be refreshed in place)."""
    return type(obj).objects.get(pk=obj.pk)


def ledger():
    from qualification.models import Event

    return list(Event.objects.values_list("kind", flat=True))


def complete_and_accept(qad, contributor, reviewers):
    """Upload the test completion report, answer and submit every section, accept them all."""
    for section in qad.sections.all():
        if section.template_section.key == "test_completion":
            report = section.template_section.questions.get(marks_final=True)
            services.evidence_upload(
                actor=contributor, section=section, question=report, upload=pdf()
            )
        answer_all(contributor, section)
        services.section_submit(actor=contributor, section=section)
        accept_all(section, reviewers)
    return fresh(qad)


@pytest.fixture
def final_accepted_qad(qad_a, contributor_a, reviewers):
    """qad_a re-versioned as Final with every section accepted by every body."""
    return complete_and_accept(qad_a, contributor_a, reviewers)
