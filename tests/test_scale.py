"""The population generator on a small base, and every list page and list
endpoint answering in the same number of queries at 1x and 3x the rows."""

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from governance.models import Approval, PabMeeting
from mhhs_portal.demo import scale
from qad.models import Answer, QadSection
from qualification.models import Event, MarketRole, Membership, Organisation, Qualification, User
from waves.models import Cohort, Deadline

COPIES = 3
COPIED = (Organisation, Membership, Qualification, QadSection, Answer, Approval, Deadline)


@pytest.fixture
def base(db):
    # PostgreSQL sequences ignore rollbacks: start this base's ids low again,
    # since the generator reads ids below its stride as the base population.
    tables = [m for m in apps.get_models(include_auto_created=True) if m._meta.app_label != "auth"]
    scale._reset_sequences(tables)
    scale.build_base("pw", scale.small_specs())
    section = QadSection.objects.filter(answers__isnull=False).order_by("pk").first()
    organisation = section.qad.organisation
    return {
        "org": organisation,
        "admin": organisation.memberships.get(role="admin").user,
        "contributor": organisation.memberships.get(role="contributor").user,
        "section": section,
        "meeting": PabMeeting.objects.filter(items__isnull=False).order_by("pk").first(),
    }


def _counts():
    return {model: model.objects.count() for model in COPIED}


def _history_counts():
    return {model: model.history.count() for model in COPIED}


def test_copies_repeat_rows_with_history_and_pages_query_the_same_at_3x(
    base, django_capture_on_commit_callbacks
):
    """One test, since building the base is most of its cost."""
    pages = _pages(base)
    once = _queries(pages)
    before, history_before = _counts(), _history_counts()
    users, roles, cohorts = User.objects.count(), MarketRole.objects.count(), Cohort.objects.count()
    staff = User.objects.filter(memberships__isnull=True).count()
    events = Event.objects.exclude(organisation=None).count()

    # Committing the copies makes the deadlines dashboard recompute its figures.
    with django_capture_on_commit_callbacks(execute=True):
        assert scale.scale_to(COPIES, log=lambda _: None) > 0

    assert _counts() == {m: n * COPIES for m, n in before.items()}
    assert _history_counts() == {m: n * COPIES for m, n in history_before.items()}
    assert Event.objects.exclude(organisation=None).count() >= events * COPIES
    # Shared rows stay single: reference data and staff people.
    assert (MarketRole.objects.count(), Cohort.objects.count()) == (roles, cohorts)
    assert User.objects.count() == staff + (users - staff) * COPIES
    assert scale.copies_present() == COPIES
    # A copy is whole: its rows point at its own organisation, never at the base's.
    copy = Organisation.objects.get(pk=base["org"].pk + scale.STRIDE)
    assert copy.name == f"{base['org'].name} (2)"
    assert set(
        Answer.objects.filter(section__qad__organisation=copy).values_list(
            "section__qad__organisation", flat=True
        )
    ) == {copy.pk}
    assert Answer.objects.filter(section__qad__organisation=copy).count() == (
        Answer.objects.filter(section__qad__organisation=base["org"]).count()
    )
    copied_admin = copy.memberships.get(role="admin").user
    assert copied_admin.email == base["admin"].email.replace("@", "+2@")
    # New rows after the copies get fresh ids (sequences moved past the copies).
    assert Organisation.objects.create(name="After", slug="after").pk > copy.pk
    # Running again to the same scale adds nothing.
    assert scale.scale_to(COPIES, log=lambda _: None) == 0

    thrice = _queries(pages)
    grown = {page: (once[page], thrice[page]) for page in once if once[page] != thrice[page]}
    assert not grown, f"queries at 1x and {COPIES}x differ: {grown}"


def _pages(base) -> list[tuple[User, str]]:
    by_email = {u.email: u for u in User.objects.filter(memberships__isnull=True)}
    org, qad = base["org"].pk, base["section"].qad_id
    programme = by_email["programme@mhhsp.example"]
    secretariat = by_email["pab.secretariat@elexon.example"]
    participant = [
        f"/organisations/{org}/",
        f"/organisations/{org}/roles/",
        f"/organisations/{org}/members/",
        "/qad/",
        f"/qad/{qad}/",
        "/qad/notifications/",
        "/timelines/",
    ]
    api = [
        "/api/v1/organisations/",
        "/api/v1/qualifications/",
        "/api/v1/qads/",
        f"/api/v1/qads/{qad}/sections/",
        "/api/v1/events/",
        "/api/v1/deadlines/",
        "/api/v1/approvals/",
        "/api/v1/activations/",
    ]
    return (
        [(base["admin"], url) for url in participant + api]
        + [(base["contributor"], f"/qad/sections/{base['section'].pk}/")]
        + [
            (programme, url)
            for url in [
                "/participants/",
                "/deadlines/",
                "/deadlines/replans/",
                "/qad/",
                "/api/v1/cohorts/",
                *api,
            ]
        ]
        + [
            (by_email["bsc.reviewer@elexon.example"], url)
            for url in ["/qad/queue/", "/participants/"]
        ]
        + [
            (secretariat, url)
            for url in [
                "/governance/approvals/",
                "/governance/approvals/?status=approved",
                "/governance/pab/",
                f"/governance/pab/{base['meeting'].pk}/",
                "/governance/register.csv",
            ]
        ]
        + [
            (by_email["activation@elexon.example"], url)
            for url in ["/service-activation/", "/service-activation/dip-onboarding/"]
        ]
    )


def _queries(pages) -> dict[str, int]:
    counts = {}
    for user, url in pages:
        client = Client()
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (user.email, url, response.status_code)
        counts[f"{user.email} {url}"] = len(queries)
    return counts
