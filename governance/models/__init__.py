from .approvals import Appeal, AppealForum, Approval, ApprovalStatus, Decision
from .defects import Defect, DefectStatus, WorkOffAgreement, WorkOffPlan, WorkOffStatus
from .exemptions import Exemption, ExemptionSegment, ExemptionStatus
from .findings import Finding, FindingKind, FindingStatus
from .mpids import ExitKind, ManagementAssertion, MarketExit, MpidPlan, MpidScope
from .pab import AgendaItem, PabMeeting, PackVersion
from .reliance import RelianceProposal, RelianceReview, RelianceScope, RelianceStatus

__all__ = [
    "AgendaItem",
    "Appeal",
    "AppealForum",
    "Approval",
    "ApprovalStatus",
    "Decision",
    "Defect",
    "DefectStatus",
    "Exemption",
    "ExemptionSegment",
    "ExemptionStatus",
    "ExitKind",
    "Finding",
    "FindingKind",
    "FindingStatus",
    "ManagementAssertion",
    "MarketExit",
    "MpidPlan",
    "MpidScope",
    "PabMeeting",
    "PackVersion",
    "RelianceProposal",
    "RelianceReview",
    "RelianceScope",
    "RelianceStatus",
    "WorkOffAgreement",
    "WorkOffPlan",
    "WorkOffStatus",
]
