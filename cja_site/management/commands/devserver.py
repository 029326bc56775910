"""`manage.py devserver`: the development server, with the scheduled jobs running in it.

What `make run` starts. Without a broker (the embedded default) the beat schedule runs in a
thread of this process (cja_site/embedded_beat.py); with one, this is the plain runserver and
`make worker` and `make beat` do the rest.
"""

from whitenoise.runserver_nostatic.management.commands.runserver import (
    Command as RunserverCommand,
)

from cja_site.embedded_beat import embedded_beat_start, embedded_beat_wanted, scheduled_job_names


class Command(RunserverCommand):
    help = "Run the development server; without a broker, the scheduled jobs run in it too."

    def inner_run(self, *args, **options):
        # inner_run is the serving process (the autoreloader's child), so the jobs run once.
        if embedded_beat_wanted():
            embedded_beat_start()
            self.stdout.write(
                "Scheduled jobs run in this process (no broker): "
                + ", ".join(scheduled_job_names())
                + ". Emails are printed here."
            )
        super().inner_run(*args, **options)
