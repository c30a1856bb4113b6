"""The vocabulary of the event ledger.

Every kind a service may record is listed here with a label people read in
activity timelines and API clients read in the change feed. Apps above the
core add their kinds here so the vocabulary stays in one place.
"""

EVENT_KINDS: dict[str, str] = {
    # Organisations and people
    "organisation_created": "Organisation registered",
    "member_added": "Member added",
    "member_role_changed": "Member's role changed",
    "member_removed": "Member removed",
    "mpid_registered": "MPID registered",
    # Qualification lifecycle
    "qualification_registered": "Role registered for qualification",
    "preparation_started": "Preparation started",
    "testing_entered": "QT / SIT entry confirmed",
    "final_qad_reached": "QAD re-versioned as Final",
    "qad_signed_off": "QAD signed off by a Director",
    "qualified": "MHHS Qualified",
    "activated": "Live: can trade in MHHS",
    "qualification_withdrawn": "Qualification withdrawn",
    "qualification_surrendered": "MPIDs surrendered",
    # Cohorts
    "cohort_allocated": "Allocated to a cohort",
    "cohort_changed": "Moved to another cohort",
    # Appendix C activities: the events that complete them or start a
    # "within N of ..." rule (waves.appendix_c.COMPLETING_EVENT_KINDS).
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
    "final_qad_submitted": "Final QAD submitted",
    "final_qad_review_completed": "Final QAD review completed",
    "all_open_comments_addressed": "All open comments on the QAD addressed",
    "dip_non_technical_assurance_completed": "Non-technical assurance for DIP Onboarding done",
    # Deadlines
    "deadline_reminder": "Deadline reminder",
    "deadline_escalated": "Deadline missed: escalated to the programme",
    "deadlines_replanned": "Deadlines moved by a re-planned timeline",
}


def event_kind_label(kind: str) -> str:
    return EVENT_KINDS.get(kind, kind.replace("_", " ").capitalize())
