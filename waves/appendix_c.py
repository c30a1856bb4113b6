"""Appendix C of the Qualification Approach & Plan v5.0 as data.

Source: "15 Appendix C: Indicative Timelines for MHHSP Qualification - Applicable to all
participants" of the MHHS Qualification Approach & Plan (QA&P) v5.0, approved on
26/06/2025. This module is the portal's own copy of that table. It is pure data (only
``datetime.date``). The data migration ``waves/migrations/0002_appendix_c.py`` loads it into
Cohort, Activity, TimelineVersion (number 1) and TimelineRule.
``tests/waves/test_appendix_c_published.py`` checks every cell against a second transcription
written the way the source prints it.

There is one cell per (cohort, activity), or several with ``seq`` 1, 2, ... for a cell that
lists more than one date. Each rule has a ``kind``:

* ``date``: one deadline, ``due``.
* ``window``: ``opens`` to ``due``. The close date is the deadline.
* ``within``: within ``n`` ``unit`` ("weeks" or "months") of the participant's
  ``event_kind`` event, or ``cap``, whichever is earlier.
* ``event``: opens on the ``event_kind`` event. It has no date, and ``text`` gives the
  source's wording.
* ``text``: an indicative period with no exact day, given in ``text``.
* ``n/a``: the activity doesn't apply to the cohort. ``text`` carries the source's reason
  when it prints one.

One deliberate deviation from the printed table:

* "Programme Participants can start submitting their PQS from" (``pqs_opens``) is printed as
  05/02/2025 for the QT waves. Section 5.3 of the same document says participants can submit
  the PQS "from 05 February 2024 but no later than 26 April 2024". The PQS deadline
  (26/04/2024) and the wave allocation dates (May/June 2024) only make sense with 2024, so
  the table's year is a typo. This module ships 2024-02-05, and those rules have a ``note``
  that says so.

Where the source's wording is kept (``text`` and ``note``), it is copied as printed.
"""

from datetime import date

SOURCE = "QA&P v5.0 Appendix C"
# QA&P v5.0 version history: "26/06/2025 ... 5.0 Version 4.2 is approved by QWG, QAG and the
# BSC and REC PABs."
EFFECTIVE_FROM = date(2025, 6, 26)

COHORTS = [
    {"key": "sit_m10", "label": "SIT M10 Ready", "route": "SIT", "order": 1},
    {"key": "sit_m11", "label": "SIT M11 Ready", "route": "SIT", "order": 2},
    {"key": "sit_not_m11", "label": "SIT Not M11 Ready", "route": "SIT", "order": 3},
    {"key": "ldso_m10", "label": "Non-SIT LDSO Wave for M10", "route": "NON_SIT_LDSO", "order": 4},
    {"key": "wave_1", "label": "QT Wave 1", "route": "NON_SIT_QT", "order": 5},
    {"key": "wave_2", "label": "QT Wave 2", "route": "NON_SIT_QT", "order": 6},
    {"key": "wave_3", "label": "QT Wave 3", "route": "NON_SIT_QT", "order": 7},
    {"key": "wave_4", "label": "QT Wave 4", "route": "NON_SIT_QT", "order": 8},
]

# Event kinds that complete an activity for a participant, or that start a "within" rule.
COMPLETING_EVENT_KINDS: dict[str, str] = {
    "placing_reliance_submitted": "Placing Reliance Proposal submitted",
    "placing_reliance_reviewed_by_programme": "Placing Reliance Proposal reviewed by MHHSP",
    "placing_reliance_reviewed_by_code_bodies": "Placing Reliance Proposal reviewed by Code Bodies",
    "pqs_submitted": "Pre-Qualification Submission (PQS) submitted",
    "pit_approach_submitted": "PIT Approach and Plan submitted",
    "wave_allocated_indicative": "Indicative QT Wave allocated",
    "wave_allocated_final": "QT Wave allocation finalised",
    "pit_plan_clarified": "PIT Approach and Plan clarified with Code Bodies",
    "qt_preparation_started": "QT Preparation started",
    "initial_qad_submitted": "Initial QAD submitted",
    "final_pit_approach_submitted": "Final PIT Approach and Plan submitted",
    "pit_rttm_submitted": "PIT RTTM submitted",
    "qt_entry_checkpoint_1_passed": "QT Entry Checkpoint 1 passed",
    "qt_test_plan_approved": "QT Participant Test Plan approved",
    "qt_entry_checkpoint_2_passed": "QT Entry Checkpoint 2 passed",
    "initial_qad_review_completed": "Initial QAD review completed",
    "dip_onboarding_completed": "DIP onboarding for QT completed",
    "testing_entered": "QT Entry confirmed",
    "final_qad_submitted": "Final QAD submitted",
    "final_qad_review_completed": "Final QAD review completed",
    "all_open_comments_addressed": "All open comments on the QAD addressed",
    "qad_signed_off": "QAD Sign-off submitted",
    "qualified": "Qualification decision made",
    "dip_non_technical_assurance_completed": "Non-technical assurance for DIP Onboarding done",
    "qt_exited": "QT exit: Test Completion Report accepted",
}

