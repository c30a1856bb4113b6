"""Reads of PQSs, wait lists and the allocation board, always from the user.

Participants see their own organisation's PQSs (drafts included); Code Body
reviewers see submitted PQSs of organisations with a role their body governs;
programme-wide staff see every submitted PQS. Anything else answers 404.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from qualification.event_kinds import event_kind_label
from qualification.models import Event, Mpid, Qualification
from qualification.permissions import actor_for
from qualification.selectors import organisations_visible_to, qualifications_visible_to

from .models import Allocation, Cohort, Route
from .models_pqs import UNDER_REVIEW, PqsMessage, PqsStatus, WaitListEntry, WaitListStatus
from .models_pqs import PreQualificationSubmission as Pqs


def pqs_visible_to(user) -> QuerySet[Pqs]:
    actor = actor_for(user)
    base = Pqs.objects.select_related("organisation", "preferred_cohort")
    if not actor.is_authenticated:
        return base.none()
    if actor.is_superuser:
        return base
    own = Q(organisation_id__in=list(actor.memberships))
    if actor.sees_every_participant:
        return base.filter(own | ~Q(status=PqsStatus.DRAFT))
    if not actor.bodies:
        return base.filter(own)
    governed = Q(organisation__in=organisations_visible_to(user)) & ~Q(status=PqsStatus.DRAFT)
    return base.filter(own | governed)


def _with_details(queryset: QuerySet[Pqs]) -> QuerySet[Pqs]:
    return queryset.prefetch_related(
        Prefetch(
            "qualifications",
            queryset=Qualification.objects.select_related("market_role", "allocation__cohort"),
        ),
        Prefetch("mpids", queryset=Mpid.objects.select_related("market_role")),
        Prefetch("mpids_not_taken_forward", queryset=Mpid.objects.select_related("market_role")),
        Prefetch("messages", queryset=PqsMessage.objects.select_related("author")),
    )


def pqs_get(user, pk) -> Pqs:
    return get_object_or_404(_with_details(pqs_visible_to(user)), pk=pk)


def pqs_list(user, organisation=None) -> QuerySet[Pqs]:
    queryset = pqs_visible_to(user)
    if organisation is not None:
        queryset = queryset.filter(organisation=organisation)
    return _with_details(queryset).order_by("-id")


def pqs_review_queue(user) -> QuerySet[Pqs]:
    """Submissions the Code Bodies are reviewing, oldest first."""
    return (
        _with_details(pqs_visible_to(user).filter(status__in=UNDER_REVIEW))
        .annotate(message_count=Count("messages"))
        .order_by("submitted_at", "pk")
    )


def wait_list_visible_to(user) -> QuerySet[WaitListEntry]:
    return WaitListEntry.objects.filter(
        qualification__in=qualifications_visible_to(user).values("pk")
    ).select_related("cohort", "qualification__organisation", "qualification__market_role", "pqs")


def wait_list_entry_get(user, pk) -> WaitListEntry:
    return get_object_or_404(wait_list_visible_to(user), pk=pk)


def allocations_visible_to(user) -> QuerySet[Allocation]:
    return Allocation.objects.filter(
        qualification__in=qualifications_visible_to(user).values("pk")
    ).select_related("cohort", "qualification__organisation", "qualification__market_role")


def waves() -> QuerySet[Cohort]:
    """The QT waves with the places taken in each (capacity is programme-wide)."""
    return (
        Cohort.objects.filter(route=Route.NON_SIT_QT)
        .annotate(taken=Count("allocations", distinct=True))
        .order_by("order")
    )


def wave_get(key: str) -> Cohort:
    return get_object_or_404(waves(), key=key)


@dataclass
class BoardRow:
    wave: Cohort
    allocations: list = field(default_factory=list)
    waiting: list = field(default_factory=list)
    moves: list = field(default_factory=list)

    @property
    def free(self) -> int | None:
        if self.wave.capacity is None:
            return None
        return max(self.wave.capacity - self.wave.taken, 0)

    @property
    def percent(self) -> int:
        """How full the wave is, for its capacity bar (0-100, in steps of 5)."""
        if not self.wave.capacity:
            return 0
        share = min(self.wave.taken / self.wave.capacity, 1)
        return round(share * 20) * 5

    @property
    def hidden(self) -> int:
        """Places held by participants the reader does not see: counted, never named."""
        return self.wave.taken - len(self.allocations)


# What the board lists as moves: changes of wave and of the wait list, not
# every first allocation (the allocated table shows those).
MOVE_KINDS = ("cohort_changed", "wait_listed", "wait_list_removed")


def allocation_board(user, *, moves_per_wave: int = 10) -> list[BoardRow]:
    """Each QT wave with its visible allocations, wait list and latest moves,
    in a fixed number of queries whatever the number of participants."""
    rows = {wave.pk: BoardRow(wave) for wave in waves()}
    keys = {row.wave.key: row for row in rows.values()}
    for allocation in (
        allocations_visible_to(user)
        .filter(cohort_id__in=rows)
        .order_by("qualification__organisation__name", "qualification__market_role__order")
    ):
        rows[allocation.cohort_id].allocations.append(allocation)
    for entry in (
        wait_list_visible_to(user)
        .filter(cohort_id__in=rows, status=WaitListStatus.WAITING)
        .order_by("created_at", "pk")
    ):
        rows[entry.cohort_id].waiting.append(entry)
    events = (
        Event.objects.filter(
            kind__in=MOVE_KINDS,
            qualification__in=qualifications_visible_to(user).values("pk"),
        )
        .select_related("actor", "qualification__organisation", "qualification__market_role")
        .order_by("-occurred_at", "-pk")[: moves_per_wave * max(len(rows), 1) * 2]
    )
    labels = {c.key: c.label for c in Cohort.objects.only("key", "label")}
    for event in events:
        event.label = event_kind_label(event.kind)
        event.from_label = labels.get(event.payload.get("from"), "")
        event.to_label = labels.get(event.payload.get("to") or event.payload.get("cohort"), "")
        touched = {event.payload.get("to"), event.payload.get("from"), event.payload.get("cohort")}
        for key in touched & keys.keys():
            if len(keys[key].moves) < moves_per_wave:
                keys[key].moves.append(event)
    return list(rows.values())
