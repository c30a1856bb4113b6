"""Who must sign in with a second factor, and how a person is enrolled.

Staff (every duty: reviewers, approvers, the PAB secretariat, test managers,
the service activation team and programme viewers, who read every
participant's evidence) and Directors (who sign QADs off for their company)
must use TOTP. Django admins too. Other members may choose to.
"""

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator

from qualification.models import Membership, MembershipRole, StaffAssignment


def mfa_required_for(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    return (
        StaffAssignment.objects.filter(user=user).exists()
        or Membership.objects.filter(user=user, role=MembershipRole.DIRECTOR).exists()
    )


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def totp_enrol(user, secret: str, *, recovery_codes: bool = True) -> Authenticator:
    """Enrol a person with a known TOTP secret (demo data and tests); people
    enrol themselves through the two-factor pages."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        return existing
    authenticator = TOTP.activate(user, secret).instance
    if recovery_codes:
        RecoveryCodes.activate(user)
    return authenticator


class PortalMfaAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # A person who must use MFA cannot switch it off. A lost phone is a
        # recovery code, or an administrator deleting the authenticator in the
        # Django admin: the next sign-in then asks to enrol again.
        if authenticator.type == Authenticator.Type.TOTP and mfa_required_for(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)