# Table row order. Labels shorten the source's row headings.
ACTIVITIES = [
    {
        "key": "placing_reliance_submission",
        "label": "Placing Reliance Proposal Submission deadline",
        "completed_by": ["placing_reliance_submitted"],
    },
    {
        "key": "mhhsp_placing_reliance_review",
        "label": "MHHSP Review of Placing Reliance Proposals",
        "completed_by": ["placing_reliance_reviewed_by_programme"],
    },
    {
        "key": "code_bodies_placing_reliance_review",
        "label": "Code Bodies Review of Placing Reliance Proposals",
        "completed_by": ["placing_reliance_reviewed_by_code_bodies"],
    },
    {
        "key": "pqs_opens",
        "label": "Programme Participants can start submitting their PQS from",
        # An opening date: no event completes it.
        "completed_by": [],
    },
    {
        "key": "pqs_deadline",
        "label": "PQS deadline",
        "completed_by": ["pqs_submitted"],
    },
    {
        "key": "pit_approach_plan_submission",
        "label": "PIT Approach and Plan Submission Deadline",
        "completed_by": ["pit_approach_submitted"],
    },
    {
        "key": "indicative_wave_allocation",
        "label": "Indicative QT Wave allocation following PQS review by Code Bodies",
        "completed_by": ["wave_allocated_indicative"],
    },
    {
        "key": "wave_allocation_final",
        "label": "QT Wave allocation finalised by Code Bodies",
        "completed_by": ["wave_allocated_final"],
    },
    {
        "key": "pit_plan_clarification",
        "label": (
            "Code Bodies engage with participants on the PIT Approach and Plan submitted "
            "with the PQS"
        ),
        "completed_by": ["pit_plan_clarified"],
    },
    {
        "key": "qt_preparation_start",
        "label": "QT Preparation start",
        "completed_by": ["qt_preparation_started"],
    },
    {
        "key": "initial_qad_submission",
        "label": "Initial QAD submission window",
        "completed_by": ["initial_qad_submitted"],
    },
    {
        "key": "final_pit_approach_plan",
        "label": (
            "Final PIT Approach and Plan (functional, migration, non-functional, operational) "
            "for Code Body and DIP Manager review"
        ),
        "completed_by": ["final_pit_approach_submitted"],
    },
    {
        "key": "pit_rttm",
        "label": "PIT RTTM (including list of PIT Test Scenarios)",
        "completed_by": ["pit_rttm_submitted"],
    },
    {
        "key": "qt_entry_checkpoint_1",
        "label": "QT Entry Checkpoint 1: PIT completion status and QT Test Plan",
        "completed_by": ["qt_entry_checkpoint_1_passed"],
    },
    {
        "key": "qt_test_plan_approved",
        "label": "QT Participant Test Plan Approved",
        "completed_by": ["qt_test_plan_approved"],
    },
    {
        "key": "qt_entry_checkpoint_2",
        "label": (
            "QT Entry Checkpoint 2: final date to confirm and evidence the PIT Completion Report"
        ),
        "completed_by": ["qt_entry_checkpoint_2_passed"],
    },
    {
        "key": "initial_qad_review",
        "label": (
            "Completion of Code Bodies' and DIP Manager review of the Initial QAD "
            "(including PIT evidence)"
        ),
        "completed_by": ["initial_qad_review_completed"],
    },
    {
        "key": "dip_onboarding_for_qt",
        "label": "DIP onboarding window for QT (security officers, certificates, smoke testing)",
        "completed_by": ["dip_onboarding_completed"],
    },
    {
        "key": "qt_entry_confirmation",
        "label": "QT Entry confirmation",
        "completed_by": ["testing_entered"],
    },
    {
        "key": "qt_execution",
        "label": "QT Execution Window",
        # The Final QAD carries the QT completion evidence, so submitting it ends QT
        # execution; so does the test manager accepting the Test Completion Report.
        "completed_by": ["final_qad_submitted", "qt_exited"],
    },
    {
        "key": "final_qad_submission",
        "label": "Final QAD Submission window",
        "completed_by": ["final_qad_submitted"],
    },
    {
        "key": "final_qad_review",
        "label": "Completion of Code Bodies' and DIP Manager review of the Final QAD",
        "completed_by": ["final_qad_review_completed"],
    },
    {
        "key": "qad_sign_off_opens",
        "label": "Participants can start submitting their QAD Sign-off",
        "completed_by": ["all_open_comments_addressed"],
    },
    {
        "key": "qad_sign_off",
        "label": "QAD Sign-off deadline",
        "completed_by": ["qad_signed_off"],
    },
    {
        # The source adds: "This is based on the Programme Participant meeting all timelines
        # their route/wave set above."
        "key": "qualification_decision",
        "label": "REC Code Manager / BSC PAB decision for Qualification expected by",
        "completed_by": ["qualified"],
    },
    {
        "key": "dip_non_technical_assurance",
        "label": "Non-technical assurance for DIP Onboarding (DIP Manager, per CoCo / DIP Rules)",
        "completed_by": ["dip_non_technical_assurance_completed"],
    },
]
for _order, _activity in enumerate(ACTIVITIES, start=1):
    _activity["order"] = _order

