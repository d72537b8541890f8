from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from clusterzone.accounts.models import Region
from clusterzone.approvals.loaders import load_catalog


class Command(BaseCommand):
    help = "Load the starter approval catalog (matters, 18 windows, parallel groups) for a region."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="region code (GB/T 2260), e.g. 411722")
        parser.add_argument("--centre", default="", help="name of the service centre")

    def handle(self, *args, region, centre, **options):
        obj = Region.objects.filter(code=region).first()
        if obj is None:
            raise CommandError(_("没有代码为“%(c)s”的行政区划。") % {"c": region})
        counts = load_catalog(obj, centre=centre)
        self.stdout.write(
            _("已载入：窗口 %(windows)d 个，联审联批组 %(groups)d 个，审批事项 %(matters)d 项。") % counts
        )
