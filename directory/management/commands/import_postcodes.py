import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.postcodes import PostcodeFileError, postcode_line_count, postcodes_import
from sitewide.progress import is_terminal, progress


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
        stream = self.stderr._out
        total = postcode_line_count(file) if is_terminal(stream) else None
        try:
            with progress(
                total=total, what="Reading postcodes", unit="rows", stream=stream
            ) as advance:
                count = postcodes_import(path=file, advance=advance)
        except PostcodeFileError as error:
            raise CommandError(str(error)) from None
        seconds = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Loaded {count:,} postcodes in {seconds:.1f} s."))
