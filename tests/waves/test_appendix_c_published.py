"""Compare every cell of the shipped timelines (waves.appendix_c.RULES) with the published table.

PUBLISHED below is a second transcription of "15 Appendix C: Indicative Timelines for MHHSP
Qualification" (QA&P v5.0), written independently of waves/appendix_c.py. Its cells are the
source's own strings (DD/MM/YYYY dates, "N/A", "Summer 2023", "Within 6 weeks of ..."), with
typos and all. A cell the source merges across columns is repeated for each cohort with
``span``. The parser below turns each string into the shipped rule shape, and the test compares
them cell by cell, both ways.

No database: these tests run with or without pytest-django.
"""

import re
from datetime import date
from pathlib import Path

import pytest

from tests.services import require_file
from waves.appendix_c import ACTIVITIES, COHORTS, RULES

COLUMNS = (
    "sit_m10",  # SIT M10 Ready
    "sit_m11",  # SIT M11 Ready
    "sit_not_m11",  # SIT Not M11 Ready
    "ldso_m10",  # Non-SIT LDSO Wave for M10
    "wave_1",  # QT Wave 1
    "wave_2",  # QT Wave 2
    "wave_3",  # QT Wave 3
    "wave_4",  # QT Wave 4
)


def span(columns: int, cell: str) -> tuple[str, ...]:
    """A cell the source merges across ``columns`` columns."""
    return (cell,) * columns


# Written once and used in three rows: the source merges this QT-wave cell over the
# "Placing Reliance Proposal Submission deadline" row and the two review rows below it.
PQS_REASON = "This forms a part of the Pre-Qualification Submission (PQS)"
PQS_PART = f"N/A \u2013 {PQS_REASON}"
SIGN_OFF_OPENS = (
    "Any time after Code Bodies and DIP Manager have confirmed all open comments on the QAD "
    "have been addressed sufficiently."
)
DIP_NTA = (
    "Done by DIP Manager and set out within the Code of Connections (CoCo) / DIP Rules. This "
    "is expected to occur in parallel to SIT/QT and is required to be completed in order to "
    "complete Qualification."
)
# The table's footnote, referenced as "(whichever is earlier*)".
FOOTNOTES = {"*": "Post M10 Ready Qualification"}

