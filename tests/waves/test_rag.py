import pytest

from waves.rag import Rag, cohort_rag, qualification_rag
from waves.rules import Status as S


@pytest.mark.parametrize(
    ("statuses", "rag"),
    [
        ([S.MET_ON_TIME, S.NOT_APPLICABLE, S.INDICATIVE], Rag.COMPLETE),
        ([S.MET_LATE, S.MET_ON_TIME], Rag.COMPLETE),
        ([], Rag.COMPLETE),
        ([S.MET_ON_TIME, S.UPCOMING, S.AWAITING_EVENT], Rag.ON_TRACK),
        ([S.MET_ON_TIME, S.DUE_SOON], Rag.AT_RISK),
        ([S.MET_LATE, S.UPCOMING], Rag.AT_RISK),
        ([S.DUE_SOON, S.OVERDUE], Rag.MISSED),
        ([S.OVERDUE, S.MET_ON_TIME], Rag.MISSED),
    ],
)
def test_qualification_rag(statuses, rag):
    assert qualification_rag(statuses) == rag


@pytest.mark.parametrize(
    ("rags", "rag"),
    [
        ([Rag.COMPLETE, Rag.COMPLETE], Rag.COMPLETE),
        ([Rag.COMPLETE, Rag.ON_TRACK], Rag.ON_TRACK),
        ([Rag.ON_TRACK, Rag.AT_RISK, Rag.COMPLETE], Rag.AT_RISK),
        ([Rag.AT_RISK, Rag.MISSED], Rag.MISSED),
        ([], None),
    ],
)
def test_cohort_rag_is_the_worst_member_unless_all_complete(rags, rag):
    assert cohort_rag(rags) == rag
