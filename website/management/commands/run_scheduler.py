"""Run the periodic-job scheduler: one process, next to the web processes and the task workers."""

import contextlib
import signal

from django.conf import settings
from django.core.management.base import BaseCommand

from website.scheduler import periodic_task_enqueue, periodic_tasks, scheduler_build


class Command(BaseCommand):
    help = (
        "Enqueue the jobs of PERIODIC_TASKS on their schedule (cron syntax, TIME_ZONE); the task workers run "
        "them. Run exactly one. --list shows the schedule, --now NAME enqueues one job at once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--list", action="store_true", dest="show_list", help="Print each job, its schedule and next run; exit."
        )
        parser.add_argument("--now", metavar="NAME", help="Enqueue this job now (unless one waits or runs); exit.")

    def handle(self, *args, show_list: bool = False, now: str | None = None, **options):
        if now:
            entry = next((entry for entry in periodic_tasks() if entry.name == now), None)
            if entry is None:
                names = ", ".join(entry.name for entry in periodic_tasks())
                self.stderr.write(self.style.ERROR(f"No periodic job {now!r}; there are: {names}"))
                raise SystemExit(2)
            enqueued = periodic_task_enqueue(name=entry.name, task_path=entry.task)
            self.stdout.write(f"{entry.name}: {'enqueued' if enqueued else 'one already waits or runs'}")
            return

        if show_list:
            from apscheduler.schedulers.background import BackgroundScheduler

            preview = scheduler_build(BackgroundScheduler)
            preview.start(paused=True)
            for job in preview.get_jobs():
                self.stdout.write(f"{job.id}: {job.kwargs['task_path']} [{job.trigger}] next {job.next_run_time}")
            preview.shutdown(wait=False)
            return

        scheduler = scheduler_build()

        def stop(signum, frame):
            scheduler.shutdown(wait=False)

        signal.signal(signal.SIGTERM, stop)
        self.stdout.write(f"Scheduler started ({settings.TIME_ZONE}):")
        for job in scheduler.get_jobs():
            self.stdout.write(f"  {job.id}: {job.kwargs['task_path']} [{job.trigger}]")
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C
            scheduler.start()
        self.stdout.write("Scheduler stopped.")
