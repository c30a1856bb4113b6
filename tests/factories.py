"""Test data. Factories write rows directly; tests of behaviour call services."""

import factory
from django.contrib.auth.hashers import make_password

from qualification.models import (
    MarketRole,
    Membership,
    Mpid,
    Organisation,
    Qualification,
    StaffAssignment,
    User,
)
from waves.models import Allocation, Cohort

PASSWORD = "correct-horse-battery-staple"
_HASHED = make_password(PASSWORD)
# Staff and Directors must use MFA (mhhs_portal.security.mfa). The factories
# enrol them with this secret, as they would be after their first sign-in;
# a test of the enrolment itself passes mfa=False.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _enrol(user, enrol) -> None:
    from mhhs_portal.security.mfa import totp_enrol

    if enrol is not False:
        totp_enrol(user, TOTP_SECRET, recovery_codes=False)


def totp_code(secret: str = TOTP_SECRET, offset: int = 0) -> str:
    """The code an authenticator app shows now (or `offset` periods away)."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = _HASHED

    @factory.post_generation
    def mfa(obj, create, extracted, **kwargs):
        if create and (obj.is_staff or obj.is_superuser):
            _enrol(obj, extracted)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Test Participant {n}")
    slug = factory.Sequence(lambda n: f"test-participant-{n}")
    participant_type = "supplier"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "contributor"

    @factory.post_generation
    def mfa(obj, create, extracted, **kwargs):
        if create and obj.role == "director":
            _enrol(obj.user, extracted)


class StaffAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffAssignment
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    duty = "reviewer"
    body = "BSC"

    @factory.post_generation
    def mfa(obj, create, extracted, **kwargs):
        if create:
            _enrol(obj.user, extracted)


def market_role(code: str) -> MarketRole:
    return MarketRole.objects.get(code=code)


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Qualification

    organisation = factory.SubFactory(OrganisationFactory)
    market_role = factory.LazyFunction(lambda: market_role("SUPPLIER"))


class MpidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mpid

    organisation = factory.SubFactory(OrganisationFactory)
    market_role = factory.LazyFunction(lambda: market_role("SUPPLIER"))
    code = factory.Sequence(lambda n: f"T{n:03d}"[-4:])


def allocate(qualification: Qualification, cohort_key: str) -> Allocation:
    return Allocation.objects.create(
        qualification=qualification, cohort=Cohort.objects.get(key=cohort_key)
    )


def member(
    organisation: Organisation, role: str = "contributor", *, mfa=None, **user_fields
) -> User:
    return MembershipFactory(
        organisation=organisation, role=role, user=UserFactory(**user_fields), mfa=mfa
    ).user


def staff(duty: str, body: str = "", *, mfa=None, **user_fields) -> User:
    return StaffAssignmentFactory(
        duty=duty, body=body, user=UserFactory(**user_fields), mfa=mfa
    ).user
