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


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = _HASHED


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Test Participant {n}")
    slug = factory.Sequence(lambda n: f"test-participant-{n}")
    participant_type = "supplier"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "contributor"


class StaffAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffAssignment

    user = factory.SubFactory(UserFactory)
    duty = "reviewer"
    body = "BSC"


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


def member(organisation: Organisation, role: str = "contributor", **user_fields) -> User:
    return MembershipFactory(
        organisation=organisation, role=role, user=UserFactory(**user_fields)
    ).user


def staff(duty: str, body: str = "", **user_fields) -> User:
    return StaffAssignmentFactory(duty=duty, body=body, user=UserFactory(**user_fields)).user
