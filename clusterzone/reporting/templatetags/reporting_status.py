"""The reporting-status matrix's cells, rendered in one pass per row: the page has one cell per
cluster and period (1,080 at province scale for six months), and a template loop with its
conditionals per cell was most of the page's time."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

CELL = (
    '<td class="text-center bg-{}-subtle" data-state="{}"{}><span class="badge text-bg-{}">{}</span>{}</td>'
)
LATE = ' <span class="text-danger fw-bold" title="{}">●</span>'


@register.filter
def status_cells(cells):
    """The <td> of each cell of one matrix row (state badge, the red dot of a late or overdue
    report with its title)."""
    titles = {True: _("迟报"), False: _("逾期未报")}
    labels: dict[str, str] = {}
    parts = []
    for c in cells:
        label = labels.get(c.state)
        if label is None:
            label = labels[c.state] = c.label
        css = c.css
        parts.append(
            format_html(
                CELL,
                css,
                c.state,
                mark_safe(' data-late="1"') if c.late else "",  # noqa: S308 - fixed text
                css,
                label,
                format_html(LATE, titles[bool(c.received)]) if c.late else "",
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 - every part built by format_html
