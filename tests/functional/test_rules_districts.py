"""Departments placed in districts from their names; 未分区 on the pilot dashboard; admin edits."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.support.admin import csrf_token
from tests.support.files import rewrite_csv
from xinyong.records.clock import today_local
from xinyong.records.models import AuditEntry, Department
from xinyong.records.pilot.figures import pilot_report, quarter_of
from xinyong.records.reference.districts import EAST_LAKE_ZONE, ECONOMIC_ZONE, SCENIC_ZONE, place
from xinyong.records.workdays import calendar_without_overrides


@pytest.mark.parametrize(
    ("name", "district", "level"),
    [
        ("武汉市江岸区市场监督管理局", "420102", "district"),
        ("武汉市新洲区城乡建设局", "420117", "district"),
        ("国家税务总局武汉市江汉区税务局", "420103", "district"),
        ("武汉东湖新技术开发区市场监督管理局", EAST_LAKE_ZONE, "district"),
        ("东湖高新区生态环境和水务局", EAST_LAKE_ZONE, "district"),
        ("武汉经济技术开发区（汉南区）市场监督管理局", ECONOMIC_ZONE, "district"),
        ("武汉市汉南区应急管理局", ECONOMIC_ZONE, "district"),
        ("武汉东湖生态旅游风景区管理委员会", SCENIC_ZONE, "district"),
        ("武汉临空港经济技术开发区（东西湖区）市场监督管理局", "420112", "district"),
        ("武汉市市场监督管理局", None, "city"),
        ("国家税务总局武汉市税务局", None, "city"),
        ("湖北省药品监督管理局", None, "province"),
        ("某某县市场监督管理局", None, None),
    ],
)
def test_a_department_is_placed_by_its_name(name, district, level):
    found = place(name)
    assert (found.district_code, found.level) == (district, level)


DEPTS = {
    "武汉恒通商贸有限公司": "武汉市新洲区市场监督管理局",
    "武汉金桥餐饮管理有限公司": "武汉东湖新技术开发区市场监督管理局",
    "武汉楚天建筑工程有限公司": "某某县市场监督管理局",
}


@pytest.fixture
def imported(admin_client, import_files, tmp_path):
    recent = calendar_without_overrides().add_working_days(today_local(), 0)
    path = rewrite_csv(
        "penalties-current.csv",
        tmp_path / "p.csv",
        {
            name: {"数据来源单位": dept, "处罚机关": dept, "处罚决定日期": recent.isoformat()}
            for name, dept in DEPTS.items()
        },
    )
    import_files(path)
    return admin_client


def test_departments_created_on_import_count_for_their_pilot_district(imported, session_factory):
    today = today_local()
    with session_factory() as s:
        depts = {d.name: (d.district_code, d.level) for d in s.scalars(select(Department))}
        assert depts["武汉市新洲区市场监督管理局"] == ("420117", "district")
        assert depts["武汉东湖新技术开发区市场监督管理局"] == (EAST_LAKE_ZONE, "district")
        report = pilot_report(s, *quarter_of(today), today)
    figures = {r.name: r.decided for r in report.districts}
    assert figures["新洲区"] == 1 and figures["东湖新技术开发区"] == 1
    assert ("某某县市场监督管理局", 1) in report.unplaced  # never silently counted as zero
    html = imported.get("/admin/pilot/").get_data(as_text=True)
    assert "未分区" in html and "某某县市场监督管理局" in html
    book = load_workbook(io.BytesIO(imported.get("/admin/pilot/report.xlsx").data))
    assert book["未分区"]["A2"].value == "某某县市场监督管理局"


def test_the_administrator_places_a_department_and_the_edit_is_audited(imported, session_factory):
    with session_factory() as s:
        dept = s.scalar(select(Department).where(Department.name == "某某县市场监督管理局"))
    page = f"/admin/tables/departments/{dept.id}/edit"
    token = csrf_token(imported, page)
    response = imported.post(
        page, data={"csrf_token": token, "name": dept.name, "district_code": "420102", "level": "district"}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    today = today_local()
    with session_factory() as s:
        assert s.get(Department, dept.id).district_code == "420102"
        assert s.scalar(select(AuditEntry).where(AuditEntry.target == f"departments:{dept.id}"))
        report = pilot_report(s, *quarter_of(today), today)
    assert report.unplaced == [] and {r.name: r.decided for r in report.districts}["江岸区"] == 1
