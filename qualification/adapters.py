from allauth.account.adapter import DefaultAccountAdapter


class InviteOnlyAccountAdapter(DefaultAccountAdapter):
    """Nobody signs themselves up: organisation admins and the programme add people."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth counts failed sign-ins per account: five wrong passwords from
        # anywhere would lock the real person out. Counting per (client
        # address, account) keeps the guesser's failures their own.
        from mhhs_portal.security.audit import client_ip

        return (
            f"{client_ip(request)}:{super()._get_login_attempts_cache_key(request, **credentials)}"
        )
