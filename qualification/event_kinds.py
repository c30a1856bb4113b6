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
}


def event_kind_label(kind: str) -> str:
    return EVENT_KINDS.get(kind, kind.replace("_", " ").capitalize())
