"""Writing a large, valid current-layout penalty file for the import benchmark and slow tests."""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from xinyong.records.catalog import load_catalog
from xinyong.records.identifiers import make_uscc

REGIONS = [
    "420102",
    "420103",
    "420104",
    "420105",
    "420106",
    "420107",
    "420111",
    "420112",
    "420113",
    "420114",
    "420115",
    "420116",
    "420117",
]
TRADES = ["商贸", "餐饮管理", "建筑工程", "环保科技", "食品", "物业管理", "网络科技", "旅行社"]
FACTS = "经查，当事人经营超过保质期的食品，违反了《中华人民共和国食品安全法》第三十四条第（十）项的规定。"
BRANDS = ["恒通", "鑫隆", "华信", "楚天", "汉江", "金桥", "长江", "东湖", "晴川", "黄鹤"]


def write_penalty_file(path: Path, rows: int, seed: int = 1) -> Path:
    rnd = random.Random(seed)
    d = load_catalog().get("penalty", "current")
    label = {f.name: f.label for f in d.fields}
    headers = [f.label for f in d.fields]
    authority = make_uscc("1", "1", "420100", "MB1A0001")
    start = date(2022, 1, 1)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=headers)
        writer.writeheader()
        for i in range(rows):
            region = rnd.choice(REGIONS)
            uscc = make_uscc("9", "1", region, f"MA{i % 1_000_000:06d}")
            decided = start + timedelta(days=rnd.randrange(1400))
            fine = f"{rnd.randrange(1, 500000) / 10000:.4f}"
            writer.writerow(
                {
                    label["subject_name"]: f"武汉{rnd.choice(BRANDS)}{rnd.choice(TRADES)}有限公司{i}",
                    label["subject_kind"]: "法人及非法人组织",
                    label["uscc"]: uscc,
                    label["legal_rep"]: "张三",
                    label["decision_no"]: f"武市监处罚〔{decided.year}〕{i}号",
                    label["violation_type"]: "食品安全违法行为",
                    label["facts"]: FACTS,
                    label["basis"]: "《中华人民共和国食品安全法》第一百二十四条第一款",
                    label["categories"]: "警告;罚款",
                    label["content"]: "警告，并处罚款",
                    label["fine_amount"]: fine,
                    label["decision_date"]: decided.isoformat(),
                    label["valid_until"]: (decided + timedelta(days=365)).isoformat(),
                    label["authority"]: "武汉市市场监督管理局",
                    label["authority_uscc"]: authority,
                    label["source_dept"]: "武汉市市场监督管理局",
                    label["source_dept_uscc"]: authority,
                }
            )
    return path
