"""Every write to governance. Pages, the API, the demo, commands and tasks call these."""

from .approvals import appeal_record, approval_decide, approvals_sync
from .defects import (
    defect_assess,
    defect_record,
    defect_resolve,
    work_off_plan_agree,
    work_off_plan_propose,
    work_off_plan_review,
)
from .exemptions import exemption_assert, exemption_decide, exemption_request
from .findings import (
    finding_agree_plan,
    finding_clear,
    finding_propose_plan,
    finding_raise,
    finding_return_plan,
)
from .mpids import management_assertion_give, market_exit_record, mpid_plan_set
from .pab import agenda_add, agenda_remove, meeting_create
from .reliance import reliance_propose, reliance_review, reliance_withdraw

__all__ = [
    "agenda_add",
    "agenda_remove",
    "appeal_record",
    "approval_decide",
    "approvals_sync",
    "defect_assess",
    "defect_record",
    "defect_resolve",
    "exemption_assert",
    "exemption_decide",
    "exemption_request",
    "finding_agree_plan",
    "finding_clear",
    "finding_propose_plan",
    "finding_raise",
    "finding_return_plan",
    "management_assertion_give",
    "market_exit_record",
    "meeting_create",
    "mpid_plan_set",
    "reliance_propose",
    "reliance_review",
    "reliance_withdraw",
    "work_off_plan_agree",
    "work_off_plan_propose",
    "work_off_plan_review",
]
