"""The programme's RAG vocabulary (QAG packs): Complete / On track / At risk / Missed.

Per qualification, from the statuses of its deadlines:
- Complete: nothing outstanding (every dated deadline met, the rest n/a or indicative).
- Missed: a deadline is overdue, i.e. its day passed without the completing
  event; the programme escalates it ("missed or unlikely without escalation").
- At risk: nothing overdue, but a deadline is due soon, or one was met late
  (a participant who has slipped once is "likely to meet it if issues are
  resolved", not on track).
- On track: the rest.
Per cohort: Complete when every member is; otherwise the worst RAG among the
members that are not complete, because the programme escalates any one
participant's miss and a cohort is only as on track as its worst member.
"""

from collections.abc import Iterable

from django.db import models

from .rules import OUTSTANDING, Status


class Rag(models.TextChoices):
    COMPLETE = "complete", "Complete"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    MISSED = "missed", "Missed"


# Worst last.
RAG_ORDER = [Rag.COMPLETE, Rag.ON_TRACK, Rag.AT_RISK, Rag.MISSED]


def qualification_rag(statuses: Iterable[str]) -> Rag:
    seen = set(statuses)
    if not seen & OUTSTANDING:
        return Rag.COMPLETE
    if Status.OVERDUE in seen:
        return Rag.MISSED
    if seen & {Status.DUE_SOON, Status.MET_LATE}:
        return Rag.AT_RISK
    return Rag.ON_TRACK


def cohort_rag(rags: Iterable[str]) -> Rag | None:
    """None for a cohort with no qualifications."""
    seen = set(rags)
    if not seen:
        return None
    return max((Rag(r) for r in seen), key=RAG_ORDER.index)
