"""API tokens: created and revoked by services that check the actor's right and
record an event; authenticated by hashing what the client sends."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qualification.events import event_record
from qualification.models import (
    ApiToken,
    Membership,
    MembershipRole,
    Organisation,
    User,
)
from qualification.models_api import TokenKind, TokenScope
from qualification.permissions import actor_for

TOKEN_TAG = "mhhs"
# A token used again within this window keeps its recorded last-used time:
# one write a minute per token instead of one per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenRefused(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message, self.code = message, code


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _new_secret() -> tuple[str, str]:
    prefix = secrets.token_hex(4)
    return prefix, f"{TOKEN_TAG}_{prefix}_{secrets.token_urlsafe(32)}"


def _service_account(*, actor, organisation: Organisation, name: str, scope: str) -> User:
    """A person-less user whose only membership is the organisation: the
    selectors then scope it like any member. It can never sign in."""
    user = User(
        email=f"service-{secrets.token_hex(6)}@{organisation.slug}.service-account.invalid",
        full_name=f"Service account: {name}",
    )
    user.set_unusable_password()
    user._history_user = actor
    user.save()
    role = MembershipRole.CONTRIBUTOR if scope == TokenScope.WRITE else MembershipRole.VIEWER
    membership = Membership(user=user, organisation=organisation, role=role)
    membership._history_user = actor
    membership.save()
    return user


def _check_create_right(actor, organisation, body: str) -> None:
    who = actor_for(actor)
    if organisation is not None:
        if not who.can_manage(organisation.pk):
            raise NotPermitted("Only the organisation's admin can create its API tokens.")
        return
    if not who.is_staff_user:
        raise NotPermitted("Only programme staff create tokens outside an organisation.")
    if body and body not in who.bodies:
        raise ValidationFailed(
            "Please correct the errors below.",
            errors={"body": ["You hold no duty for this body."]},
        )
    if not body and not who.sees_every_participant:
        raise ValidationFailed(
            "Please correct the errors below.",
            errors={"body": ["Choose the body the token acts for."]},
        )


def api_token_create(
    *,
    actor,
    name: str,
    scope: str = TokenScope.READ,
    organisation: Organisation | None = None,
    body: str = "",
    service_account: bool = False,
    expires_at=None,
) -> tuple[ApiToken, str]:
    """Create a token and return it with its secret, which is never stored or shown again."""
    _check_create_right(actor, organisation, body)
    errors = {}
    if not name.strip():
        errors["name"] = ["Give the token a name."]
    if scope not in TokenScope.values:
        errors["scope"] = ["Unknown scope."]
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = ["The expiry must be in the future."]
    if service_account and organisation is None:
        errors["kind"] = ["Service accounts belong to an organisation."]
    if errors:
        raise ValidationFailed("Please correct the errors below.", errors=errors)
    prefix, raw = _new_secret()
    with transaction.atomic():
        owner = actor
        if service_account:
            owner = _service_account(
                actor=actor, organisation=organisation, name=name.strip(), scope=scope
            )
        token = ApiToken.objects.create(
            name=name.strip(),
            kind=TokenKind.SERVICE if service_account else TokenKind.PERSONAL,
            user=owner,
            organisation=organisation,
            body=body if organisation is None else "",
            scope=scope,
            prefix=prefix,
            secret_hash=_hash(raw),
            expires_at=expires_at,
            created_by=actor,
        )
        event_record(
            kind="api_token_created",
            actor=actor,
            organisation=organisation,
            payload={"token": prefix, "name": token.name, "kind": token.kind, "scope": scope},
        )
    return token, raw


def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    who = actor_for(actor)
    allowed = (
        who.can_manage(token.organisation_id)
        if token.organisation_id
        else token.user_id == getattr(actor, "pk", None)
    )
    if not allowed:
        raise NotPermitted("Only the token's owner or the organisation's admin can revoke it.")
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            raise IllegalTransition("This token is already revoked.", code="token_revoked")
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at", "updated_at"])
        event_record(
            kind="api_token_revoked",
            actor=actor,
            organisation=locked.organisation,
            payload={"token": locked.prefix, "name": locked.name},
        )
    return locked


def api_token_authenticate(raw: str) -> ApiToken:
    """The live token for a presented secret, or TokenRefused saying why not."""
    parts = raw.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_TAG:
        raise TokenRefused("Invalid token.", "authentication_failed")
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(raw)):
        raise TokenRefused("Invalid token.", "authentication_failed")
    now = timezone.now()
    if token.revoked_at is not None:
        raise TokenRefused("This token has been revoked.", "token_revoked")
    if token.expires_at is not None and token.expires_at <= now:
        raise TokenRefused("This token has expired.", "token_expired")
    if not token.user.is_active:
        raise TokenRefused("The token's user is inactive.", "authentication_failed")
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        # Not audited and written at most once a minute: a plain UPDATE, no history row.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def tokens_of_organisation(user, organisation: Organisation) -> QuerySet[ApiToken]:
    """An organisation's tokens, for its admin only."""
    if not actor_for(user).can_manage(organisation.pk):
        return ApiToken.objects.none()
    return organisation.api_tokens.select_related("user", "created_by")


def tokens_of_staff_member(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user, organisation__isnull=True)
