"""The hand-written reference: progress of every cluster under a region for one period in ONE
SQL query (value, same period last year, annual target, 同比 %, share of target %, lagging,
rank by value within the city), approved values only, reported indicators only."""

from __future__ import annotations

PROGRESS_SQL = """
SELECT c.id, i.code, v.value, ly.value, t.value,
       CASE WHEN ly.value IS NULL OR ly.value = 0 THEN NULL ELSE (v.value - ly.value) * 100.0 / ly.value END,
       CASE WHEN t.value IS NULL OR t.value = 0 THEN NULL ELSE v.value * 100.0 / t.value END,
       CASE WHEN i.kind = 'flow' AND t.value > 0 AND v.value IS NOT NULL
            THEN (v.value * 100.0 / t.value) < %(time_pct)s ELSE NULL END,
       CASE WHEN v.value IS NULL THEN NULL ELSE
            RANK() OVER (PARTITION BY substr(r.path, 1, 14), i.id, v.value IS NULL ORDER BY v.value DESC) END
FROM registry_cluster c
JOIN accounts_region r ON r.id = c.region_id
CROSS JOIN reporting_indicator i
LEFT JOIN reporting_value v ON v.cluster_id = c.id AND v.indicator_id = i.id AND v.period = %(period)s
     AND EXISTS (SELECT 1 FROM reporting_submission s WHERE s.id = v.submission_id AND s.status = 'approved')
LEFT JOIN reporting_value ly ON ly.cluster_id = c.id AND ly.indicator_id = i.id AND ly.period = %(last)s
     AND EXISTS (SELECT 1 FROM reporting_submission s2 WHERE s2.id = ly.submission_id AND s2.status = 'approved')
LEFT JOIN reporting_target t ON t.cluster_id = c.id AND t.indicator_id = i.id AND t.year = %(year)s
WHERE r.path LIKE %(path)s AND i.formula = '' AND i.code IN ({codes})
ORDER BY r.code, c.code, i.code
"""


def progress_sql(period: str, region_path: str, codes: list[str]):
    from clusterzone.core.periods import Period

    p = Period.parse(period)
    placeholders = ", ".join(f"%(c{k})s" for k in range(len(codes)))
    params = {
        "period": str(p),
        "last": str(p.last_year),
        "year": p.year,
        "time_pct": float(p.year_share * 100),
        "path": region_path + "%",
        **{f"c{k}": code for k, code in enumerate(codes)},
    }
    return PROGRESS_SQL.format(codes=placeholders), params


def run_progress_sql(period: str, region_path: str, codes: list[str]):
    from django.db import connection

    sql, params = progress_sql(period, region_path, codes)
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def reported_codes(dataset_code: str = "monthly_stats") -> list[str]:
    from clusterzone.reporting.models import DataSetIndicator

    return list(
        DataSetIndicator.objects.filter(dataset__code=dataset_code, indicator__formula="")
        .order_by("order")
        .values_list("indicator__code", flat=True)
    )
