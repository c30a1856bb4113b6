"""The change feed: the event ledger as seen by the caller, oldest first, in pages
behind an opaque signed cursor. A client replays it to keep its copy current."""

from django.core import signing
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from qualification.event_kinds import event_kind_label
from qualification.selectors import events_visible_to

CURSOR_SALT = "mhhs_portal.api.feed"
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


class InvalidCursor(exceptions.ValidationError):
    problem_code = "invalid_cursor"


def _scope(request) -> str:
    """Who a cursor belongs to: the user, narrowed by the token's organisation or body."""
    token = getattr(request.user, "api_token", None)
    narrowed = f"o{token.organisation_id}b{token.body}" if token else "session"
    return f"{request.user.pk}:{narrowed}"


def cursor_for(request, last_id: int) -> str:
    return signing.dumps({"after": last_id, "scope": _scope(request)}, salt=CURSOR_SALT)


def cursor_position(request, cursor: str) -> int:
    try:
        data = signing.loads(cursor, salt=CURSOR_SALT)
    except signing.BadSignature:
        raise InvalidCursor({"after": ["This cursor is not one the feed issued."]}) from None
    if data.get("scope") != _scope(request) or not isinstance(data.get("after"), int):
        raise InvalidCursor({"after": ["This cursor was issued to another caller."]})
    return data["after"]


class FeedEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.SerializerMethodField()
    occurred_at = serializers.DateTimeField()
    organisation = serializers.IntegerField(source="organisation_id", allow_null=True)
    qualification = serializers.IntegerField(source="qualification_id", allow_null=True)
    payload = serializers.JSONField()
    links = serializers.SerializerMethodField()

    def get_kind_label(self, event) -> str:
        return event_kind_label(event.kind)

    def get_links(self, event) -> dict[str, str]:
        """The API address of each object the event is about: a client re-reads them."""
        # Webhook deliveries have no request: their links are paths on the portal.
        request = self.context.get("request")
        build = request.build_absolute_uri if request else str
        links = {}
        if event.organisation_id:
            links["organisation"] = build(
                reverse("organisation-detail", args=[event.organisation_id])
            )
        if event.qualification_id:
            links["qualification"] = build(
                reverse("qualification-detail", args=[event.qualification_id])
            )
        return links


class FeedPageSerializer(serializers.Serializer):
    results = FeedEventSerializer(many=True)
    next = serializers.CharField(help_text="Pass as `after` to read on; store it to resume.")
    has_more = serializers.BooleanField()


class EventFeedApi(APIView):
    """Events the caller may see, oldest first. Read on with `after=<next>` until
    `has_more` is false; later, the stored `next` returns only what is new."""

    @extend_schema(
        parameters=[
            OpenApiParameter("after", OpenApiTypes.STR, description="The `next` of a page."),
            OpenApiParameter("page_size", OpenApiTypes.INT, description=f"1 to {MAX_PAGE_SIZE}."),
        ],
        responses={200: FeedPageSerializer},
    )
    def get(self, request):
        after = request.query_params.get("after")
        position = cursor_position(request, after) if after else 0
        size = _page_size(request.query_params.get("page_size"))
        rows = list(
            events_visible_to(request.user)
            .select_related(None)
            .filter(id__gt=position)
            .order_by("id")
            .only(
                "id",
                "kind",
                "occurred_at",
                "organisation_id",
                "qualification_id",
                "payload",
            )[: size + 1]
        )
        page, has_more = rows[:size], len(rows) > size
        last = page[-1].id if page else position
        return Response(
            {
                "results": FeedEventSerializer(page, many=True, context={"request": request}).data,
                "next": cursor_for(request, last),
                "has_more": has_more,
            }
        )


def _page_size(raw) -> int:
    if raw in (None, ""):
        return DEFAULT_PAGE_SIZE
    try:
        size = int(raw)
    except ValueError:
        size = 0
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise exceptions.ValidationError(
            {"page_size": [f"A whole number from 1 to {MAX_PAGE_SIZE}."]}
        )
    return size
