"""Importing the department files under tests/fixtures/: exact counts, messages, stored values."""

from __future__ import annotations

import csv
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.fixtures.make_fixtures import GOOD, HENGTONG, PENALTY_HEADERS, penalty
from tests.support.files import FIXTURES
from xinyong.records.ingest.error_report import error_report_csv
from xinyong.records.ingest.importer import ImportFailed
from xinyong.records.models import (
    Commitment,
    Department,
    ImportBatch,
    JointCase,
    Licence,
    ListEntry,
    OutboxEvent,
    Penalty,
    RecordRevision,
    Subject,
    SubjectName,
)


def counts(summary) -> tuple[int, int, int, int]:
    return summary.accepted, summary.updated, summary.unchanged, summary.rejected


def test_current_penalty_file_is_accepted_whole(do_import, session_factory):
    summary = do_import("penalties-current.csv")
    assert (summary.record_type, summary.layout) == ("penalty", "current")
    assert counts(summary) == (6, 0, 0, 0)
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Penalty)) == 6
        jinqiao = s.scalar(select(Penalty).where(Penalty.decision_no == "武市监处罚〔2026〕102号"))
        assert jinqiao.uscc == jinqiao.uscc.upper()  # lower case in the file
        assert jinqiao.categories == "罚款;没收违法所得"
        assert jinqiao.confiscated_amount == Decimal("0.12")
        chutian = s.scalar(select(Penalty).where(Penalty.fine_amount == Decimal("12.345678")))
        assert chutian.decision_date.isoformat() == "2026-11-03"
        person = s.scalar(select(Penalty).where(Penalty.subject_kind == "自然人"))
        assert person.id_hash and len(person.id_hash) == 64
        assert person.id_masked.startswith("420104") and "*" in person.id_masked
        shop = s.scalar(select(Subject).where(Subject.kind == "个体工商户"))
        assert shop.uscc is None and shop.reg_no == "420103600123456"
        assert s.scalar(select(func.count()).select_from(Subject)) == 6
        assert s.scalar(select(func.count()).select_from(OutboxEvent)) == 12  # 6 subjects + 6


def test_reimporting_the_same_file_changes_nothing(do_import, session_factory):
    do_import("penalties-current.csv")
    with session_factory() as s:
        outbox_before = s.scalar(select(func.count()).select_from(OutboxEvent))
    again = do_import("penalties-current.csv")
    assert counts(again) == (0, 0, 6, 0)
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Penalty)) == 6
        assert s.scalar(select(func.count()).select_from(RecordRevision)) == 0
        assert s.scalar(select(func.count()).select_from(OutboxEvent)) == outbox_before


def test_alternative_column_order_and_gb18030_map_by_label(do_import, session_factory):
    do_import("penalties-current.csv")
    summary = do_import("penalties-alt-order-gb18030.csv")
    assert summary.ignored_columns == []
    assert counts(summary) == (2, 1, 1, 0)
    with session_factory() as s:
        corrected = s.scalar(select(Penalty).where(Penalty.decision_no == "武市监处罚〔2026〕102号"))
        assert corrected.fine_amount == Decimal("0.8")
        assert corrected.revision == 2
        history = s.scalars(select(RecordRevision).where(RecordRevision.record_id == corrected.id)).all()
        assert [h.values["fine_amount"] for h in history] == ["0.5"]
        # The homophone company is a different subject; the brand's second penalty is not.
        assert s.scalar(select(func.count()).select_from(Subject)) == 7


def test_bad_rows_are_rejected_with_every_reason(do_import, session_factory):
    summary = do_import("penalties-bad.csv")
    assert counts(summary) == (1, 1, 1, 8)
    with session_factory() as s:
        batch = s.get(ImportBatch, summary.batch)
        reasons = {r.row_number: [(e["column"], e["reason"]) for e in r.errors] for r in batch.rejected_rows}
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9, 12]
    assert reasons[3][0][0] == "行政相对人代码_1(统一社会信用代码)"
    assert reasons[3][0][1].startswith("统一社会信用代码校验位错误")
    assert reasons[4] == [("处罚决定日期", "日期不存在：2024-02-30")]
    assert reasons[5] == [("违法事实", "必填项为空")]
    assert reasons[6] == [("罚款金额（万元）", "处罚类别含“罚款”时必填")]
    assert reasons[7][0][0] == "处罚类别"
    assert reasons[7][0][1].startswith("“批评教育”不是允许的取值，应为：警告、通报批评、罚款")
    assert reasons[8] == [("处罚决定日期", "日期晚于今天（2026-11-20）")]
    assert reasons[9][0][0] == "证件号码" and "校验位" in reasons[9][0][1]
    assert [c for c, _ in reasons[12]] == ["行政相对人代码_1(统一社会信用代码)", "处罚决定日期"]


