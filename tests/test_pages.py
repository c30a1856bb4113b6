"""The first screens: sign in, landing, participant home, participants,
timelines, roles and MPIDs, people, password reset."""

import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qualification.models import Event, Membership, Mpid, Qualification, User
from tests.factories import (
    PASSWORD,
    MpidFactory,
    OrganisationFactory,
    QualificationFactory,
    UserFactory,
    allocate,
    market_role,
    member,
    staff,
)
from waves.models import Cohort

pytestmark = pytest.mark.django_db

_serial = itertools.count()


def text_of(response) -> str:
    return response.content.decode()


def error_summary(response) -> str:
    match = re.search(r'<div class="error-summary".*?</div>', text_of(response), re.S)
    return match.group(0) if match else ""


def flash_messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --------------------------------------------------------------------------
# Sign in


def test_sign_in_page_has_labelled_email_and_password_inputs(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = text_of(response)
    for name, kind in (("login", "email"), ("password", "password")):
        field = re.search(rf'<input [^>]*name="{name}"[^>]*>', html)
        assert field, f"no {name} input"
        assert f'type="{kind}"' in field.group(0)
        input_id = re.search(r'id="([^"]+)"', field.group(0)).group(1)
        assert re.search(rf'<label for="{input_id}">[^<]+</label>', html), f"{name} has no label"
    assert 'href="/accounts/password/reset/"' in html


def test_a_participant_signs_in_and_lands_on_their_organisation(client, org_a):
    user = member(org_a, "admin", email="jo@alpha.example")
    response = client.post(
        "/accounts/login/", {"login": "JO@alpha.example", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"/organisations/{org_a.pk}/"
    assert response.status_code == 200
    assert response.context["user"] == user
    assert "Alpha Energy Test Ltd" in text_of(response)


def test_a_wrong_password_is_refused_with_a_message(client, org_a):
    member(org_a, "admin", email="jo@alpha.example")
    response = client.post("/accounts/login/", {"login": "jo@alpha.example", "password": "nope"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "not correct" in error_summary(response)


def test_sign_up_is_closed(client):
    assert "sign up is currently closed" in text_of(client.get("/accounts/signup/"))
    client.post(
        "/accounts/signup/",
        {
            "email": "self@signup.example",
            "password1": "xYz-12345-abc",
            "password2": "xYz-12345-abc",
        },
    )
    assert not User.objects.filter(email="self@signup.example").exists()


def test_password_reset_page_renders(client):
    response = client.get("/accounts/password/reset/")
    assert response.status_code == 200
    html = text_of(response)
    assert re.search(r'<input type="email" name="email"[^>]*id="id_email"', html)
    assert '<label for="id_email">' in html


def test_pages_need_a_signed_in_person(client, org_a):
    for path in ("/", f"/organisations/{org_a.pk}/", "/participants/", "/timelines/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


# --------------------------------------------------------------------------
# Landing


def test_home_sends_a_single_organisation_member_to_their_organisation(client, org_a, viewer_a):
    client.force_login(viewer_a)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == f"/organisations/{org_a.pk}/"


@pytest.mark.parametrize(("duty", "body"), [("reviewer", "BSC"), ("programme_viewer", "")])
def test_home_sends_staff_to_participants(client, duty, body):
    client.force_login(staff(duty, body))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/participants/"


def test_home_lists_the_organisations_of_a_member_of_several(client, org_a, org_b):
    user = member(org_a, "viewer")
    member(org_b, "viewer", email=user.email)
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    html = text_of(response)
    assert f'href="/organisations/{org_a.pk}/"' in html
    assert f'href="/organisations/{org_b.pk}/"' in html


def test_home_explains_an_account_without_organisation(client):
    client.force_login(UserFactory())
    response = client.get("/")
    assert response.status_code == 200
    assert "not yet linked to an organisation" in text_of(response)


# --------------------------------------------------------------------------
# Participant home


@pytest.fixture
def allocated_home(org_a):
    qualification = QualificationFactory(organisation=org_a)
    QualificationFactory(organisation=org_a, market_role=market_role("SDS"))
    MpidFactory(organisation=org_a, code="ALP1")
    MpidFactory(organisation=org_a, code="ALP2")
    MpidFactory(organisation=org_a, market_role=market_role("SDS"), code="ALS1")
    allocate(qualification, "wave_1")
    return org_a


def test_participant_home_shows_organisation_roles_mpids_and_plan(client, allocated_home):
    client.force_login(member(allocated_home, "viewer"))
    response = client.get(f"/organisations/{allocated_home.pk}/")
    assert response.status_code == 200
    html = text_of(response)
    assert "<h1>Alpha Energy Test Ltd</h1>" in html
    for text in ("Supplier", "Smart Data Service", "<code>ALP1</code>", "<code>ALS1</code>"):
        assert text in html
    svg = re.search(r"<svg[^>]*>", html)
    assert svg and 'role="img"' in svg.group(0)
    assert re.search(r"<title[^>]*>QT Wave 1 timeline</title>", html)
    assert "have not been allocated to a cohort yet" not in html
    assert 'href="/timelines/wave_1/"' in html


def test_participant_home_explains_a_missing_cohort(client, org_a):
    QualificationFactory(organisation=org_a)
    client.force_login(member(org_a, "viewer"))
    html = text_of(client.get(f"/organisations/{org_a.pk}/"))
    assert "<svg" not in html
    assert "have not been allocated to a cohort yet" in html
    assert 'href="/timelines/"' in html


def test_participant_home_explains_no_roles_yet(client, org_a, viewer_a):
    client.force_login(viewer_a)
    html = text_of(client.get(f"/organisations/{org_a.pk}/"))
    assert "No market roles are registered for qualification yet" in html


def test_another_organisations_home_is_404(client, org_a, org_b, admin_b):
    client.force_login(admin_b)
    assert client.get(f"/organisations/{org_a.pk}/").status_code == 404


# --------------------------------------------------------------------------
# Participants (the reviewer's home)


def _participants(n: int, role_code: str = "SUPPLIER"):
    created = []
    for _ in range(n):
        i = next(_serial)
        organisation = OrganisationFactory(name=f"Governed Participant {i:03d}")
        qualification = QualificationFactory(
            organisation=organisation, market_role=market_role(role_code)
        )
        QualificationFactory(organisation=organisation, market_role=market_role("SDS"))
        allocate(qualification, "wave_2")
        created.append(organisation)
    return created


def test_participants_lists_only_the_organisations_in_the_reviewers_scope(client):
    governed = _participants(2)
    mem_only = OrganisationFactory(name="Meter Only Ltd")
    QualificationFactory(organisation=mem_only, market_role=market_role("MEM_SMART"))
    client.force_login(staff("reviewer", "BSC"))
    response = client.get("/participants/")
    assert response.status_code == 200
    html = text_of(response)
    for organisation in governed:
        assert organisation.name in html
    assert "Meter Only Ltd" not in html
    assert "2 in scope" in html
    assert "QT Wave 2" in html


def test_participants_search_filters_by_name(client):
    _participants(3)
    target = OrganisationFactory(name="Kestrel Supply Ltd")
    QualificationFactory(organisation=target)
    client.force_login(staff("reviewer", "BSC"))
    html = text_of(client.get("/participants/", {"q": "kestrel"}))
    assert "Kestrel Supply Ltd" in html
    assert "Governed Participant" not in html
    assert "1 in scope" in html
    empty = text_of(client.get("/participants/", {"q": "zzz-nothing"}))
    assert "No organisation in your scope matches" in empty


def test_participants_is_not_for_participants(client, org_a, admin_a):
    client.force_login(admin_a)
    assert client.get("/participants/").status_code == 404


@pytest.mark.parametrize(("duty", "body"), [("reviewer", "BSC"), ("programme_viewer", "")])
def test_participants_query_count_does_not_grow_with_organisations(client, duty, body):
    client.force_login(staff(duty, body))
    _participants(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/participants/").status_code == 200
    _participants(10)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/participants/")
    assert text_of(response).count("Governed Participant") >= 12
    assert len(many) == len(few), "participants page queries grow with the organisations"


# --------------------------------------------------------------------------
# Timelines


def test_cohort_list_shows_every_cohort(client, viewer_a):
    client.force_login(viewer_a)
    response = client.get("/timelines/")
    assert response.status_code == 200
    html = text_of(response)
    for cohort in Cohort.objects.all():
        assert f'href="/timelines/{cohort.key}/"' in html
        assert cohort.label in html


def test_cohort_detail_shows_the_plan_and_every_rule(client, viewer_a):
    client.force_login(viewer_a)
    response = client.get("/timelines/sit_m10/")
    assert response.status_code == 200
    html = text_of(response)
    assert "<h1>SIT M10 Ready</h1>" in html
    assert re.search(r'<svg[^>]*role="img"', html)
    assert len(response.context["rows"]) == (
        Cohort.objects.get(key="sit_m10").timelines.get(number=1).rules.count()
    )
    assert html.count('<th scope="row">') == len(response.context["rows"])


def test_unknown_cohort_is_404(client, viewer_a):
    client.force_login(viewer_a)
    assert client.get("/timelines/wave_99/").status_code == 404


# --------------------------------------------------------------------------
# Roles and MPIDs


@pytest.fixture
def supplier_role(org_a):
    QualificationFactory(organisation=org_a)
    return market_role("SUPPLIER")


def test_admin_adds_an_mpid_typed_in_lower_case(client, org_a, admin_a, supplier_role):
    client.force_login(admin_a)
    response = client.post(
        f"/organisations/{org_a.pk}/roles/mpids/",
        {"code": "ab1c", "market_role": supplier_role.pk},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/organisations/{org_a.pk}/roles/"
    assert [(m.code, m.organisation_id) for m in Mpid.objects.all()] == [("AB1C", org_a.pk)]
    assert "MPID AB1C registered for Supplier." in flash_messages(response)
    assert "<code>AB1C</code>" in text_of(response)
    assert Event.objects.filter(kind="mpid_registered").count() == 1


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("AB!", "An MPID is exactly four upper-case letters or digits"),
        ("ABCDE", "An MPID is exactly four upper-case letters or digits"),
        ("ABCDE", "at most 4 characters"),
        ("", "This field is required."),
    ],
)
def test_an_invalid_mpid_is_a_400_page_with_the_message(
    client, org_a, admin_a, supplier_role, code, message
):
    client.force_login(admin_a)
    response = client.post(
        f"/organisations/{org_a.pk}/roles/mpids/", {"code": code, "market_role": supplier_role.pk}
    )
    assert response.status_code == 400
    summary = error_summary(response)
    assert message in summary
    assert 'href="#id_code"' in summary  # the message leads to the field
    assert f'value="{code.upper()}"' in text_of(response) or not code
    assert not Mpid.objects.exists()
    assert not Event.objects.exists()


def test_a_duplicate_mpid_for_the_same_role_is_a_400_with_a_message(
    client, org_a, admin_a, supplier_role
):
    MpidFactory(organisation=org_a, code="AB12")
    client.force_login(admin_a)
    response = client.post(
        f"/organisations/{org_a.pk}/roles/mpids/", {"code": "ab12", "market_role": supplier_role.pk}
    )
    assert response.status_code == 400
    assert "already exists" in error_summary(response)
    assert Mpid.objects.count() == 1


def test_the_same_mpid_for_another_role_is_fine(client, org_a, admin_a, supplier_role):
    MpidFactory(organisation=org_a, code="AB12")
    client.force_login(admin_a)
    response = client.post(
        f"/organisations/{org_a.pk}/roles/mpids/",
        {"code": "AB12", "market_role": market_role("SDS").pk},
    )
    assert response.status_code == 302
    assert Mpid.objects.count() == 2


def test_admin_registers_a_role(client, org_a, admin_a):
    client.force_login(admin_a)
    response = client.post(
        f"/organisations/{org_a.pk}/roles/qualifications/",
        {"market_role": market_role("SMRA").pk},
    )
    assert response.status_code == 302
    assert list(Qualification.objects.values_list("market_role__code", flat=True)) == ["SMRA"]


def test_roles_page_shows_forms_to_the_admin_only(client, org_a, admin_a, viewer_a):
    client.force_login(admin_a)
    html = text_of(client.get(f"/organisations/{org_a.pk}/roles/"))
    assert f'action="/organisations/{org_a.pk}/roles/mpids/"' in html
    client.force_login(viewer_a)
    html = text_of(client.get(f"/organisations/{org_a.pk}/roles/"))
    assert "roles/mpids/" not in html
    assert "Only your organisation's admin can register roles and MPIDs." in html


@pytest.mark.parametrize("role", ["contributor", "director", "viewer"])
def test_a_non_admin_member_posting_writes_nothing(client, org_a, supplier_role, role):
    client.force_login(member(org_a, role))
    response = client.post(
        f"/organisations/{org_a.pk}/roles/mpids/", {"code": "AB12", "market_role": supplier_role.pk}
    )
    assert response.status_code in {400, 403}
    assert response.status_code != 500
    client.post(
        f"/organisations/{org_a.pk}/members/", {"email": "new@alpha.example", "role": "admin"}
    )
    client.post(
        f"/organisations/{org_a.pk}/roles/qualifications/", {"market_role": market_role("SDS").pk}
    )
    assert not Mpid.objects.exists()
    assert not Membership.objects.filter(user__email="new@alpha.example").exists()
    assert list(Qualification.objects.values_list("market_role__code", flat=True)) == ["SUPPLIER"]


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("roles/mpids/", {"code": "AB12", "market_role": "SUPPLIER"}),
        ("roles/qualifications/", {"market_role": "SDS"}),
        ("members/", {"email": "new@alpha.example", "role": "admin"}),
    ],
)
def test_a_non_admin_member_posting_gets_403_with_the_reason(
    client, org_a, supplier_role, path, data
):
    data = {k: (market_role(v).pk if k == "market_role" else v) for k, v in data.items()}
    client.force_login(member(org_a, "contributor"))
    response = client.post(f"/organisations/{org_a.pk}/{path}", data)
    assert response.status_code == 403
    assert "Only the organisation&#x27;s admin can do this." in text_of(response)


def test_another_tenants_admin_posting_gets_404(client, org_a, admin_b, supplier_role):
    client.force_login(admin_b)
    response = client.post(
        f"/organisations/{org_a.pk}/roles/mpids/", {"code": "AB12", "market_role": supplier_role.pk}
    )
    assert response.status_code == 404
    assert not Mpid.objects.exists()


# --------------------------------------------------------------------------
# People


def test_admin_adds_a_person(client, org_a, admin_a):
    client.force_login(admin_a)
    response = client.post(
        f"/organisations/{org_a.pk}/members/",
        {"email": "New.Person@Alpha.example", "full_name": "New Person", "role": "director"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/organisations/{org_a.pk}/members/"
    membership = Membership.objects.get(user__email="new.person@alpha.example")
    assert (membership.organisation_id, membership.role) == (org_a.pk, "director")
    assert not membership.user.has_usable_password()
    assert "new.person@alpha.example added as director." in flash_messages(response)
    assert "new.person@alpha.example" in text_of(response)


def test_a_duplicate_membership_is_a_400_page_with_a_clear_message(
    client, org_a, admin_a, contributor_a
):
    client.force_login(admin_a)
    response = client.post(
        f"/organisations/{org_a.pk}/members/",
        {"email": "contributor@alpha.test", "role": "viewer"},
    )
    assert response.status_code == 400
    summary = error_summary(response)
    assert "contributor@alpha.test is already a member of Alpha Energy Test Ltd." in summary
    assert Membership.objects.filter(user=contributor_a).count() == 1
    assert Membership.objects.get(user=contributor_a).role == "contributor"
    assert not Event.objects.exists()


def test_an_invalid_email_is_a_400_with_the_field_error(client, org_a, admin_a):
    client.force_login(admin_a)
    response = client.post(
        f"/organisations/{org_a.pk}/members/", {"email": "not-an-address", "role": "viewer"}
    )
    assert response.status_code == 400
    assert 'href="#id_email"' in error_summary(response)
    assert Membership.objects.count() == 1


def test_the_last_admin_cannot_be_demoted(client, org_a, admin_a):
    client.force_login(admin_a)
    membership = Membership.objects.get(user=admin_a)
    response = client.post(
        f"/organisations/{org_a.pk}/members/{membership.pk}/",
        {"role": "viewer", "action": "change"},
        follow=True,
    )
    assert response.status_code == 200
    assert "An organisation must keep at least one admin." in flash_messages(response)
    assert "An organisation must keep at least one admin." in text_of(response)
    membership.refresh_from_db()
    assert membership.role == "admin"
    assert not Event.objects.exists()


def test_the_last_admin_cannot_be_removed(client, org_a, admin_a):
    client.force_login(admin_a)
    membership = Membership.objects.get(user=admin_a)
    response = client.post(
        f"/organisations/{org_a.pk}/members/{membership.pk}/", {"action": "remove"}, follow=True
    )
    assert "An organisation must keep at least one admin." in flash_messages(response)
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_admin_changes_a_role(client, org_a, admin_a, viewer_a):
    client.force_login(admin_a)
    membership = Membership.objects.get(user=viewer_a)
    client.post(
        f"/organisations/{org_a.pk}/members/{membership.pk}/",
        {"role": "contributor", "action": "change"},
    )
    membership.refresh_from_db()
    assert membership.role == "contributor"


def test_members_page_lists_the_organisations_people_only(client, org_a, org_b, admin_a, admin_b):
    client.force_login(admin_a)
    html = text_of(client.get(f"/organisations/{org_a.pk}/members/"))
    assert "admin@alpha.test" in html
    assert "admin@bravo.test" not in html
    assert client.get(f"/organisations/{org_b.pk}/members/").status_code == 404


def test_field_hints_and_errors_are_announced_with_their_input(client, org_a, admin_a):
    """Every id an input names in aria-describedby exists, so screen readers read it."""
    client.force_login(admin_a)
    response = client.post(
        f"/organisations/{org_a.pk}/roles/mpids/", {"code": "AB!", "market_role": ""}
    )
    html = text_of(response)
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    described = re.findall(r'aria-describedby="([^"]+)"', html)
    assert described, "no input is described by its hint or error"
    for value in described:
        for target in value.split():
            assert target in ids, f"aria-describedby names #{target}, which is not on the page"
    code_input = re.search(r'<input [^>]*name="code"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in code_input
    error = re.search(r'id="id_code_error">(.*?)</div></div>', html, re.S).group(1)
    assert "An MPID is exactly four upper-case letters or digits" in error
