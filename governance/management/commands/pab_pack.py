from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from governance.models import PabMeeting
from governance.pack.render import pack_pdf


class Command(BaseCommand):
    help = "Render a PAB meeting's approval pack to a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("--meeting", type=int, required=True)
        parser.add_argument("--out", required=True)

    def handle(self, *args, meeting, out, **options):
        found = PabMeeting.objects.filter(pk=meeting).first()
        if found is None:
            raise CommandError(f"No PAB meeting {meeting}.")
        pdf, pages, _ = pack_pdf(found)
        Path(out).write_bytes(pdf)
        self.stdout.write(f"{out}: {pages} pages, {len(pdf)} bytes")
