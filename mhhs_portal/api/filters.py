import django_filters


class IdFilter(django_filters.NumberFilter):
    """A filter on an id. Bounded: a number past the database's integer range
    would crash the query instead of matching nothing (found by fuzzing)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)
