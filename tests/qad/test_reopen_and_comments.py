import pytest

from mhhs_portal.exceptions import IllegalTransition, NotPermitted
from qad import services
from qad.models import ReopenRequest

from .conftest import accept_all, fresh, ledger


@pytest.fixture
def accepted_section(submitted_section, reviewers):
    accept_all(submitted_section, reviewers)
    return fresh(submitted_section)


def test_reopen_approved_reopens_section_and_reviews(accepted_section, contributor_a, reviewers):
    request = services.reopen_request(
        actor=contributor_a, section=accepted_section, reason="New chart"
    )
    services.reopen_decide(actor=reviewers["REC"], request=request, approve=True)
    section = fresh(accepted_section)
    assert section.status == "in_progress"
    assert set(section.reviews.values_list("status", flat=True)) == {"pending"}
    assert fresh(request).status == "approved" and fresh(request).decided_by == reviewers["REC"]


def test_reopen_refused_leaves_section_accepted(accepted_section, contributor_a, reviewers):
    request = services.reopen_request(actor=contributor_a, section=accepted_section, reason="x")
    services.reopen_decide(actor=reviewers["BSC"], request=request, approve=False)
    assert fresh(accepted_section).status == "accepted" and fresh(request).status == "refused"


def test_reopen_only_for_accepted_sections_and_by_reviewing_bodies(
    submitted_section, accepted_section, contributor_a, reviewers
):
    request = services.reopen_request(actor=contributor_a, section=accepted_section, reason="x")
    with pytest.raises(IllegalTransition):
        services.reopen_request(actor=contributor_a, section=accepted_section, reason="again")
    with pytest.raises(NotPermitted):
        services.reopen_decide(actor=reviewers["DIP"], request=request, approve=True)
    with pytest.raises(NotPermitted):
        services.reopen_decide(actor=contributor_a, request=request, approve=True)
    assert ReopenRequest.objects.get().status == "requested"


def test_a_point_is_resolved_only_by_the_body_that_raised_it(
    submitted_section, reviewers, contributor_a
):
    comment = services.comment_add(actor=reviewers["BSC"], section=submitted_section, text="Why?")
    reply = services.comment_add(
        actor=contributor_a, section=submitted_section, text="Because", internal=True
    )
    assert reply.body == "" and reply.internal is False
    events = ledger()
    for other in (reviewers["REC"], contributor_a):
        with pytest.raises(NotPermitted):
            services.comment_resolve(actor=other, comment=comment)
    assert fresh(comment).resolved_at is None and ledger() == events
    services.comment_resolve(actor=reviewers["BSC"], comment=comment)
    assert fresh(comment).resolved_by == reviewers["BSC"]
    with pytest.raises(IllegalTransition):
        services.comment_resolve(actor=reviewers["BSC"], comment=comment)
