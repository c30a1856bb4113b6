import pytest

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qad import services
from qad.models import Answer

from .conftest import fresh, section_of


def _q(section, key):
    return section.template_section.questions.get(key=key)


@pytest.mark.parametrize(
    ("section_key", "key", "value", "stored"),
    [
        ("people", "structure", " Board  ", "Board"),
        ("external_resources", "uses_third_parties", "yes", True),
        (
            "information_security",
            "accreditation",
            ["Cyber Essentials", "ISO/IEC 27001"],
            ["ISO/IEC 27001", "Cyber Essentials"],
        ),
        ("information_security", "accreditation_expiry", "2027-01-31", "2027-01-31"),
        (
            "pit_evidence",
            "pit_tool_ref",
            {"reference": "ADO-1", "url": "https://ado/1"},
            {"reference": "ADO-1", "url": "https://ado/1"},
        ),
    ],
)
def test_answers_are_validated_and_normalised(
    qad_a, contributor_a, section_key, key, value, stored
):
    section = section_of(qad_a, section_key)
    answer = services.answer_save(
        actor=contributor_a, section=section, question=_q(section, key), value=value
    )
    assert answer.value == stored
    assert fresh(section).status == "in_progress"
    assert answer.history.first().history_user == contributor_a


@pytest.mark.parametrize(
    ("section_key", "key", "value"),
    [
        ("external_resources", "uses_third_parties", "maybe"),
        ("information_security", "accreditation", ["Made up"]),
        ("information_security", "accreditation_expiry", "2027-02-30"),
        ("pit_evidence", "pit_tool_ref", {"reference": "x", "url": "javascript:alert(1)"}),
    ],
)
def test_bad_answers_are_refused(qad_a, contributor_a, section_key, key, value):
    section = section_of(qad_a, section_key)
    with pytest.raises(ValidationFailed) as refused:
        services.answer_save(
            actor=contributor_a, section=section, question=_q(section, key), value=value
        )
    assert key in refused.value.errors
    assert not Answer.objects.exists() and fresh(section).status == "not_started"


def test_a_question_of_another_section_is_refused(qad_a, contributor_a):
    people = section_of(qad_a, "people")
    other = _q(section_of(qad_a, "change_risk"), "bcdr")
    with pytest.raises(ValidationFailed):
        services.answer_save(actor=contributor_a, section=people, question=other, value="x")


def test_another_organisation_cannot_answer(qad_a, admin_b):
    people = section_of(qad_a, "people")
    with pytest.raises(NotPermitted):
        services.answer_save(
            actor=admin_b, section=people, question=_q(people, "structure"), value="x"
        )


def test_a_submitted_section_is_locked(submitted_section, contributor_a):
    with pytest.raises(IllegalTransition):
        services.answer_save(
            actor=contributor_a,
            section=submitted_section,
            question=_q(submitted_section, "structure"),
            value="new",
        )