# Columns: SIT M10 | SIT M11 | SIT Not M11 | LDSO M10 | Wave 1 | Wave 2 | Wave 3 | Wave 4.
# A cell with two entries separates them with "\n".
PUBLISHED: dict[str, tuple[str, ...]] = {
    "placing_reliance_submission": (*span(3, "Summer 2023"), "05/01/2024", *span(4, PQS_PART)),
    "mhhsp_placing_reliance_review": (*span(3, "Summer 2023"), "January 2024", *span(4, PQS_PART)),
    "code_bodies_placing_reliance_review": (
        *span(3, "September 2023"),
        "February 2024",
        *span(4, PQS_PART),
    ),
    "pqs_opens": (*span(3, "N/A"), "N/A", *span(4, "05/02/2025")),
    "pqs_deadline": (*span(3, "N/A"), "N/A", *span(4, "26/04/2024 (caveat for new entrants)")),
    "pit_approach_plan_submission": (
        *span(3, "Submitted as per timelines for SIT entry"),
        "26/04/2024",
        *span(4, "26/04/2024 with the PQS"),
    ),
    "indicative_wave_allocation": (*span(3, "N/A"), "N/A", *span(4, "17/05/2024")),
    "wave_allocation_final": (*span(3, "N/A"), "N/A", *span(4, "28/06/2024")),
    "pit_plan_clarification": (*span(3, "N/A"), "N/A", *span(4, "26/04/2024 to 05/07/2024")),
    "qt_preparation_start": (
        *span(3, "N/A"),
        "04/03/2024",
        "28/05/2025",
        "21/07/2025",
        "15/09/2025",
        "03/11/2025",
    ),
    "initial_qad_submission": (
        *span(3, "06/01/2025 to 14/02/2025"),
        "06/01/2025 to 14/02/2025",
        "05/05/2025 to 11/07/2025",
        "09/06/2025 to 12/09/2025",
        "11/08/2025 to 07/11/2025",
        "20/10/2025 to 16/01/2026",
    ),
    "final_pit_approach_plan": (
        *span(3, "Submitted as per timelines for SIT preparation"),
        "01/07/2024",
        "25/10/2024",
        "29/11/2024",
        "31/01/2025",
        "28/03/2025",
    ),
    "pit_rttm": (
        *span(3, "N/A"),
        "N/A",
        "14/04/2025",
        "16/06/2025",
        "11/08/2025",
        "06/10/2025",
    ),
    "qt_entry_checkpoint_1": (
        *span(3, "N/A"),
        "26/07/2024",
        "13/06/2025",
        "18/08/2025",
        "20/10/2025",
        "08/12/2025",
    ),
    "qt_test_plan_approved": (
        *span(3, "N/A"),
        "22/08/2024",
        "14/07/2025",
        "08/09/2025",
        "10/11/2025",
        "09/01/2026",
    ),
    "qt_entry_checkpoint_2": (
        *span(3, "N/A"),
        "30/11/2024 (Functional and Migration)\n30/01/2025 (Operational and Non-Functional)",
        "14/07/2025",
        "08/09/2025",
        "10/11/2025",
        "09/01/2026",
    ),
    "initial_qad_review": (
        *span(3, "Within 6 weeks of Initial QAD submission or 04/04/2025 (whichever is earlier)"),
        "Within 6 weeks of Initial QAD submission or 04/04/2025 (which is earlier)",
        "Within 6 weeks of Initial QAD submission or 22/08/2025 (whichever is earlier)",
        "Within 6 weeks of Initial QAD submission or 17/10/2025 (whichever is earlier)",
        "Within 6 weeks of Initial QAD submission or 19/12/2025 (whichever is earlier)",
        "Within 6 weeks of the Initial QAD Submission or 27/02/2026 (whichever is earlier)",
    ),
    "dip_onboarding_for_qt": (
        *span(3, "N/A"),
        "05/08/2024 to 29/11/2024",
        "26/05/2025 to 11/07/2025",
        "21/07/2025 to 05/09/2025",
        "15/09/2025 to 31/10/2025",
        "03/11/2025 to 19/12/2025",
    ),
    "qt_entry_confirmation": (
        *span(3, "N/A"),
        "20/12/2024",
        "22/08/2025",
        "17/10/2025",
        "19/12/2025",
        "06/03/2026",
    ),
    "qt_execution": (
        *span(3, "N/A"),
        "06/01/2025 to 16/05/2025",
        "25/08/2025 to 09/01/2026",
        "20/10/2025 to 27/02/2026",
        "12/01/2026 to 15/05/2026",
        "09/03/2026 to 17/07/2026",
    ),
    "final_qad_submission": (
        "07/04/2025 to 09/05/2025",
        "07/04/2025 to 06/06/2025",
        "07/04/2025 to 19/09/2025",
        "07/04/2025 to 23/05/2025",
        "25/08/2025 to 16/01/2026",
        "20/10/2025 to 06/03/2026",
        "12/01/2026 to 22/05/2026",
        "09/03/2026 to 24/07/2026",
    ),
    "final_qad_review": (
        "06/06/2025",
        # The source leaves out the closing parenthesis here.
        "Within 4 weeks of Final QAD Submission or 04/07/2025 (whichever is earlier",
        "Within 4 weeks of Final QAD Submission or 24/10/2025 (whichever is earlier)",
        "20/06/2025",
        "Within 4 weeks of Final QAD submission or 06/03/2026 (whichever is earlier)",
        "Within 4 weeks of Final QAD submission or 13/04/2026 (whichever is earlier)",
        "Within 4 weeks of Final QAD submission or 19/06/2026 (whichever is earlier)",
        "Within 4 weeks of Final QAD submission or 21/08/2026 (whichever is earlier)",
    ),
    "qad_sign_off_opens": span(8, SIGN_OFF_OPENS),
    "qad_sign_off": (
        "22/08/2025",
        "03/09/2025",
        "28/11/2025",
        "22/08/2025",
        "20/03/2026",
        "20/04/2026",
        "26/06/2026",
        "28/08/2026",
    ),
    "qualification_decision": (
        "10/09/2025",
        "Within 1 month of QAD sign-off or 15/10/2025 (whichever is earlier*)",
        "Within 1 month of QAD sign-off or 18/12/2025 (whichever is earlier*)",
        "10/09/2025",
        "Within 1 month of QAD sign-off or 15/04/2026 (whichever is earlier)",
        "Within 1 month of QAD sign-off or 28/05/2026 (whichever is earlier)",
        "Within 1 month of QAD sign-off or 30/07/2026 (whichever is earlier)",
        "Within 1 month of QAD sign-off or 24/09/2026 (whichever is earlier)",
    ),
    "dip_non_technical_assurance": span(8, DIP_NTA),
}

# The one deliberate deviation from the printed table. The "start submitting their PQS from"
# row prints 05/02/2025 for the QT waves. Section 5.3 of the same QA&P says the PQS can be
# submitted "from 05 February 2024 but no later than 26 April 2024", and the PQS deadline
# (26/04/2024) and wave allocation (05-06/2024) rows only make sense after a 2024 opening. The
# shipped data corrects the year and says so in the rule's note.
PQS_TYPO_NOTE = (
    "The table prints 05/02/2025; QA&P section 5.3 says 05 February 2024, "
    "which is the consistent reading"
)
EXPECTED_OVERRIDES: dict[tuple[str, str, int], dict] = {
    (cohort, "pqs_opens", 1): {"due": date(2024, 2, 5), "note": PQS_TYPO_NOTE}
    for cohort in ("wave_1", "wave_2", "wave_3", "wave_4")
}


