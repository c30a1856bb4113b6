"""Every read of QADs starts here, from the user who reads it.

Participants see their organisation's QADs, every section, and the comments
not marked internal. Reviewers see the QADs of organisations their body
governs, and within them only the sections their body reviews. Programme-wide
staff read everything. Anything else is absent, so lookups by id answer 404.
"""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from qualification.permissions import actor_for
from waves import selectors as waves_selectors

from .models import (
    Answer,
    Comment,
    EvidenceFile,
    EvidenceRevision,
    Notification,
    Qad,
    QadSection,
    QadStage,
    QadTemplate,
    ReviewStatus,
    SectionReview,
    SectionStatus,
    SignOff,
    TemplateStatus,
)
from .rights import reviewing_bodies


def _section_scope(user) -> Q | None:
    """A filter on QadSection for what the user sees; None means everything."""
    actor = actor_for(user)
    if not actor.is_authenticated:
        return Q(pk__in=[])
    if actor.sees_every_participant:
        return None
    scope = Q(qad__organisation_id__in=list(actor.memberships))
    if actor.bodies:
        reviewed = SectionReview.objects.filter(section=OuterRef("pk"), body__in=actor.bodies)
        scope |= Q(Exists(reviewed))
    return scope


def sections_visible_to(user) -> QuerySet[QadSection]:
    base = QadSection.objects.select_related("qad__organisation", "template_section", "market_role")
    scope = _section_scope(user)
    return base if scope is None else base.filter(scope)


def qads_visible_to(user) -> QuerySet[Qad]:
    scope = _section_scope(user)
    base = Qad.objects.select_related("organisation", "template")
    if scope is None:
        return base
    visible = sections_visible_to(user).values("qad_id")
    return base.filter(pk__in=visible)


def qad_list(user) -> QuerySet[Qad]:
    """QADs with what the list shows, in a fixed number of queries."""
    sections = sections_visible_to(user)
    return (
        qads_visible_to(user)
        .prefetch_related(Prefetch("qualifications__market_role"))
        .annotate(
            section_count=Count("sections", filter=Q(sections__in=sections), distinct=True),
            accepted_count=Count(
                "sections",
                filter=Q(sections__in=sections, sections__status=SectionStatus.ACCEPTED),
                distinct=True,
            ),
        )
        .order_by("organisation__name", "pk")
    )


def qad_get(user, pk) -> Qad:
    return get_object_or_404(qads_visible_to(user), pk=pk)


def qad_overview(user, pk) -> tuple[Qad, list[QadSection]]:
    """The QAD and the sections the user sees, with their reviews, in constant queries."""
    qad = get_object_or_404(
        qads_visible_to(user).prefetch_related("qualifications__market_role"), pk=pk
    )
    sections = list(
        sections_visible_to(user)
        .filter(qad=qad)
        .prefetch_related("reviews")
        .annotate(open_points=_open_points(user))
    )
    return qad, sections


def _open_points(user):
    visible = Q(comments__resolved_at__isnull=True) & ~Q(comments__body="")
    if not sees_internal(user):
        visible &= Q(comments__internal=False)
    return Count("comments", filter=visible, distinct=True)


def sign_off_get(user, qad_pk) -> SignOff:
    """The sign-off of a QAD the user sees; a QAD not signed off has none (404)."""
    # The QAD is looked up by its own primary key first: an out-of-range id
    # must be a 404, and only primary-key lookups guard the database's range.
    qad = get_object_or_404(qads_visible_to(user), pk=qad_pk)
    return get_object_or_404(SignOff.objects.select_related("signer"), qad=qad)


def section_get(user, pk) -> QadSection:
    return get_object_or_404(sections_visible_to(user), pk=pk)


def section_detail(user, pk) -> QadSection:
    """A section with its questions, answers, evidence and reviews prefetched."""
    return get_object_or_404(
        sections_visible_to(user).prefetch_related(
            "template_section__questions",
            "answers",
            "reviews",
            Prefetch(
                "evidence",
                queryset=EvidenceFile.objects.prefetch_related(
                    Prefetch(
                        "revisions",
                        queryset=EvidenceRevision.objects.select_related("uploaded_by"),
                    )
                ),
            ),
        ),
        pk=pk,
    )


def sees_internal(user) -> bool:
    actor = actor_for(user)
    return actor.sees_every_participant or bool(actor.bodies)


def comments_for(user, section: QadSection) -> QuerySet[Comment]:
    comments = section.comments.select_related("author", "resolved_by")
    return comments if sees_internal(user) else comments.filter(internal=False)


