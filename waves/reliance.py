"""The Placing Reliance rule of allocation (QA&P §9.3.2): a participant cannot
be allocated to a cohort earlier than a party it places reliance on.

Reliance proposals live in the governance app, which builds on waves; waves
must not import it. The proposals' events in the core ledger carry what the
rule needs (the proposal id and the relied-on qualification), so the rule is
read from there: a proposal counts from `placing_reliance_submitted` until a
`reliance_refused` or `reliance_withdrawn` event for the same proposal.
"""

from django.db.models import Q

from qualification.models import Event, Qualification

OPENS = "placing_reliance_submitted"
CLOSES = ("reliance_refused", "reliance_withdrawn")


def _live_pairs(qualification_id: int) -> list[tuple[int, int]]:
    """(reliant, relied-on) qualification ids of live proposals touching this qualification."""
    opened = Event.objects.filter(kind=OPENS).filter(
        Q(qualification_id=qualification_id) | Q(payload__relies_on_qualification=qualification_id)
    )
    proposals = {
        e.payload["reliance"]: (e.qualification_id, e.payload.get("relies_on_qualification"))
        for e in opened
        if e.payload.get("relies_on_qualification")
    }
    if not proposals:
        return []
    closed = {
        e.payload.get("reliance")
        for e in Event.objects.filter(
            kind__in=CLOSES, qualification_id__in={q for pair in proposals.values() for q in pair}
        )
    }
    return [pair for pk, pair in proposals.items() if pk not in closed]


def reliance_conflict(qualification: Qualification, cohort, cohort_of) -> str:
    """The refusal message if putting `qualification` in `cohort` breaks the rule, else ''.

    `cohort_of(qualification_id)` gives the other party's current cohort or None.
    """
    for reliant, relied_on in _live_pairs(qualification.pk):
        if reliant == qualification.pk:
            theirs = cohort_of(relied_on)
            if theirs is not None and cohort.order < theirs.order:
                return (
                    f"{cohort.label} is earlier than {theirs.label}, the cohort of a party"
                    " this participant places reliance on (QA&P §9.3.2)."
                )
        else:
            theirs = cohort_of(reliant)
            if theirs is not None and theirs.order < cohort.order:
                return (
                    f"{cohort.label} is later than {theirs.label}, the cohort of a participant"
                    " that places reliance on this one (QA&P §9.3.2)."
                )
    return ""