# --- Parser: one published cell string -> normalised rules ---------------------------------

DATE = r"(\d{2}/\d{2}/\d{4})"
# The event a "Within N ... of <event>" cell counts from, as the source names it (lower case).
WITHIN_EVENTS = {
    "initial qad submission": "initial_qad_submitted",
    "final qad submission": "final_qad_submitted",
    "qad sign-off": "qad_signed_off",
}
# The event an "Any time after ..." cell opens on, by a phrase of its wording.
OPENING_EVENTS = {
    "all open comments on the QAD have been addressed": "all_open_comments_addressed",
}


def _date(text: str) -> date:
    day, month, year = (int(part) for part in text.split("/"))
    return date(year, month, day)


def parse_entry(entry: str) -> dict:
    """One entry of a cell -> the rule fields that differ from blank."""
    if entry == "N/A":
        return {"kind": "n/a"}
    if m := re.fullmatch(r"N/A \u2013 (.+)", entry):
        return {"kind": "n/a", "text": m[1]}
    if m := re.fullmatch(rf"{DATE} to {DATE}", entry):
        return {"kind": "window", "opens": _date(m[1]), "due": _date(m[2])}
    within = (
        rf"Within (\d+) (weeks?|months?) of (?:the )?(.+?) or {DATE} "
        r"\((?:whichever|which) is earlier(\*?)\)?"
    )
    if m := re.fullmatch(within, entry):
        return {
            "kind": "within",
            "n": int(m[1]),
            "unit": m[2] if m[2].endswith("s") else m[2] + "s",
            "event_kind": WITHIN_EVENTS[m[3].lower()],
            "cap": _date(m[4]),
            "note": FOOTNOTES.get(m[5], ""),
        }
    if m := re.fullmatch(rf"{DATE}(?: \((.+)\)| (.+))?", entry):
        return {"kind": "date", "due": _date(m[1]), "note": m[2] or m[3] or ""}
    if entry.startswith("Any time after "):
        [event_kind] = [kind for phrase, kind in OPENING_EVENTS.items() if phrase in entry]
        return {"kind": "event", "event_kind": event_kind, "text": entry}
    return {"kind": "text", "text": entry}


BLANK = {
    "opens": None,
    "due": None,
    "n": None,
    "unit": "",
    "event_kind": "",
    "cap": None,
    "text": "",
    "note": "",
}


def parse_cell(cohort: str, activity: str, cell: str) -> list[dict]:
    return [
        {"cohort": cohort, "activity": activity, "seq": seq, "kind": ""}
        | BLANK
        | parse_entry(entry)
        for seq, entry in enumerate(cell.split("\n"), start=1)
    ]


def published_rules() -> dict[tuple[str, str, int], dict]:
    rules = {}
    for activity, cells in PUBLISHED.items():
        assert len(cells) == len(COLUMNS), f"{activity}: {len(cells)} columns"
        for cohort, cell in zip(COLUMNS, cells, strict=True):
            for rule in parse_cell(cohort, activity, cell):
                key = (rule["cohort"], rule["activity"], rule["seq"])
                rules[key] = rule | EXPECTED_OVERRIDES.get(key, {})
    return rules


def shipped_rules() -> dict[tuple[str, str, int], dict]:
    rules = {}
    for rule in RULES:
        key = (rule["cohort"], rule["activity"], rule["seq"])
        assert key not in rules, f"{key} shipped twice"
        rules[key] = rule
    return rules


EXPECTED = published_rules()
SHIPPED = shipped_rules()
CELLS = sorted(
    set(EXPECTED) | set(SHIPPED),
    key=lambda key: (list(PUBLISHED).index(key[1]), COLUMNS.index(key[0]), key[2]),
)


@pytest.mark.parametrize("cell", CELLS, ids=["/".join(map(str, cell)) for cell in CELLS])
def test_shipped_cell_matches_published_table(cell):
    assert cell in EXPECTED, f"{cell} is shipped but not in the published table"
    assert cell in SHIPPED, f"{cell} is in the published table but not shipped"
    assert SHIPPED[cell] == EXPECTED[cell]


def test_no_cell_missing_or_extra():
    assert set(SHIPPED) == set(EXPECTED)
    assert len(SHIPPED) == 26 * 8 + 1  # every cell, plus the LDSO Checkpoint 2 second date


def test_rows_and_columns_in_published_order():
    assert [cohort["key"] for cohort in COHORTS] == list(COLUMNS)
    assert [cohort["order"] for cohort in COHORTS] == list(range(1, 9))
    assert [activity["key"] for activity in ACTIVITIES] == list(PUBLISHED)
    assert [activity["order"] for activity in ACTIVITIES] == list(range(1, 27))