def comment_get(user, pk) -> Comment:
    comments = Comment.objects.filter(section__in=sections_visible_to(user))
    if not sees_internal(user):
        comments = comments.filter(internal=False)
    return get_object_or_404(comments.select_related("section__qad"), pk=pk)


def evidence_revision_get(user, pk) -> EvidenceRevision:
    return get_object_or_404(
        EvidenceRevision.objects.filter(evidence__section__in=sections_visible_to(user)), pk=pk
    )


QUEUE_RELATED = ("section__qad__organisation", "section__template_section", "section__market_role")


def reviewer_queue(user) -> QuerySet[SectionReview]:
    """Reviews waiting on the user's bodies, oldest submission first.

    No sections_visible_to() filter: a review by one of the user's bodies is
    exactly what puts its section in the user's scope (_section_scope), and
    repeating it as a subquery cost 60% of the page at 100x the population.
    """
    bodies = reviewing_bodies(user)
    return (
        SectionReview.objects.filter(
            body__in=bodies,
            status=ReviewStatus.PENDING,
            section__status__in=[
                SectionStatus.SUBMITTED,
                SectionStatus.RESUBMITTED,
                SectionStatus.CHANGES_REQUESTED,
            ],
        )
        .select_related(*QUEUE_RELATED)
        .order_by("section__last_submitted_at", "pk")
    )


def queue_rows(review_ids: list[int]) -> list[SectionReview]:
    """The reviews of one queue page, in the page's order. Only for ids taken
    from reviewer_queue(user): the scope was applied there."""
    rows = SectionReview.objects.select_related(*QUEUE_RELATED).in_bulk(review_ids)
    return [rows[pk] for pk in review_ids]


# The Appendix C activity that dates a body's review of each QAD stage.
REVIEW_ACTIVITY = {QadStage.INITIAL: "initial_qad_review", QadStage.FINAL: "final_qad_review"}


def review_due_dates(reviews) -> dict[int, date | None]:
    """When each body's review is due, by review id, from the deadline engine.

    A QAD covering several roles is due at the earliest of their deadlines.
    Two queries for the whole page: the QADs' roles, then their deadlines.
    """
    reviews = list(reviews)
    qad_ids = {review.section.qad_id for review in reviews}
    roles: dict[int, list[int]] = {}
    for qad_id, qualification_id in Qad.qualifications.through.objects.filter(
        qad_id__in=qad_ids
    ).values_list("qad_id", "qualification_id"):
        roles.setdefault(qad_id, []).append(qualification_id)
    due = waves_selectors.due_dates(
        {q for ids in roles.values() for q in ids}, REVIEW_ACTIVITY.values()
    )
    dates: dict[int, date | None] = {}
    for review in reviews:
        activity = REVIEW_ACTIVITY.get(review.section.qad.stage)
        candidates = [
            due[(q, activity)] for q in roles.get(review.section.qad_id, []) if (q, activity) in due
        ]
        dates[review.pk] = min(candidates) if candidates else None
    return dates


def changes_since_review(section: QadSection, review: SectionReview | None) -> dict:
    """What changed in the section since the body's last verdict, read from history."""
    since = review.reviewed_at if review else None
    if since is None:
        return {"since": None, "answers": [], "revisions": []}
    questions = {q.pk: q for q in section.template_section.questions.all()}
    then = {
        h.question_id: h.value for h in Answer.history.as_of(since).filter(section_id=section.pk)
    }
    changed = [
        {
            "question": questions.get(a.question_id),
            "before": then.get(a.question_id),
            "after": a.value,
        }
        for a in section.answers.all()
        if then.get(a.question_id) != a.value
    ]
    revisions = EvidenceRevision.objects.filter(
        evidence__section=section, created_at__gt=since
    ).select_related("evidence__question", "uploaded_by")
    return {"since": since, "answers": changed, "revisions": list(revisions)}


def section_history(section: QadSection) -> list:
    """Every recorded version of the section, its reviews and answers, newest first."""
    rows = [
        *section.history.select_related("history_user"),
        *SectionReview.history.filter(section_id=section.pk).select_related("history_user"),
        *Answer.history.filter(section_id=section.pk).select_related("history_user"),
    ]
    return sorted(rows, key=lambda h: (h.history_date, h.history_id), reverse=True)


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def templates_unfrozen() -> QuerySet[QadTemplate]:
    """Templates that may still change: drafts, and published ones no QAD uses yet."""
    used = Qad.objects.filter(template=OuterRef("pk"))
    return QadTemplate.objects.exclude(Q(status=TemplateStatus.PUBLISHED) & Q(Exists(used)))
