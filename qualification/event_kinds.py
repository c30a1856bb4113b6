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
    # API access
    "api_token_created": "API token created",
    "api_token_revoked": "API token revoked",
    "webhook_endpoint_registered": "Webhook endpoint registered",
    "webhook_endpoint_removed": "Webhook endpoint removed",
    # Cohorts
    "cohort_allocated": "Allocated to a cohort",
    "cohort_changed": "Moved to another cohort",
    # QAD (qad app)
    "qad_created": "QAD started",
    "qad_qualification_added": "Role added to the QAD",
    "qad_exemption_requested": "Segment exemption requested in the QAD",
    "qad_evidence_uploaded": "QAD evidence uploaded",
    "qad_section_started": "QAD section started",
    "qad_section_submitted": "QAD section submitted",
    "qad_section_resubmitted": "QAD section resubmitted",
    "qad_section_changes_requested": "Changes requested on a QAD section",
    "qad_section_accepted": "QAD section accepted by every reviewing body",
    "qad_section_reopened": "QAD section reopened",
    "qad_review_accepted": "A body accepted a QAD section",
    "qad_review_changes_requested": "A body requested changes to a QAD section",
    "qad_review_awaiting_resubmission": "A body's review reopened by a resubmission",
    "qad_review_reopened": "A body's review reopened with its section",
    "initial_qad_submitted": "Initial QAD submitted",
    "final_qad_submitted": "Final QAD submitted",
    "qad_marked_final": "QAD re-versioned as Final",
    "qad_ready_to_sign": "Final QAD accepted: ready for Director sign-off",
    "qad_sign_off_recorded": "QAD snapshot signed and frozen",
    "qad_comment_added": "Comment on a QAD section",
    "qad_comment_resolved": "Comment on a QAD section resolved",
    "qad_reopen_requested": "Reopening of a QAD section requested",
    "qad_reopen_approved": "Reopening of a QAD section approved",
    "qad_reopen_refused": "Reopening of a QAD section refused",
    "qad_delegation_recorded": "Letter of Delegated Authority uploaded",
    "qad_template_published": "QAD template version published",
    "qad_template_version_created": "New draft version of a QAD template",
    # Service activation (service_activation.steps) and DIP onboarding
    "activation_opened": "Service activation opened",
    "migration_plan_agreed": "Migration plan agreed",
    "efd_agreed": "Effective From Date agreed",
    "efd_changed": "Effective From Date moved",
    "activation_triggered": "Service activation triggered",
    "systems_updated": "Elexon and DIP systems updated",
    "promoted_to_production": "DIP User promoted to production",
    "config_imported": "Configuration imported",
    "success_checks_passed": "DIP Manager success checks passed",
    "isd_published": "ISD catalogue published",
    "isd_imported": "ISD data imported",
    "activation_live": "Service activation completed",
    "activation_ticket_raised": "Service-desk ticket raised",
    "activation_ticket_resolved": "Service-desk ticket resolved",
    "dip_officer_appointed": "DIP security officer appointed",
    "dip_officer_removed": "DIP security officer removed",
    "dip_test_certificates_issued": "DIP test certificates issued",
    "dip_smoke_test_passed": "DIP connectivity (smoke) test passed",
    "dip_onboarding_completed": "DIP onboarding for QT completed",
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
    "final_pit_approach_submitted": "Final PIT Approach and Plan submitted",
    "pit_rttm_submitted": "PIT RTTM submitted",
    "qt_entry_checkpoint_1_passed": "QT Entry Checkpoint 1 passed",
    "qt_test_plan_approved": "QT Participant Test Plan approved",
    "qt_entry_checkpoint_2_passed": "QT Entry Checkpoint 2 passed",
    "initial_qad_review_completed": "Initial QAD review completed",
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
