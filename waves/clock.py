"""What "today" is for deadlines: the demo date when one is set, else the real local date."""

from datetime import date

from django.conf import settings
from django.utils import timezone


def portal_today() -> date:
    return settings.DEMO_TODAY or timezone.localdate()
