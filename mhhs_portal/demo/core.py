"""Demo organisations, people, roles, MPIDs, cohorts and lifecycle states,
created through the same services the pages use (so events and history
are real)."""

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import slugify

from qualification import services
from qualification.models import (
    MarketRole,
    Membership,
    Organisation,
    Qualification,
    StaffAssignment,
    User,
)
from waves.models import Cohort
from waves.services import allocation_set

from .activation import build_activations
from .deadlines import build_deadlines
from .deliverables import build_deliverables
from .governance import build_governance
from .population import STAFF, SUPERUSER, DemoOrganisation, demo_organisations
from .pqs import build_pqs
from .qad import build_qads

# How far each cohort's qualifications have come, cycling through the list so
# every cohort shows more than one state.
PROGRESS = {
    "sit_m10": ["active", "qualified", "active"],
    "sit_m11": ["qualified", "signed_off"],
    "sit_not_m11": ["signed_off", "final_qad"],
    "ldso_m10": ["qualified", "active", "signed_off"],
    "wave_1": ["final_qad", "signed_off", "in_testing", "final_qad"],
    "wave_2": ["in_testing", "final_qad", "in_testing"],
    "wave_3": ["preparing", "in_testing", "preparing"],
    "wave_4": ["registered", "preparing"],
}
# transition, which demo person performs it
PATH = [
    ("start_preparation", "test_manager"),
    ("enter_testing", "test_manager"),
    ("mark_final_qad", "contributor"),
    ("mark_signed_off", "director"),
    ("mark_qualified", "superuser"),
    ("mark_active", "activation"),
]
TARGET_STEPS = {
    "registered": 0,
    "preparing": 1,
    "in_testing": 2,
    "final_qad": 3,
    "signed_off": 4,
    "qualified": 5,
    "active": 6,
}
MEMBER_ROLES = ["admin", "director", "contributor"]


def _staff_user(email: str, name: str, hashed_password: str, **flags) -> User:
    user, _ = User.objects.get_or_create(
        email=email, defaults={"full_name": name, "password": hashed_password, **flags}
    )
    return user


def build_people(hashed_password: str) -> dict[str, User]:
    superuser = _staff_user(
        SUPERUSER[0], SUPERUSER[1], hashed_password, is_staff=True, is_superuser=True
    )
    people = {"superuser": superuser}
    for email, name, duties in STAFF:
        user = _staff_user(email, name, hashed_password)
        for duty, body in duties:
            StaffAssignment.objects.get_or_create(user=user, duty=duty, body=body)
        people[email] = user
    people["test_manager"] = people["test.manager@mhhsp.example"]
    people["activation"] = people["activation@elexon.example"]
    return people


def _mpid_code(name: str, index: int, second: bool) -> str:
    letters = "".join(ch for ch in name.upper() if ch.isalpha())
    return f"{letters[0]}{'Q' if second else letters[1]}{index:02d}"


def build_organisation(
    spec: DemoOrganisation, index: int, people: dict, roles: dict, cohorts: dict
) -> Organisation:
    admin = people["superuser"]
    organisation = services.organisation_create(
        actor=admin, name=spec.name, participant_type=spec.participant_type
    )
    members = {}
    for role in MEMBER_ROLES:
        membership = services.membership_add(
            actor=admin,
            organisation=organisation,
            email=f"{role}@{organisation.slug}.example",
            role=role,
            full_name=f"{role.capitalize()} of {spec.name}",
        )
        members[role] = membership.user
    for code in spec.roles:
        role = roles[code]
        services.mpid_register(
            actor=members["admin"],
            organisation=organisation,
            market_role=role,
            code=_mpid_code(spec.name, index, False),
        )
        if code in spec.second_mpid_roles:
            services.mpid_register(
                actor=members["admin"],
                organisation=organisation,
                market_role=role,
                code=_mpid_code(spec.name, index, True),
            )
        qualification = services.qualification_register(
            actor=members["admin"], organisation=organisation, market_role=role
        )
        allocation_set(
            actor=admin,
            qualification=qualification,
            cohort=cohorts[spec.cohort],
            reason="",
        )
        progress = PROGRESS[spec.cohort]
        _advance(qualification, progress[index % len(progress)], {**people, **members})
    return organisation


def _advance(qualification: Qualification, target: str, people: dict) -> None:
    for transition, who in PATH[: TARGET_STEPS[target]]:
        qualification = services.qualification_transition(
            actor=people[who], qualification=qualification, transition=transition
        )


def build_core(password: str) -> list[tuple[str, str]]:
    """Create what is missing; leave what exists. Returns (who, e-mail) demo logins."""
    hashed = make_password(password)
    with transaction.atomic():
        people = build_people(hashed)
        roles = {role.code: role for role in MarketRole.objects.all()}
        cohorts = {cohort.key: cohort for cohort in Cohort.objects.all()}
        existing = set(Organisation.objects.values_list("name", flat=True))
        specs = demo_organisations()
        for index, spec in enumerate(specs, start=1):
            if spec.name not in existing:
                build_organisation(spec, index, people, roles, cohorts)
        build_activations(people)
        build_pqs()
        build_deadlines(Qualification.objects.select_related("allocation").order_by("pk"))
        demo_emails = [SUPERUSER[0], *(email for email, _, _ in STAFF)]
        demo_emails += list(
            Membership.objects.filter(organisation__name__in=[s.name for s in specs]).values_list(
                "user__email", flat=True
            )
        )
        # Passwords are excluded from history, so this bulk write loses no
        # audit; it makes a re-run with another --password take effect.
        User.objects.filter(email__in=demo_emails).update(password=hashed)
    examples = [specs[0], specs[6], specs[20]]
    # Every QAD is written section by section through the real services, so a
    # third of the organisations (and every example login's) keep `make run` quick.
    showcased = [
        spec.name for index, spec in enumerate(specs) if index % 3 == 0 or spec in examples
    ]
    build_qads(showcased)
    build_governance()
    build_deliverables(showcased)
    logins = [("Portal administrator (Django admin)", SUPERUSER[0])]
    logins += [(name, email) for email, name, _ in STAFF]
    for spec in examples:
        slug = slugify(spec.name)[:80]
        for role in MEMBER_ROLES:
            logins.append(
                (f"{role.capitalize()}, {spec.name} ({spec.cohort})", f"{role}@{slug}.example")
            )
    return logins