def test_error_report_has_original_columns_reason_and_no_full_id(do_import, session_factory):
    summary = do_import("penalties-bad.csv")
    with session_factory() as s:
        report = error_report_csv(s.get(ImportBatch, summary.batch)).decode("utf-8-sig")
    lines = report.splitlines()
    assert lines[0].endswith(",错误原因")
    assert lines[0].startswith("行政相对人名称,行政相对人类别")
    assert len(lines) == 1 + 8
    assert "第4行“处罚决定日期”（2024-02-30）：日期不存在：2024-02-30" in report
    from xinyong.records.pii import contains_full_id

    assert not contains_full_id(report)


def test_error_report_can_be_fixed_and_resubmitted(do_import, session_factory, tmp_path):
    summary = do_import("penalties-bad.csv")
    with session_factory() as s:
        report = error_report_csv(s.get(ImportBatch, summary.batch)).decode("utf-8-sig")
    fixed = report.replace("2024-02-30", "2024-02-28").replace("2026-13-01", "2026-11-01")
    path = tmp_path / "resubmitted.csv"
    path.write_text(fixed, encoding="utf-8")
    again = do_import(path)
    assert again.ignored_columns == ["错误原因"]
    assert again.accepted == 1  # the impossible date, fixed; the others still need real fixes
    assert again.rejected == 7


def test_missing_required_columns_fail_the_file_with_names(do_import, session_factory):
    with pytest.raises(ImportFailed) as failure:
        do_import("penalties-missing-columns.csv")
    assert failure.value.message == "行政处罚文件缺少必填列：违法事实、处罚机关"
    with session_factory() as s:
        batch = s.get(ImportBatch, failure.value.batch_id)
        assert batch.status == "failed" and batch.message == failure.value.message
        assert s.scalar(select(func.count()).select_from(Penalty)) == 0


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("wrong-encoding.csv", "无法识别文件编码：请使用 UTF-8 或 GB18030（GBK）编码保存 CSV 文件"),
        ("not-a-credit-file.csv", "无法识别表头，文件不像任何一类信用信息目录格式。表头为：姓名、年龄、城市"),
    ],
)
def test_unreadable_files_fail_with_a_clear_message(do_import, name, message):
    with pytest.raises(ImportFailed) as failure:
        do_import(name)
    assert failure.value.message == message


def test_legacy_layout_imports_with_fines_from_the_result_text(do_import, session_factory):
    summary = do_import("penalties-legacy.csv")
    assert (summary.layout, counts(summary)) == ("legacy", (3, 0, 0, 0))
    with session_factory() as s:
        rows = {p.decision_no: p for p in s.scalars(select(Penalty))}
    first = rows["武环罚〔2016〕12号"]
    assert first.fine_amount == Decimal("0.2")  # 罚款2000元 = 0.2 万元
    assert first.subject_kind == "法人及非法人组织" and first.org_code
    assert first.source_dept == "武汉市环境保护局" and first.legacy_title == "超标排放大气污染物案"
    assert rows["武环罚〔2016〕13号"].categories == "警告;罚款"
    assert rows["武环罚〔2016〕13号"].fine_amount == Decimal("1.5")
    person = rows["武环罚〔2016〕14号"]
    assert person.subject_kind == "自然人" and person.id_hash and "*" in person.id_masked
    assert first.collected_in_time is False  # decided in 2016, collected in 2026


def test_xlsx_licences_with_title_row_excel_dates_and_open_ended_validity(do_import, session_factory):
    summary = do_import("licences.xlsx")
    assert (summary.record_type, counts(summary)) == ("licence", (3, 0, 0, 1))
    with session_factory() as s:
        rows = {lic.licence_no: lic for lic in s.scalars(select(Licence))}
        rejected = s.get(ImportBatch, summary.batch).rejected_rows[0]
    assert rows["JY14201020012345"].decision_date.isoformat() == "2026-11-16"
    jinqiao = rows["JY14201060054321"]
    assert jinqiao.decision_no == "JY14201060054321"  # 许可编号 stands in for a missing 文书号
    assert jinqiao.open_ended and jinqiao.valid_to is None
    chutian = rows["D342012345"]
    assert (chutian.category, chutian.category_detail) == ("其他", "备案")
    assert chutian.open_ended
    assert rejected.row_number == 6
    assert rejected.errors[0]["reason"] == "为“其他”时须写明具体类别，如“其他（备案）”"


def test_list_entries_from_json(do_import, session_factory):
    summary = do_import("list-entries.json")
    assert (summary.record_type, counts(summary)) == ("list_entry", (3, 0, 0, 1))
    with session_factory() as s:
        entries = {e.list_type_code: e for e in s.scalars(select(ListEntry))}
        rejected = s.get(ImportBatch, summary.batch).rejected_rows[0]
    assert set(entries) == {"serious_illegal", "a_taxpayer", "abnormal_operation"}
    assert entries["abnormal_operation"].removed_on.isoformat() == "2026-02-01"
    assert entries["serious_illegal"].severity == "严重"
    assert rejected.errors[0]["column"] == "名单类型"


