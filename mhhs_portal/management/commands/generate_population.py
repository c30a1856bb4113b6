import time

from django.core.management.base import BaseCommand, CommandError

from mhhs_portal.demo import scale


class Command(BaseCommand):
    help = (
        "Build N times the demo population for measuring (1x: the demo with a QAD for every "
        "organisation that has started; 100x: about 7,600 organisations). Run it on its own "
        "database; running it again with a larger scale adds the missing copies."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", dest="copies", type=int, default=1, help="copies of the demo population"
        )
        parser.add_argument("--password", default="demo-portal-2026")

    def handle(self, *args, copies: int, password: str, **options):
        if copies < 1:
            raise CommandError("--scale must be at least 1.")
        started = time.monotonic()
        if present := scale.copies_present():
            self.stdout.write(f"{present}x present.")
        else:
            self.stdout.write("Building the base population through the services...")
            scale.build_base(password)
        written = scale.scale_to(copies, log=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                f"{copies}x population ready ({written:,} rows copied) "
                f"in {time.monotonic() - started:.0f} s."
            )
        )
