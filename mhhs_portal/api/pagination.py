from rest_framework.pagination import CursorPagination


class DefaultCursorPagination(CursorPagination):
    """Stable pages over growing tables: a client's cursor survives new rows."""

    ordering = "id"
    page_size_query_param = "page_size"
    max_page_size = 500
