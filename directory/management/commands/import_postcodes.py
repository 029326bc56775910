import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.postcodes import PostcodeFileError, postcodes_import


class Command(BaseCommand):
    help = (
        "Load the ONS Postcode Directory (ONSPD or NSPL CSV, zipped or not) into the directory's "
        "postcode table, replacing what is there. Run it again for each quarterly release."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The release's .zip, or its data .csv.")

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        started = time.perf_counter()
        try:
            count = postcodes_import(path=file)
        except PostcodeFileError as error:
            raise CommandError(str(error)) from None
        seconds = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Loaded {count:,} postcodes in {seconds:.1f} s."))
