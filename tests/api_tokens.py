"""API tokens for tests, written directly like the factories' rows."""

from mhhs_portal.api.tokens import _hash, _new_secret
from qualification.models import ApiToken


def token_for(user, organisation=None, *, body="", scope="read", **fields) -> str:
    """The raw secret of a new token of `user`, narrowed to `organisation` or `body`."""
    prefix, raw = _new_secret()
    ApiToken.objects.create(
        name=fields.pop("name", "Test token"),
        user=user,
        organisation=organisation,
        body=body,
        scope=scope,
        prefix=prefix,
        secret_hash=_hash(raw),
        created_by=user,
        **fields,
    )
    return raw
