from celery import shared_task

from qualification.models import User

from .models import PabMeeting
from .pack.render import pack_generate


@shared_task
def generate_pack(meeting_id: int, user_id: int) -> int:
    """Render and store a new pack version; returns its number."""
    version = pack_generate(
        actor=User.objects.get(pk=user_id), meeting=PabMeeting.objects.get(pk=meeting_id)
    )
    return version.number
