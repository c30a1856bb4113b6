from rest_framework import generics

from .selectors import cohorts_with_current_timeline
from .serializers import CohortSerializer


class _CohortScope:
    serializer_class = CohortSerializer

    def get_queryset(self):
        return cohorts_with_current_timeline()


class CohortListApi(_CohortScope, generics.ListAPIView):
    """Cohorts (SIT groups, the LDSO wave, QT waves) with every version of their timeline."""


class CohortDetailApi(_CohortScope, generics.RetrieveAPIView):
    """One cohort with its timelines, newest version first."""