MILESTONES = {
    "M10": {"date": date(2025, 9, 24), "meaning": "Central systems ready for migrating MPANs"},
    "M11": {"date": None, "meaning": "Start of migration for UMS / Advanced"},
    "M12": {"date": None, "meaning": "Start of migration for Smart / Non-smart"},
    "non_sit_migration_start": {
        "date": date(2026, 5, 15),
        "meaning": "Non-SIT Suppliers and Agents may start migration",
    },
    "M14": {
        "date": date(2026, 10, 28),
        "meaning": "All Suppliers able to accept MPANs under MHHS arrangements",
    },
    "M15": {"date": None, "meaning": "Full transition complete"},
}


# --- The table ---------------------------------------------------------------------------
# Cells are written with the ISO form of the source's DD/MM/YYYY dates. A cell the source
# merges across columns is written once, under a tuple of cohort keys.

SIT = ("sit_m10", "sit_m11", "sit_not_m11")
LDSO = ("ldso_m10",)
WAVES = ("wave_1", "wave_2", "wave_3", "wave_4")
ALL = SIT + LDSO + WAVES


def _d(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso else None


def _na(text: str = "") -> dict:
    return {"kind": "n/a", "text": text}


def _text(text: str) -> dict:
    return {"kind": "text", "text": text}


def _on(due: str, note: str = "") -> dict:
    return {"kind": "date", "due": _d(due), "note": note}


def _window(opens: str, closes: str) -> dict:
    return {"kind": "window", "opens": _d(opens), "due": _d(closes)}


def _within(n: int, unit: str, event_kind: str, cap: str, note: str = "") -> dict:
    return {
        "kind": "within",
        "n": n,
        "unit": unit,
        "event_kind": event_kind,
        "cap": _d(cap),
        "note": note,
    }


def _event(event_kind: str, text: str) -> dict:
    return {"kind": "event", "event_kind": event_kind, "text": text}


# The source merges this wave cell over the three Placing Reliance rows.
_PART_OF_PQS = "This forms a part of the Pre-Qualification Submission (PQS)"
_PQS_TYPO = (
    "The table prints 05/02/2025; QA&P section 5.3 says 05 February 2024, "
    "which is the consistent reading"
)
_POST_M10 = "Post M10 Ready Qualification"  # the source's footnote "*"

_TABLE: dict[str, dict[tuple[str, ...] | str, dict | list[dict]]] = {
    "placing_reliance_submission": {
        SIT: _text("Summer 2023"),
        LDSO: _on("2024-01-05"),
        WAVES: _na(_PART_OF_PQS),
    },
    "mhhsp_placing_reliance_review": {
        SIT: _text("Summer 2023"),
        LDSO: _text("January 2024"),
        WAVES: _na(_PART_OF_PQS),
    },
    "code_bodies_placing_reliance_review": {
        SIT: _text("September 2023"),
        LDSO: _text("February 2024"),
        WAVES: _na(_PART_OF_PQS),
    },
    "pqs_opens": {
        SIT: _na(),
        LDSO: _na(),
        WAVES: _on("2024-02-05", note=_PQS_TYPO),
    },
    "pqs_deadline": {
        SIT: _na(),
        LDSO: _na(),
        WAVES: _on("2024-04-26", note="caveat for new entrants"),
    },
    "pit_approach_plan_submission": {
        SIT: _text("Submitted as per timelines for SIT entry"),
        LDSO: _on("2024-04-26"),
        WAVES: _on("2024-04-26", note="with the PQS"),
    },
    "indicative_wave_allocation": {
        SIT: _na(),
        LDSO: _na(),
        WAVES: _on("2024-05-17"),
    },
    "wave_allocation_final": {
        SIT: _na(),
        LDSO: _na(),
        WAVES: _on("2024-06-28"),
    },
    "pit_plan_clarification": {
        SIT: _na(),
        LDSO: _na(),
        WAVES: _window("2024-04-26", "2024-07-05"),
    },
    "qt_preparation_start": {
        SIT: _na(),
        LDSO: _on("2024-03-04"),
        "wave_1": _on("2025-05-28"),
        "wave_2": _on("2025-07-21"),
        "wave_3": _on("2025-09-15"),
        "wave_4": _on("2025-11-03"),
    },
    "initial_qad_submission": {
        SIT: _window("2025-01-06", "2025-02-14"),
        LDSO: _window("2025-01-06", "2025-02-14"),
        "wave_1": _window("2025-05-05", "2025-07-11"),
        "wave_2": _window("2025-06-09", "2025-09-12"),
        "wave_3": _window("2025-08-11", "2025-11-07"),
        "wave_4": _window("2025-10-20", "2026-01-16"),
    },
    "final_pit_approach_plan": {
        SIT: _text("Submitted as per timelines for SIT preparation"),
        LDSO: _on("2024-07-01"),
        "wave_1": _on("2024-10-25"),
        "wave_2": _on("2024-11-29"),
        "wave_3": _on("2025-01-31"),
        "wave_4": _on("2025-03-28"),
    },
    "pit_rttm": {
        SIT: _na(),
        LDSO: _na(),
        "wave_1": _on("2025-04-14"),
        "wave_2": _on("2025-06-16"),
        "wave_3": _on("2025-08-11"),
        "wave_4": _on("2025-10-06"),
    },
    "qt_entry_checkpoint_1": {
        SIT: _na(),
        LDSO: _on("2024-07-26"),
        "wave_1": _on("2025-06-13"),
        "wave_2": _on("2025-08-18"),
        "wave_3": _on("2025-10-20"),
        "wave_4": _on("2025-12-08"),
    },
    "qt_test_plan_approved": {
        SIT: _na(),
        LDSO: _on("2024-08-22"),
        "wave_1": _on("2025-07-14"),
        "wave_2": _on("2025-09-08"),
        "wave_3": _on("2025-11-10"),
        "wave_4": _on("2026-01-09"),
    },
    "qt_entry_checkpoint_2": {
        SIT: _na(),
        LDSO: [
            _on("2024-11-30", note="Functional and Migration"),
            _on("2025-01-30", note="Operational and Non-Functional"),
        ],
        "wave_1": _on("2025-07-14"),
        "wave_2": _on("2025-09-08"),
        "wave_3": _on("2025-11-10"),
        "wave_4": _on("2026-01-09"),
    },
    "initial_qad_review": {
        SIT: _within(6, "weeks", "initial_qad_submitted", "2025-04-04"),
        LDSO: _within(6, "weeks", "initial_qad_submitted", "2025-04-04"),
        "wave_1": _within(6, "weeks", "initial_qad_submitted", "2025-08-22"),
        "wave_2": _within(6, "weeks", "initial_qad_submitted", "2025-10-17"),
        "wave_3": _within(6, "weeks", "initial_qad_submitted", "2025-12-19"),
        "wave_4": _within(6, "weeks", "initial_qad_submitted", "2026-02-27"),
    },
    "dip_onboarding_for_qt": {
        SIT: _na(),
        LDSO: _window("2024-08-05", "2024-11-29"),
        "wave_1": _window("2025-05-26", "2025-07-11"),
        "wave_2": _window("2025-07-21", "2025-09-05"),
        "wave_3": _window("2025-09-15", "2025-10-31"),
        "wave_4": _window("2025-11-03", "2025-12-19"),
    },
    "qt_entry_confirmation": {
        SIT: _na(),
        LDSO: _on("2024-12-20"),
        "wave_1": _on("2025-08-22"),
        "wave_2": _on("2025-10-17"),
        "wave_3": _on("2025-12-19"),
        "wave_4": _on("2026-03-06"),
    },
    "qt_execution": {
        SIT: _na(),
        LDSO: _window("2025-01-06", "2025-05-16"),
        "wave_1": _window("2025-08-25", "2026-01-09"),
        "wave_2": _window("2025-10-20", "2026-02-27"),
        "wave_3": _window("2026-01-12", "2026-05-15"),
        "wave_4": _window("2026-03-09", "2026-07-17"),
    },
    "final_qad_submission": {
        "sit_m10": _window("2025-04-07", "2025-05-09"),
        "sit_m11": _window("2025-04-07", "2025-06-06"),
        "sit_not_m11": _window("2025-04-07", "2025-09-19"),
        LDSO: _window("2025-04-07", "2025-05-23"),
        "wave_1": _window("2025-08-25", "2026-01-16"),
        "wave_2": _window("2025-10-20", "2026-03-06"),
        "wave_3": _window("2026-01-12", "2026-05-22"),
        "wave_4": _window("2026-03-09", "2026-07-24"),
    },
    "final_qad_review": {
        "sit_m10": _on("2025-06-06"),
        "sit_m11": _within(4, "weeks", "final_qad_submitted", "2025-07-04"),
        "sit_not_m11": _within(4, "weeks", "final_qad_submitted", "2025-10-24"),
        LDSO: _on("2025-06-20"),
        "wave_1": _within(4, "weeks", "final_qad_submitted", "2026-03-06"),
        "wave_2": _within(4, "weeks", "final_qad_submitted", "2026-04-13"),
        "wave_3": _within(4, "weeks", "final_qad_submitted", "2026-06-19"),
        "wave_4": _within(4, "weeks", "final_qad_submitted", "2026-08-21"),
    },
    "qad_sign_off_opens": {
        ALL: _event(
            "all_open_comments_addressed",
            "Any time after Code Bodies and DIP Manager have confirmed all open comments on "
            "the QAD have been addressed sufficiently.",
        ),
    },
    "qad_sign_off": {
        "sit_m10": _on("2025-08-22"),
        "sit_m11": _on("2025-09-03"),
        "sit_not_m11": _on("2025-11-28"),
        LDSO: _on("2025-08-22"),
        "wave_1": _on("2026-03-20"),
        "wave_2": _on("2026-04-20"),
        "wave_3": _on("2026-06-26"),
        "wave_4": _on("2026-08-28"),
    },
    "qualification_decision": {
        "sit_m10": _on("2025-09-10"),
        "sit_m11": _within(1, "months", "qad_signed_off", "2025-10-15", note=_POST_M10),
        "sit_not_m11": _within(1, "months", "qad_signed_off", "2025-12-18", note=_POST_M10),
        LDSO: _on("2025-09-10"),
        "wave_1": _within(1, "months", "qad_signed_off", "2026-04-15"),
        "wave_2": _within(1, "months", "qad_signed_off", "2026-05-28"),
        "wave_3": _within(1, "months", "qad_signed_off", "2026-07-30"),
        "wave_4": _within(1, "months", "qad_signed_off", "2026-09-24"),
    },
    "dip_non_technical_assurance": {
        ALL: _text(
            "Done by DIP Manager and set out within the Code of Connections (CoCo) / DIP "
            "Rules. This is expected to occur in parallel to SIT/QT and is required to be "
            "completed in order to complete Qualification."
        ),
    },
}

_BLANK_RULE = {
    "seq": 1,
    "kind": "",
    "opens": None,
    "due": None,
    "n": None,
    "unit": "",
    "event_kind": "",
    "cap": None,
    "text": "",
    "note": "",
}


def _expand_table() -> list[dict]:
    """One rule per cell (per seq), in table order: rows, then columns, then seq."""
    cohort_keys = [cohort["key"] for cohort in COHORTS]
    activity_keys = [activity["key"] for activity in ACTIVITIES]
    if list(_TABLE) != activity_keys:
        raise ValueError("Appendix C rows and ACTIVITIES disagree")
    rules = []
    for activity_key, row in _TABLE.items():
        cells: dict[str, list[dict]] = {}
        for selector, specs in row.items():
            for cohort_key in (selector,) if isinstance(selector, str) else selector:
                if cohort_key in cells:
                    raise ValueError(f"{activity_key}: {cohort_key} given twice")
                cells[cohort_key] = specs if isinstance(specs, list) else [specs]
        if sorted(cells) != sorted(cohort_keys):
            raise ValueError(f"{activity_key}: cells for {sorted(cells)}")
        for cohort_key in cohort_keys:
            for seq, spec in enumerate(cells[cohort_key], start=1):
                rules.append(
                    {"cohort": cohort_key, "activity": activity_key, **_BLANK_RULE}
                    | spec
                    | {"seq": seq}
                )
    return rules


RULES = _expand_table()
