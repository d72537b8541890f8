"""The periodic scheduler for production: enqueues every registered periodic job (the problem
ledger's and the approval clock's reminders, …: `core.scheduling`) and sweeps deliveries
whose retry time has come onto the task queue (run it from cron, or with --loop)."""

import time

from django.core.management.base import BaseCommand

from clusterzone.core.scheduling import jobs
from clusterzone.notifications.services import deliveries_due
from clusterzone.notifications.tasks import deliver


class Command(BaseCommand):
    help = "定时任务：问题与审批办件的到期、超期提醒，失败通知的重试（--loop 每隔 --interval 秒运行一次）"

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true")
        parser.add_argument("--interval", type=int, default=3600)
        parser.add_argument("--as-of", dest="as_of", default=None)

    def handle(self, *args, loop=False, interval=3600, as_of=None, **options):
        while True:
            for job in jobs():
                job.enqueue(as_of)
            due = deliveries_due()
            for pk in due:
                deliver.enqueue(pk)
            self.stdout.write(f"已排入提醒任务；重试投递 {len(due)} 条")
            if not loop:
                return
            time.sleep(interval)