def test_override_is_a_real_deviation():
    """The pqs_opens override must still differ from what the source prints."""
    for key, override in EXPECTED_OVERRIDES.items():
        printed = parse_cell(*key[:2], PUBLISHED[key[1]][COLUMNS.index(key[0])])[0]
        assert printed["due"] == date(2025, 2, 5)
        assert override["due"] != printed["due"]


# --- The shared reference transcription (../shared/domain/appendix-c.yaml) -----------------

REFERENCE_YAML = Path(__file__).parents[2] / ".." / "shared" / "domain" / "appendix-c.yaml"

# Cells where the shipped data follows the source rather than the YAML. Each entry is
# (activity, cohorts) -> the fields as shipped.
_WAVES = ("wave_1", "wave_2", "wave_3", "wave_4")
_SIT = ("sit_m10", "sit_m11", "sit_not_m11")
YAML_DIFFERENCES: dict[tuple[str, tuple[str, ...]], dict] = {
    # The source prints "N/A - This forms a part of the PQS". The YAML has kind text, reworded.
    ("placing_reliance_submission", _WAVES): {"kind": "n/a", "text": PQS_REASON},
    # The source merges that N/A cell over both review rows too. The YAML has a bare n/a.
    ("mhhsp_placing_reliance_review", _WAVES): {"text": PQS_REASON},
    ("code_bodies_placing_reliance_review", _WAVES): {"text": PQS_REASON},
    # The YAML has the corrected date but no note.
    ("pqs_opens", _WAVES): {"note": PQS_TYPO_NOTE},
    # The source's wording, which the YAML shortens.
    ("pit_approach_plan_submission", _SIT): {"text": "Submitted as per timelines for SIT entry"},
    ("final_pit_approach_plan", _SIT): {"text": "Submitted as per timelines for SIT preparation"},
    ("qad_sign_off_opens", (*_SIT, "ldso_m10", *_WAVES)): {"text": SIGN_OFF_OPENS},
    ("dip_non_technical_assurance", (*_SIT, "ldso_m10", *_WAVES)): {"text": DIP_NTA},
    # The source's footnote "*Post M10 Ready Qualification" on these two cells. The YAML has no
    # note.
    ("qualification_decision", ("sit_m11", "sit_not_m11")): {"note": FOOTNOTES["*"]},
}


def _yaml_rules(data: dict) -> dict[tuple[str, str, int], dict]:
    wildcards = {"sit_*": _SIT, "wave_*": _WAVES, "*": COLUMNS}
    rules = {}
    for activity, row in data["activities"].items():
        for selector, cell in row.items():
            if selector == "label":
                continue
            for cohort in wildcards.get(selector, (selector,)):
                for seq, entry in enumerate(cell if isinstance(cell, list) else [cell], 1):
                    rule = {"cohort": cohort, "activity": activity, "seq": seq, "kind": ""}
                    rule |= BLANK
                    for field, value in entry.items():
                        field = {"closes": "due", "event": "event_kind"}.get(field, field)
                        assert field in rule, f"{activity}/{cohort}: unknown field {field}"
                        rule[field] = value
                    key = (cohort, activity, seq)
                    assert key not in rules, f"{key} given twice in the YAML"
                    rules[key] = rule
    return rules


def test_shipped_rules_agree_with_reference_yaml():
    # Beside the checkout in CI and in development; a fresh clone elsewhere
    # skips it locally, while under CI a missing file fails the run.
    require_file("Appendix C reference transcription", REFERENCE_YAML)
    yaml = pytest.importorskip("yaml")
    data = yaml.safe_load(REFERENCE_YAML.read_text(encoding="utf-8"))
    reference = _yaml_rules(data)

    assert {c["key"]: (c["label"], c["route"]) for c in COHORTS} == {
        key: (cohort["label"], cohort["route"]) for key, cohort in data["cohorts"].items()
    }
    assert {a["key"]: a["label"] for a in ACTIVITIES} == {
        key: row["label"] for key, row in data["activities"].items()
    }
    assert set(reference) == set(SHIPPED)

    expected = {key: dict(rule) for key, rule in reference.items()}
    for (activity, cohorts), fields in YAML_DIFFERENCES.items():
        for cohort in cohorts:
            key = (cohort, activity, 1)
            assert any(expected[key][field] != value for field, value in fields.items()), (
                f"{key}: documented difference {fields} no longer differs from the YAML"
            )
            expected[key] |= fields

    mismatches = [
        f"{key}: yaml {expected[key]} != shipped {SHIPPED[key]}"
        for key in sorted(expected)
        if expected[key] != SHIPPED[key]
    ]
    assert not mismatches, "\n".join(mismatches)
