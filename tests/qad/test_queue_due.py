"""The reviewer queue shows when a review is due once the deadline engine says so."""

from datetime import date

import pytest
from django.urls import reverse

from qad import selectors
from qad.models import SectionReview

pytestmark = pytest.mark.django_db


def test_without_a_cohort_no_due_date_is_known(submitted_section):
    reviews = list(SectionReview.objects.filter(section=submitted_section))
    assert selectors.review_due_dates(reviews) == {r.pk: None for r in reviews}


def test_the_deadline_engine_dates_the_initial_review(
    client, submitted_section, supplier_in_testing, bsc_reviewer, django_assert_max_num_queries
):
    from tests.factories import allocate
    from waves.sweep import deadlines_sweep

    allocate(supplier_in_testing, "wave_1")
    deadlines_sweep(as_of=date(2025, 6, 1), qualification_ids=[supplier_in_testing.pk])
    reviews = list(
        SectionReview.objects.filter(section=submitted_section).select_related("section__qad")
    )
    with django_assert_max_num_queries(2):
        due = selectors.review_due_dates(reviews)
    # Wave 1: within 6 weeks of the Initial QAD submission or 22/08/2025, whichever is earlier.
    assert set(due.values()) == {date(2025, 8, 22)}
    client.force_login(bsc_reviewer)
    page = client.get(reverse("qad:queue")).content.decode()
    assert "Review due" in page and '<time datetime="2025-08-22"' in page


def test_the_queue_leaves_the_column_out_while_no_due_date_is_known(
    client, submitted_section, bsc_reviewer
):
    client.force_login(bsc_reviewer)
    page = client.get(reverse("qad:queue")).content.decode()
    assert "Business solution: people" in page
    assert "Review due" not in page


def test_the_queue_shows_the_due_date_the_hook_gives(
    client, submitted_section, bsc_reviewer, monkeypatch
):
    due = date(2026, 1, 5)
    monkeypatch.setattr(selectors, "review_due_dates", lambda reviews: {r.pk: due for r in reviews})
    client.force_login(bsc_reviewer)
    page = client.get(reverse("qad:queue")).content.decode()
    assert "Review due" in page
    assert '<time datetime="2026-01-05" class="overdue">5 Jan 2026</time>' in page
