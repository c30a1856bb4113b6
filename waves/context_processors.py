from django.conf import settings
from django.utils import timezone


def demo_date(request):
    """The demo day pages stand on, for a header notice whenever it is not the real date."""
    demo_today = settings.DEMO_TODAY
    if demo_today is None or demo_today == timezone.localdate():
        return {}
    return {"demo_today": demo_today}
