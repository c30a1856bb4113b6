"""DIP onboarding for testing (QA&P §9.4): the organisation's admin appoints
its security officers; the DIP Manager records the test certificates and the
connectivity (smoke) test. Completion records `dip_onboarding_completed`,
which completes the Appendix C "DIP onboarding window for QT" activity."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qualification.events import event_record
from qualification.models import Organisation
from qualification.permissions import actor_for

from .models import SINGLE_OFFICER_ROLES, DipOnboarding, OfficerRole, SecurityOfficer
from .steps import is_dip_manager

REQUIRED_ROLES = [*SINGLE_OFFICER_ROLES, OfficerRole.TECHNICAL_CONTACT]


@dataclass(frozen=True)
class OnboardingStatus:
    key: str
    label: str
    next: str


def onboarding_status(onboarding: DipOnboarding | None) -> OnboardingStatus:
    """Where the organisation stands; reads officers already prefetched."""
    officers = list(onboarding.officers.all()) if onboarding else []
    missing = [r for r in REQUIRED_ROLES if r not in {o.role for o in officers}]
    if onboarding and onboarding.completed_on:
        return OnboardingStatus("complete", "Complete", "Nothing: ready for QT.")
    if missing:
        names = ", ".join(OfficerRole(r).label for r in missing)
        key = "officers" if officers else "not_started"
        label = "Appointing security officers" if officers else "Not started"
        return OnboardingStatus(key, label, f"Your admin appoints: {names}.")
    if not onboarding.test_certificates_issued_on:
        return OnboardingStatus(
            "certificates",
            "Awaiting test certificates",
            "The DIP Manager issues test certificates.",
        )
    return OnboardingStatus(
        "smoke_test", "Awaiting connectivity test", "Connectivity (smoke) testing with the DIP."
    )


def _onboarding_locked(organisation: Organisation, actor) -> DipOnboarding:
    onboarding = DipOnboarding.objects.select_for_update().filter(organisation=organisation).first()
    if onboarding is None:
        onboarding = DipOnboarding(organisation=organisation)
        onboarding._history_user = actor
        onboarding.save()
    return onboarding


def dip_officer_appoint(
    *, actor, organisation: Organisation, role: str, name: str, email: str
) -> SecurityOfficer:
    if not actor_for(actor).can_manage(organisation.pk):
        raise NotPermitted("Only the organisation's admin appoints security officers.")
    try:
        with transaction.atomic():
            onboarding = _onboarding_locked(organisation, actor)
            officer = SecurityOfficer(
                onboarding=onboarding, role=role, name=name.strip(), email=email.strip().lower()
            )
            try:
                officer.full_clean(exclude=["onboarding"])
            except ValidationError as exc:
                raise ValidationFailed(
                    "Please correct the errors below.", errors=exc.message_dict
                ) from exc
            officer._history_user = actor
            officer.save()
            event_record(
                kind="dip_officer_appointed",
                actor=actor,
                organisation=organisation,
                payload={"role": role, "email": officer.email},
            )
            _complete_if_ready(onboarding, actor, on=timezone.localdate())
    except IntegrityError as exc:
        raise ValidationFailed(
            "Please correct the errors below.",
            errors={"role": ["This role is already held; remove the current officer first."]},
        ) from exc
    return officer


def dip_officer_remove(*, actor, officer: SecurityOfficer) -> None:
    organisation = officer.onboarding.organisation
    if not actor_for(actor).can_manage(organisation.pk):
        raise NotPermitted("Only the organisation's admin changes security officers.")
    with transaction.atomic():
        locked = SecurityOfficer.objects.select_for_update().get(pk=officer.pk)
        role, email = locked.role, locked.email
        locked._history_user = actor
        locked.delete()
        event_record(
            kind="dip_officer_removed",
            actor=actor,
            organisation=organisation,
            payload={"role": role, "email": email},
        )


def dip_onboarding_record(
    *,
    actor,
    organisation: Organisation,
    test_certificates_issued_on: date | None = None,
    smoke_test_passed_on: date | None = None,
) -> DipOnboarding:
    """The DIP Manager records test certificates issued and the smoke test passed."""
    if not is_dip_manager(actor_for(actor)):
        raise NotPermitted("Only the DIP Manager records certificates and connectivity tests.")
    with transaction.atomic():
        onboarding = _onboarding_locked(organisation, actor)
        if test_certificates_issued_on:
            _issue_certificates(onboarding, actor, test_certificates_issued_on)
        if smoke_test_passed_on:
            _pass_smoke_test(onboarding, actor, smoke_test_passed_on)
            _complete_if_ready(onboarding, actor, on=smoke_test_passed_on)
    return onboarding


def _save(onboarding: DipOnboarding, actor, reason: str, *fields: str) -> None:
    onboarding._history_user = actor
    onboarding._change_reason = reason
    onboarding.save(update_fields=[*fields, "updated_at"])


def _issue_certificates(onboarding: DipOnboarding, actor, day: date) -> None:
    appointed = set(onboarding.officers.values_list("role", flat=True))
    if not set(SINGLE_OFFICER_ROLES) <= appointed:
        raise IllegalTransition(
            "Test certificates follow the appointment of the Nominating Officer, SRO and ARO.",
            code="dip.officers_missing",
        )
    onboarding.test_certificates_issued_on = day
    _save(onboarding, actor, "test certificates issued", "test_certificates_issued_on")
    event_record(
        kind="dip_test_certificates_issued",
        actor=actor,
        organisation=onboarding.organisation,
        payload={"on": day.isoformat()},
    )


def _pass_smoke_test(onboarding: DipOnboarding, actor, day: date) -> None:
    issued = onboarding.test_certificates_issued_on
    if issued is None:
        raise IllegalTransition(
            "Connectivity testing needs the test certificates first.",
            code="dip.certificates_missing",
        )
    if day < issued:
        raise ValidationFailed(
            "Please correct the errors below.",
            errors={"smoke_test_passed_on": ["The smoke test cannot precede the certificates."]},
        )
    onboarding.smoke_test_passed_on = day
    _save(onboarding, actor, "connectivity test passed", "smoke_test_passed_on")
    event_record(
        kind="dip_smoke_test_passed",
        actor=actor,
        organisation=onboarding.organisation,
        payload={"on": day.isoformat()},
    )


def _complete_if_ready(onboarding: DipOnboarding, actor, *, on: date) -> None:
    """Complete on the day the last requirement was met: the smoke test or the last officer."""
    if onboarding.completed_on or onboarding.smoke_test_passed_on is None:
        return
    appointed = set(onboarding.officers.values_list("role", flat=True))
    if not set(REQUIRED_ROLES) <= appointed:
        return
    onboarding.completed_on = on
    _save(onboarding, actor, "DIP onboarding completed", "completed_on")
    event_record(kind="dip_onboarding_completed", actor=actor, organisation=onboarding.organisation)
