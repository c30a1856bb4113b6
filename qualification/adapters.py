from allauth.account.adapter import DefaultAccountAdapter


class InviteOnlyAccountAdapter(DefaultAccountAdapter):
    """Nobody signs themselves up: organisation admins and the programme add people."""

    def is_open_for_signup(self, request) -> bool:
        return False
