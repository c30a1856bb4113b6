"""Identity and audit: MFA for staff and Directors, session timeouts,
re-authentication before sensitive actions, the audit log and export."""
