import pytest

from qualification.fast_rows import QUALIFICATION_ROW_FIELDS, qualification_rows
from qualification.models import Qualification
from qualification.serializers import QualificationSerializer
from tests.factories import QualificationFactory, market_role

pytestmark = pytest.mark.django_db


def test_list_rows_are_exactly_what_the_serializer_gives():
    QualificationFactory(market_role=market_role("LDSO"))
    QualificationFactory(market_role=market_role("MEM_SMART"))
    queryset = Qualification.objects.order_by("id")
    expected = [dict(QualificationSerializer(q).data) for q in queryset]
    assert qualification_rows(queryset.values(*QUALIFICATION_ROW_FIELDS)) == expected
    assert len(expected) == 2
