"""The period picker: every form and filter that takes a period offers periods labelled as
pages write them (2025年4月, 2025年第1季度), valued by the period code — no code boxes."""

import re
from datetime import date

from django.template import Context, Template
from django.urls import reverse

from clusterzone.core.forms import PeriodSelect
from clusterzone.core.periods import picker_choices


def _period_field(html, name="period"):
    """The markup of the form control named `name` (a select, never a text input)."""
    assert not re.search(rf'<input[^>]*name="{name}"(?![^>]*type="hidden")', html), "a code box is left"
    m = re.search(rf'<select[^>]*name="{name}"[^>]*>.*?</select>', html, re.S)
    assert m, f"no period picker named {name}"
    return m.group(0)


def test_picker_choices_are_labelled_and_grouped_newest_first():
    groups = picker_choices("monthly", today=date(2026, 12, 4))
    assert groups[0][0] == "2026年" and groups[0][1][0] == ("2026-12", "2026年12月")
    assert groups[-1][0] == "2023年" and groups[-1][1][-1] == ("2023-01", "2023年1月")
    mixed = picker_choices("annual,quarterly,monthly", selected="2019Q2", today=date(2026, 12, 4))
    assert mixed[0][1][:2] == [("2026", "2026年"), ("2026Q4", "2026年第4季度")]
    assert mixed[-1] == ("2019年", [("2019Q2", "2019年第2季度")])  # the shown period is never lost
    half = picker_choices("half_monthly", today=date(2025, 4, 20))
    assert half[0][1][:2] == [("2025-04H2", "2025年4月下半月"), ("2025-04H1", "2025年4月上半月")]


def test_period_select_tag_selects_the_value_and_keeps_an_invalid_one():
    html = Template('{% period_select "period" value %}').render(Context({"value": "2025-04"}))
    assert '<option value="2025-04" selected>2025年4月</option>' in html
    bad = Template('{% period_select "period" value invalid=True %}').render(Context({"value": "2025X"}))
    assert '<option value="2025X" selected>2025X</option>' in bad and "is-invalid" in bad


def test_period_widget_renders_labels():
    html = PeriodSelect(kinds="monthly", blank="全部").render("period", "2025-04")
    assert '<option value="">全部</option>' in html
    assert '<option value="2025-04" selected>2025年4月</option>' in html


def test_catchup_page_period_is_the_picker(world, client):
    client.force_login(world.users["office_admin"])
    html = client.get(
        reverse("assessment:catchup", args=[world.cluster_a.code]), {"period": "2025-04"}
    ).content.decode()
    field = _period_field(html)
    assert '<option value="2025-04" selected>2025年4月</option>' in field
    assert 'placeholder="2025-04"' not in html


def test_filters_and_statistics_take_periods_from_the_picker(world, client):
    client.force_login(world.users["office_admin"])
    pages = [
        (reverse("reporting:submission_list"), {"period": "2025-04"}, "2025年4月"),
        (reverse("reporting:burden"), {"period": "2025-04"}, "2025年4月"),
        (reverse("reporting:status"), {}, None),
        (reverse("approvals:statistics"), {"period": "2025Q1"}, "2025年第1季度"),
        (reverse("investment:funnel"), {"period": "2025"}, "2025年"),
        (reverse("supervision:statistics"), {"period": "2025-04"}, "2025年4月"),
        (reverse("projects:list"), {"period": "2025-04"}, "2025年4月"),
        (reverse("registry:enterprise_list"), {"period": "2025-04"}, "2025年4月"),
    ]
    for url, params, label in pages:
        response = client.get(url, params)
        assert response.status_code == 200, url
        html = response.content.decode()
        if label is None:
            _period_field(html, "from"), _period_field(html, "to")
            continue
        field = _period_field(html)
        assert f"selected>{label}</option>" in field, url
