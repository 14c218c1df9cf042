"""Hostile department files: a workbook declaring gigabytes, one cell of hundreds of megabytes,
a deeply nested JSON file, an endless CSV line. Each is refused with a Chinese message and a
failed batch (on both databases), and the importer's peak memory stays under 300 MB, measured in
a subprocess with resource.getrusage."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.support.processes import BIN
from xinyong.records.ingest.importer import ImportFailed
from xinyong.records.models import ImportBatch, Licence

PEAK_LIMIT_KB = 300 * 1024
HEADINGS = [
    "行政相对人名称",
    "行政相对人类别",
    "行政相对人代码_1(统一社会信用代码)",
    "行政许可决定文书号",
    "许可决定日期",
    "许可机关",
]
MB = 1024 * 1024


def _cell(text: str) -> str:
    return f'<c t="inlineStr"><is><t>{text}</t></is></c>'


def _workbook(path: Path, body_chunks) -> Path:
    """A minimal XLSX whose first sheet has the headings, then `body_chunks` streamed into the
    sheet XML (so a part of hundreds of MB is written without holding it)."""
    ns = "http://schemas.openxmlformats.org"
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    rels = f"{ns}/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            f'<Types xmlns="{ns}/package/2006/content-types"><Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{sheet_type}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{sheet_type}.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" '
            f'Type="{rels}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{rels}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" '
            f'Type="{rels}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, text in parts.items():
            z.writestr(name, text)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.'
                b'org/spreadsheetml/2006/main"><sheetData><row>'
            )
            sheet.write("".join(_cell(h) for h in HEADINGS).encode() + b"</row>")
            for chunk in body_chunks:
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return path


def huge_cell(path: Path) -> Path:
    """The attack from the issue: one inline-string cell of 200 MB (a file of a few hundred KB)."""

    def body():
        yield b'<row><c t="inlineStr"><is><t>'
        for _ in range(200):
            yield b"A" * MB
        yield b"</t></is></c></row>"

    return _workbook(path, body())


def sheet_bomb(path: Path) -> Path:
    """A sheet of 300 MB of rows: past the limit on one part, refused before it is inflated."""
    row = ("<row>" + _cell("某公司") * 6 + "</row>").encode()
    block = row * (MB // len(row))
    return _workbook(path, (block for _ in range(300)))


def deep_json(path: Path) -> Path:
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    return path


def deep_value_json(path: Path) -> Path:
    value: object = "x"
    for _ in range(50):
        value = {"v": value}
    path.write_text(
        json.dumps([dict.fromkeys(HEADINGS, "某"), {"行政相对人名称": value}], ensure_ascii=False),
        encoding="utf-8",
    )
    return path


def endless_line(path: Path) -> Path:
    path.write_text(",".join(HEADINGS) + "\n" + "," * 3_000_000 + "\n", encoding="utf-8")
    return path


def long_csv_cell(path: Path) -> Path:
    path.write_text(",".join(HEADINGS) + '\n"' + "长" * 40_000 + '",,,,,\n', encoding="utf-8")
    return path


HOSTILE = {
    "huge_cell.xlsx": (huge_cell, "超过 32767 个字符"),
    "sheet_bomb.xlsx": (sheet_bomb, "解压后的工作表内容过大"),
    "deep.json": (deep_json, "JSON 文件嵌套层数过多"),
    "deep_value.json": (deep_value_json, "JSON 文件嵌套层数过多"),
    "endless_line.csv": (endless_line, "CSV 第 2 行过长"),
    "long_cell.csv": (long_csv_cell, "超过 32767 个字符"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_file_is_a_failed_batch_with_a_chinese_message(name, do_import, session_factory, tmp_path):
    make, message = HOSTILE[name]
    with pytest.raises(ImportFailed) as failure:
        do_import(make(tmp_path / name))
    assert message in failure.value.message, failure.value.message
    with session_factory() as s:
        batch = s.get(ImportBatch, failure.value.batch_id)
        assert batch.status == "failed" and batch.message == failure.value.message
        assert s.scalar(select(func.count()).select_from(Licence)) == 0


MEASURE = textwrap.dedent("""
    import resource, subprocess, sys
    done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(done.returncode, peak, done.stderr.replace("\\n", " ")[-300:])
""")


@pytest.mark.parametrize("name", ["huge_cell.xlsx", "sheet_bomb.xlsx", "deep.json"])
def test_peak_memory_of_a_hostile_import_stays_under_300_mb(name, sqlite_portal, tmp_path):
    make, message = HOSTILE[name]
    path = make(tmp_path / name)
    run = subprocess.run(
        [sys.executable, "-c", MEASURE, str(BIN / "xinyong"), "import", str(path)],
        env=sqlite_portal.env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    code, peak, stderr = run.stdout.split(" ", 2)
    assert int(peak) < PEAK_LIMIT_KB, f"peak {int(peak) // 1024} MB"
    assert code != "0" and message in stderr and "Traceback" not in stderr, stderr
