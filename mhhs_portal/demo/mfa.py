"""Demo staff and Directors are enrolled in TOTP, as production requires.

They share one published secret, so anybody trying the demo can add it to an
authenticator app; `make run` also sets DEMO_TOTP_CODE, a fixed code that the
portal accepts only while DEBUG is on (allauth refuses it otherwise).
"""

from django.db.models import Q

from mhhs_portal.security.mfa import totp_enrol
from qualification.models import MembershipRole, User

DEMO_TOTP_SECRET = "MHHSDEMOPORTALTOTPSECRETNOTREAL2"


def demo_mfa_enrol() -> int:
    people = User.objects.filter(
        Q(staff_assignments__isnull=False)
        | Q(memberships__role=MembershipRole.DIRECTOR)
        | Q(is_superuser=True)
        | Q(is_staff=True)
    ).distinct()
    for user in people:
        totp_enrol(user, DEMO_TOTP_SECRET)
    return len(people)
