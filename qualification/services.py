"""Writes to the core. Pages, API, admin actions, commands and tasks call
these and nothing else; each checks the actor's right and records an event."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django_fsm import can_proceed

from mhhs_portal.exceptions import NotPermitted, ValidationFailed

from .events import event_record
from .models import (
    MarketRole,
    Membership,
    MembershipRole,
    Mpid,
    Organisation,
    Qualification,
    User,
)
from .permissions import actor_for
from .transitions import transition_apply


def _validated(instance, *, exclude=None):
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ValidationFailed("Please correct the errors below.", errors=exc.message_dict) from exc
    return instance


def _require_manager(actor, organisation: Organisation) -> None:
    if not actor_for(actor).can_manage(organisation.pk):
        raise NotPermitted("Only the organisation's admin can do this.")


def organisation_create(
    *, actor, name: str, participant_type: str, slug: str = "", is_new_entrant: bool = False
) -> Organisation:
    if not actor_for(actor).is_superuser:
        raise NotPermitted("Only the programme's administrators register organisations.")
    organisation = Organisation(
        name=name.strip(),
        slug=slug or slugify(name)[:80],
        participant_type=participant_type,
        is_new_entrant=is_new_entrant,
    )
    _validated(organisation)
    with transaction.atomic():
        organisation._history_user = actor
        organisation.save()
        event_record(kind="organisation_created", actor=actor, organisation=organisation)
    return organisation


def membership_add(
    *, actor, organisation: Organisation, email: str, role: str, full_name: str = ""
) -> Membership:
    """Add a person to the organisation, creating their account if they are new.

    A new account has no usable password: the person sets one through the
    password-reset e-mail.
    """
    _require_manager(actor, organisation)
    email = (email or "").strip().lower()
    if role not in MembershipRole.values:
        raise ValidationFailed(
            "Please correct the errors below.", errors={"role": ["Unknown role."]}
        )
    with transaction.atomic():
        user = User.objects.filter(email=email).first()
        if user is None:
            user = _validated(User(email=email, full_name=full_name.strip()), exclude=["password"])
            user.set_unusable_password()
            user._history_user = actor
            user.save()
        if Membership.objects.filter(user=user, organisation=organisation).exists():
            raise ValidationFailed(
                "This person is already a member.",
                errors={"email": [f"{email} is already a member of {organisation.name}."]},
                code="duplicate_membership",
            )
        membership = Membership(user=user, organisation=organisation, role=role)
        membership._history_user = actor
        membership.save()
        event_record(
            kind="member_added",
            actor=actor,
            organisation=organisation,
            payload={"email": email, "role": role},
        )
    return membership


def membership_change_role(*, actor, membership: Membership, role: str) -> Membership:
    _require_manager(actor, membership.organisation)
    if role not in MembershipRole.values:
        raise ValidationFailed(
            "Please correct the errors below.", errors={"role": ["Unknown role."]}
        )
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        _keep_an_admin(locked, new_role=role)
        previous = locked.role
        locked.role = role
        locked._history_user = actor
        locked.save(update_fields=["role", "updated_at"])
        event_record(
            kind="member_role_changed",
            actor=actor,
            organisation=locked.organisation,
            payload={"email": locked.user.email, "from": previous, "to": role},
        )
    return locked


def membership_remove(*, actor, membership: Membership) -> None:
    _require_manager(actor, membership.organisation)
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        _keep_an_admin(locked, new_role=None)
        locked._history_user = actor
        organisation, email = locked.organisation, locked.user.email
        locked.delete()
        event_record(
            kind="member_removed", actor=actor, organisation=organisation, payload={"email": email}
        )


def _keep_an_admin(membership: Membership, *, new_role: str | None) -> None:
    if membership.role != MembershipRole.ADMIN or new_role == MembershipRole.ADMIN:
        return
    others = Membership.objects.filter(
        organisation_id=membership.organisation_id, role=MembershipRole.ADMIN
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationFailed("An organisation must keep at least one admin.", code="last_admin")


def mpid_register(*, actor, organisation: Organisation, market_role: MarketRole, code: str) -> Mpid:
    _require_manager(actor, organisation)
    mpid = _validated(
        Mpid(code=(code or "").strip().upper(), organisation=organisation, market_role=market_role)
    )
    try:
        with transaction.atomic():
            mpid._history_user = actor
            mpid.save()
            event_record(
                kind="mpid_registered",
                actor=actor,
                organisation=organisation,
                payload={"mpid": mpid.code, "role": market_role.code},
            )
    except IntegrityError as exc:  # a concurrent registration of the same code won
        raise ValidationFailed(
            "Please correct the errors below.",
            errors={"code": ["This MPID is already registered for this role."]},
        ) from exc
    return mpid


def qualification_register(
    *, actor, organisation: Organisation, market_role: MarketRole
) -> Qualification:
    _require_manager(actor, organisation)
    if not market_role.in_scope:
        raise ValidationFailed(
            f"{market_role.name} is not qualified through MHHS.",
            errors={"market_role": [f"{market_role.name} is qualified outside MHHS."]},
        )
    qualification = _validated(
        Qualification(organisation=organisation, market_role=market_role), exclude=["status"]
    )
    with transaction.atomic():
        qualification._history_user = actor
        qualification.save()
        event_record(
            kind="qualification_registered",
            actor=actor,
            qualification=qualification,
            payload={"role": market_role.code},
        )
    return qualification


def _target(qualification: Qualification) -> dict:
    return {"organisation": qualification.organisation, "qualification": qualification}


def _governing_staff(actor, qualification: Qualification) -> bool:
    a = actor_for(actor)
    return a.is_superuser or bool(a.bodies & set(qualification.market_role.approving_bodies))


def _test_manager(actor, qualification: Qualification) -> bool:
    a = actor_for(actor)
    return a.is_superuser or a.has_duty("test_manager")


def _contributor(actor, qualification: Qualification) -> bool:
    return actor_for(actor).can_contribute(qualification.organisation_id)


def _director(actor, qualification: Qualification) -> bool:
    return actor_for(actor).is_member(qualification.organisation_id, MembershipRole.DIRECTOR)


def _service_activation(actor, qualification: Qualification) -> bool:
    a = actor_for(actor)
    return a.is_superuser or a.has_duty("service_activation")


def _manager(actor, qualification: Qualification) -> bool:
    return actor_for(actor).can_manage(qualification.organisation_id)


# transition name -> (who may call it, event kind). One table so the rights
# of the lifecycle can be read (and tested) in one place.
QUALIFICATION_TRANSITIONS = {
    "start_preparation": (
        lambda a, q: _governing_staff(a, q) or _test_manager(a, q),
        "preparation_started",
    ),
    "enter_testing": (_test_manager, "testing_entered"),
    "mark_final_qad": (_contributor, "final_qad_reached"),
    "mark_signed_off": (_director, "qad_signed_off"),
    "mark_qualified": (_governing_staff, "qualified"),
    "mark_active": (_service_activation, "activated"),
    "withdraw": (_manager, "qualification_withdrawn"),
    "surrender": (_manager, "qualification_surrendered"),
}


# Moves a person makes directly from the qualification's page or the API. The
# others follow from their own capability (the QAD moves to final and signed
# off, approvals qualify, service activation makes live).
MANUAL_TRANSITIONS = {
    "start_preparation": "Start preparation",
    "enter_testing": "Confirm QT / SIT entry",
    "withdraw": "Withdraw",
    "surrender": "Surrender MPIDs",
}


def qualification_manual_actions(*, actor, qualification: Qualification) -> list[tuple[str, str]]:
    """The direct moves this person may make now: (transition, label)."""
    actor = actor_for(actor)
    actions = []
    for name, label in MANUAL_TRANSITIONS.items():
        allowed, _ = QUALIFICATION_TRANSITIONS[name]
        if can_proceed(getattr(qualification, name)) and allowed(actor, qualification):
            actions.append((name, label))
    return actions


def qualification_transition(
    *, actor, qualification: Qualification, transition: str, reason: str = "", payload=None
) -> Qualification:
    """Move a qualification along its lifecycle (see Qualification's transitions)."""
    if transition not in QUALIFICATION_TRANSITIONS:
        raise ValueError(f"Unknown qualification transition {transition!r}")
    allowed, event_kind = QUALIFICATION_TRANSITIONS[transition]
    return transition_apply(
        instance=qualification,
        transition=transition,
        actor=actor,
        allowed=lambda locked: allowed(actor, locked),
        event_kind=event_kind,
        reason=reason or event_kind.replace("_", " "),
        event_target=_target,
        payload=payload,
    )
