"""The register of issued documents: numbers per office and year (the prefix configurable,
the next number proposed), no gaps and no reuse also under concurrent issues (threads on
PostgreSQL), immutable rows, hashes, corrections naming the corrected document, the policy."""

import hashlib
import threading
import time
from datetime import date

import pytest
from django.db import connection

from clusterzone.core import documents
from clusterzone.core.exceptions import DomainError
from clusterzone.core.models import DocumentCounter, DocumentKind, DocumentOffice, IssuedDocument


def fake_render(number):
    return (f"docx {number}".encode(), f"xlsx {number}".encode())


def issue(world, user_key="office_admin", unit=None, year=2025, **kw):
    user = world.users[user_key]
    return documents.document_issue(
        actor=user,
        unit=unit or user.unit,
        kind=kw.pop("kind", DocumentKind.BULLETIN),
        title=kw.pop("title", "关于测试的通报"),
        signed_on=date(year, 5, 21),
        render=kw.pop("render", fake_render),
        **kw,
    )


def test_numbers_per_office_and_year(world):
    office = world.users["office_admin"].unit  # 驻马店市联席办
    DocumentOffice.objects.filter(unit=office).delete()
    assert documents.document_number_proposed(unit=office, year=2025) == "驻集聚办〔2025〕1号"
    first = issue(world)
    second = issue(world)
    assert (first.number, second.number) == ("驻集聚办〔2025〕1号", "驻集聚办〔2025〕2号")
    assert documents.document_number_proposed(unit=office, year=2025) == "驻集聚办〔2025〕3号"
    assert issue(world, year=2026).number == "驻集聚办〔2026〕1号"
    other = issue(world, "other_admin")  # 平顶山市联席办: its own series
    assert other.number == "平集聚办〔2025〕1号"


def test_prefix_configurable(world):
    office = world.users["other_admin"].unit
    DocumentOffice.objects.create(unit=office, prefix="鲁集聚办")
    for _ in range(6):
        issue(world, "other_admin")
    assert issue(world, "other_admin").number == "鲁集聚办〔2025〕7号"


def test_failed_render_leaves_no_gap(world):
    def broken(number):
        raise DomainError("渲染失败")

    issue(world)
    with pytest.raises(DomainError):
        issue(world, render=broken)
    assert issue(world).sequence == 2


def test_stored_with_hash_and_issuer(world):
    doc = issue(world, figures={"fai": "150000"}, subject="411700 2025-04")
    doc = IssuedDocument.objects.get(pk=doc.pk)
    assert bytes(doc.docx) == "docx 驻集聚办〔2025〕1号".encode()
    assert doc.sha256 == hashlib.sha256(bytes(doc.docx) + bytes(doc.xlsx)).hexdigest()
    assert doc.issued_by == world.users["office_admin"]
    assert doc.figures == {"fai": "150000"}


def test_immutable(world):
    doc = issue(world)
    doc.title = "改过的标题"
    with pytest.raises(DomainError):
        doc.save()
    with pytest.raises(DomainError):
        doc.delete()
    with pytest.raises(DomainError):
        IssuedDocument.objects.filter(pk=doc.pk).update(title="x")
    with pytest.raises(DomainError):
        IssuedDocument.objects.filter(pk=doc.pk).delete()
    assert IssuedDocument.objects.get(pk=doc.pk).title == "关于测试的通报"


def test_correction_names_the_corrected_document(world):
    first = issue(world)
    fix = issue(world, title="关于测试的通报（更正）", corrects=first)
    assert fix.corrects == first and fix.sequence == 2
    assert list(first.corrections.all()) == [fix]
    with pytest.raises(DomainError):
        issue(world, "other_admin", corrects=first)  # not visible to 平顶山


def test_policy(world):
    with pytest.raises(DomainError):
        issue(world, "cluster_reporter", unit=world.users["office_admin"].unit)
    with pytest.raises(DomainError):  # an office outside one's region
        issue(world, "office_admin", unit=world.users["other_admin"].unit)
    doc = issue(world)
    assert list(documents.document_list(user=world.users["readonly"])) == [doc]
    assert list(documents.document_list(user=world.users["other_admin"])) == []


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_get_consecutive_numbers(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite serialises writers anyway)")
    barrier = threading.Barrier(4)
    numbers, errors = [], []

    def slow_render(number):
        time.sleep(0.2)  # hold the counter row while the others wait for it
        return fake_render(number)

    def worker():
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            doc = issue(world, render=slow_render)
            numbers.append(doc.sequence)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(numbers) == [1, 2, 3, 4]
    unit = world.users["office_admin"].unit
    assert DocumentCounter.objects.get(unit=unit, year=2025).last == 4