def test_commitments_and_joint_cases(do_import, session_factory):
    assert counts(do_import("commitments.csv")) == (2, 0, 0, 0)
    assert counts(do_import("joint-cases.csv")) == (2, 0, 0, 0)
    with session_factory() as s:
        cases = {c.case_kind: c for c in s.scalars(select(JointCase))}
        assert cases["守信激励"].district_code == "420102"  # 江岸区 by name
        assert cases["失信惩戒"].domain_code == "bidding"
        assert s.scalar(select(func.count()).select_from(Commitment)) == 2


def test_a_newer_name_under_the_same_code_keeps_the_old_one(do_import, session_factory, tmp_path):
    do_import("penalties-current.csv")

    renamed = penalty(
        "武汉恒通供应链管理有限公司",
        "法人及非法人组织",
        GOOD[0]["行政相对人代码_1(统一社会信用代码)"],
        "武市监处罚〔2026〕301号",
        decided="2026-11-18",
    )
    path = tmp_path / "renamed.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(PENALTY_HEADERS)
        writer.writerow([renamed.get(h, "") for h in PENALTY_HEADERS])
    do_import(path)
    with session_factory() as s:
        subject = s.scalar(select(Subject).where(Subject.name == "武汉恒通供应链管理有限公司"))
        assert [
            n.name for n in s.scalars(select(SubjectName).where(SubjectName.subject_id == subject.id))
        ] == ["武汉恒通商贸有限公司"]


def _damaged_after(rows: int, tmp_path) -> Path:
    """A penalty workbook whose sheet breaks off after its first rows (the XML cut mid-row)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(PENALTY_HEADERS)
    for n in range(rows):
        row = penalty("武汉恒通商贸有限公司", "法人及非法人组织", HENGTONG, f"武市监处罚〔2026〕{9000 + n}号")
        sheet.append([row.get(h, "") for h in PENALTY_HEADERS])
    whole = tmp_path / "whole.xlsx"
    workbook.save(whole)
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(damaged, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) * 2 // 3] + b'<row><c r="A'  # cut, then garbage
            target.writestr(item, data)
    return damaged


@pytest.mark.parametrize("damage", ["sheet cut off after its first rows", "zip bytes bent"])
def test_a_damaged_workbook_fails_whole_with_a_clear_message(do_import, session_factory, tmp_path, damage):
    path = _damaged_after(300, tmp_path)
    if damage == "zip bytes bent":  # what fuzzing found: zlib.error from inside openpyxl
        data = bytearray((FIXTURES / "licences.xlsx").read_bytes())
        data[len(data) // 2 : len(data) // 2 + 40] = bytes(40)
        path.write_bytes(bytes(data))
    with pytest.raises(ImportFailed) as failure:
        do_import(path)
    assert failure.value.message.startswith("无法打开 Excel 文件：文件已损坏或不是 .xlsx 格式")
    with session_factory() as s:
        assert s.get(ImportBatch, failure.value.batch_id).status == "failed"
        assert s.scalar(select(func.count()).select_from(Penalty)) == 0
        assert s.scalar(select(func.count()).select_from(Licence)) == 0


def test_a_file_imported_as_a_department_keeps_to_its_records(do_import, session_factory):
    """Scope by record type: 处罚机关 (legacy: the only department named), 承诺受理单位, 报送单位."""
    legacy = do_import("penalties-legacy.csv", department="武汉市市场监督管理局")
    assert (legacy.accepted, legacy.rejected) == (0, 3)
    own = do_import("penalties-legacy.csv", department="武汉市环境保护局")
    assert (own.accepted, own.rejected) == (3, 0)
    commitments = do_import("commitments.csv", department="武汉市市场监督管理局")
    assert (commitments.accepted, commitments.rejected) == (2, 0)
    cases = do_import("joint-cases.csv", department="江岸区发展和改革局")
    assert (cases.accepted, cases.rejected) == (1, 1)
    with session_factory() as s:
        batch = s.get(ImportBatch, legacy.batch)
        errors = [e for r in batch.rejected_rows for e in r.errors]
        departments = {d.name: d.id for d in s.scalars(select(Department))}
        penalties = s.scalars(select(Penalty)).all()
    assert len(errors) == 3 and {e["column"] for e in errors} == {"处罚机关"}
    assert all("不属于本部门（武汉市市场监督管理局）的报送范围" in e["reason"] for e in errors)
    assert {p.department_id for p in penalties} == {departments["武汉市环境保护局"]}


def test_the_command_line_imports_as_a_department_only_when_told(runner, session_factory):
    path = FIXTURES / "penalties-current.csv"
    scoped = runner.invoke(args=["import", str(path), "--department", "武汉市生态环境局", "--json"])
    assert scoped.exit_code == 0 and '"accepted": 0' in scoped.output and '"rejected": 6' in scoped.output
    trusted = runner.invoke(args=["import", str(path), "--json"])
    assert trusted.exit_code == 0 and '"accepted": 6' in trusted.output
    with session_factory() as s:
        owners = set(s.scalars(select(Department.name).join(Penalty, Penalty.department_id == Department.id)))
    assert owners == {"武汉市市场监督管理局"}
