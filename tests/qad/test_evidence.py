import io
import zipfile

import pytest

from mhhs_portal.exceptions import ValidationFailed
from qad import services
from qad.models import EvidenceRevision

from .conftest import PDF_BYTES, PNG_BYTES, fresh, ledger, pdf, upload


@pytest.fixture
def chart(people_section):
    return people_section.template_section.questions.get(key="structure_chart")


def _zip(entries: dict, content_types: bytes | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if content_types is not None:
            archive.writestr("[Content_Types].xml", content_types)
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX_TYPES = (
    b'<Types><Override ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("report.pdf", PDF_BYTES, "application/pdf"),
        ("chart.png", PNG_BYTES, "image/png"),
        ("photo.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
        ("defects.csv", "id,severity\n1,3\n£,4\n".encode(), "text/csv"),
        ("design.docx", _zip({"word/document.xml": b"<w/>"}, DOCX_TYPES), "wordprocessingml"),
        ("bundle.zip", _zip({"a.txt": b"a"}), "application/zip"),
    ],
)
def test_accepted_types_are_detected_from_content(
    people_section, chart, contributor_a, name, content, content_type
):
    revision = services.evidence_upload(
        actor=contributor_a, section=people_section, question=chart, upload=upload(name, content)
    )
    assert content_type in revision.content_type
    assert len(revision.sha256) == 64 and revision.size == len(content)


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("report.pdf", PNG_BYTES, "file_type_mismatch"),
        ("chart.png", PDF_BYTES, "file_type_mismatch"),
        ("design.docx", _zip({"a.txt": b"a"}), "file_type_mismatch"),
        ("tool.exe", b"MZ\x90\x00", "invalid_file"),
        ("renamed.pdf", b"MZ\x90\x00\x03\x00\x00\x00", "file_type_unknown"),
        ("empty.pdf", b"", "invalid_file"),
    ],
)
def test_mistyped_renamed_and_empty_files_are_refused(
    people_section, chart, contributor_a, name, content, code
):
    events = ledger()
    with pytest.raises(ValidationFailed) as refused:
        services.evidence_upload(
            actor=contributor_a,
            section=people_section,
            question=chart,
            upload=upload(name, content),
        )
    assert refused.value.code == code and refused.value.errors["file"]
    assert not EvidenceRevision.objects.exists() and ledger() == events
    assert fresh(people_section).status == "not_started"


def test_mismatch_message_names_both_types(people_section, chart, contributor_a):
    with pytest.raises(ValidationFailed) as refused:
        services.evidence_upload(
            actor=contributor_a,
            section=people_section,
            question=chart,
            upload=upload("a.pdf", PNG_BYTES),
        )
    assert ".pdf" in refused.value.message and "PNG" in refused.value.message


def test_oversized_file_is_refused(people_section, chart, contributor_a, settings):
    settings.QAD_EVIDENCE_MAX_BYTES = 10
    with pytest.raises(ValidationFailed) as refused:
        services.evidence_upload(
            actor=contributor_a, section=people_section, question=chart, upload=pdf()
        )
    assert refused.value.code == "file_too_large"


def test_zip_caps(people_section, chart, contributor_a, settings):
    settings.QAD_ZIP_MAX_ENTRIES = 2
    many = _zip({f"{n}.txt": b"x" for n in range(3)})
    with pytest.raises(ValidationFailed):
        services.evidence_upload(
            actor=contributor_a,
            section=people_section,
            question=chart,
            upload=upload("a.zip", many),
        )
    settings.QAD_ZIP_MAX_ENTRIES = 100
    settings.QAD_ZIP_MAX_UNCOMPRESSED_BYTES = 1000
    bomb = _zip({"big.txt": b"0" * 100_000})
    with pytest.raises(ValidationFailed):
        services.evidence_upload(
            actor=contributor_a,
            section=people_section,
            question=chart,
            upload=upload("b.zip", bomb),
        )


def test_a_new_upload_is_a_new_revision_and_the_old_one_is_kept(
    people_section, chart, contributor_a
):
    first = services.evidence_upload(
        actor=contributor_a, section=people_section, question=chart, upload=pdf()
    )
    second = services.evidence_upload(
        actor=contributor_a,
        section=people_section,
        question=chart,
        upload=upload("c.png", PNG_BYTES),
    )
    assert (first.number, second.number) == (1, 2)
    assert first.evidence_id == second.evidence_id
    assert EvidenceRevision.objects.count() == 2 and first.sha256 != second.sha256
    assert fresh(people_section).status == "in_progress"


def test_a_non_file_question_takes_no_file(people_section, contributor_a):
    question = people_section.template_section.questions.get(key="structure")
    with pytest.raises(ValidationFailed):
        services.evidence_upload(
            actor=contributor_a, section=people_section, question=question, upload=pdf()
        )
