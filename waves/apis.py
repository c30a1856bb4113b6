from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response

from qualification.selectors import qualifications_visible_to

from .selectors import cohorts_with_current_timeline
from .serializers import AllocationInputSerializer, AllocationSerializer, CohortSerializer
from .services import allocation_set


class _CohortScope:
    serializer_class = CohortSerializer

    def get_queryset(self):
        return cohorts_with_current_timeline()


class CohortListApi(_CohortScope, generics.ListAPIView):
    """Cohorts (SIT groups, the LDSO wave, QT waves) with every version of their timeline."""


class CohortDetailApi(_CohortScope, generics.RetrieveAPIView):
    """One cohort with its timelines, newest version first."""


class AllocationSetApi(generics.GenericAPIView):
    """Allocate a qualification to a cohort, or move it (a move needs a reason)."""

    serializer_class = AllocationInputSerializer

    def get_queryset(self):
        return qualifications_visible_to(self.request.user)

    @extend_schema(request=AllocationInputSerializer, responses={200: AllocationSerializer})
    def post(self, request, pk):
        qualification = self.get_object()
        data = AllocationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        allocation = allocation_set(
            actor=request.user, qualification=qualification, **data.validated_data
        )
        return Response(AllocationSerializer(allocation).data)
