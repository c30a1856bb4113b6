"""Governance (issue 6): approvals by body, findings, defects and work-off
plans, placing reliance, exemptions, several MPIDs, "MHHS Qualified", PAB
meetings and approval packs.

The architecture places governance in `qualification`; it lives in its own
app so its migrations never clash with the core's. It imports the core, the
QAD's selectors/services and the waves' selectors; nothing imports it.
"""
