"""Generating the demo city from a seed: subjects, then what departments decided about them.

Deterministic (one `random.Random(seed)`, dates relative to `today`). Rows are keyed by catalog
field name; `files.py` turns them into department files with the catalog's labels.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from xinyong.records.demo import names
from xinyong.records.demo.templates import (
    BLACK_LISTS,
    CATEGORY_MIX,
    DEPARTMENTS,
    DISTRICT_MARKET,
    DOMAIN_DEPT,
    DOMAIN_WEIGHTS,
    LICENCES,
    PENALTIES,
    RED_LISTS,
)
from xinyong.records.identifiers import make_resident_id, make_uscc
from xinyong.records.reference.seed import DISTRICTS, DOMAINS, LIST_TYPES
from xinyong.records.workdays import WorkCalendar

WUHAN = [(code, name) for code, name, _ in DISTRICTS if code.isdigit()]
DISTRICT_NAME = dict(WUHAN)
LIST_NAME = {code: name for code, name, _, _ in LIST_TYPES}
DOMAIN_NAME = {code: name for code, name, _ in DOMAINS}
RECENT_DAYS = 90  # records decided this recently arrive in daily deliveries; older ones as backfill
HISTORY_DAYS = 4 * 365
# A portal's recent months are busier than its backfill: this share of licences is decided within
# RECENT_DAYS, so even a small demo city has figures for each pilot district's current quarter.
# (Penalties keep the even spread: pages and tests expect the fixture files' records among the
# newest penalties.)
RECENT_SHARE = 0.3


@dataclass
class DemoSubject:
    kind: str
    name: str
    uscc: str
    district: str
    domain: str
    reg_no: str = ""
    id_no: str = ""
    legal_rep: str = ""


@dataclass
class DemoData:
    subjects: list[DemoSubject]
    # (record_type, layout) → rows keyed by field name, plus "_dept" and "_delivered"
    rows: dict[tuple[str, str], list[dict]] = field(default_factory=dict)
    planted_errors: int = 0


def authority_uscc(dept_name: str) -> str:
    return make_uscc("1", "1", "420100", DEPARTMENTS[dept_name].code_body)


def generate(subjects: int, seed: int, today: date) -> DemoData:
    rnd = random.Random(seed)
    data = DemoData(_subjects(rnd, subjects))
    cal = WorkCalendar()
    gen = _RecordMaker(rnd, today, cal, data)
    for s in data.subjects:
        gen.for_subject(s)
    gen.joint_cases()
    gen.legacy_file()
    return data


def _subjects(rnd: random.Random, count: int) -> list[DemoSubject]:
    domains, weights = zip(*DOMAIN_WEIGHTS.items(), strict=True)
    out: list[DemoSubject] = []
    brands: list[str] = []
    for i in range(count):
        district, district_name = rnd.choice(WUHAN)
        domain = rnd.choices(domains, weights)[0]
        body = f"{rnd.choice('ABCDEFGHJKLMNPQRTUWXY')}{rnd.choice('0123456789ABCDEFGHJK')}{i:06d}"
        roll = rnd.random()
        if roll < 0.05:
            birth = date(1950, 1, 1) + timedelta(days=rnd.randrange(50 * 365))
            out.append(
                DemoSubject(
                    "自然人",
                    names.person(rnd),
                    "",
                    district,
                    domain,
                    id_no=make_resident_id(district, birth, rnd.randrange(1000)),
                )
            )
            continue
        if roll < 0.15:
            placeholder = rnd.random() < 0.05
            out.append(
                DemoSubject(
                    "个体工商户",
                    names.shop(rnd, district_name),
                    "00000000000000000X" if placeholder else make_uscc("9", "2", district, body),
                    district,
                    rnd.choice(("food_drug", "industry_commerce")),
                    reg_no=f"{district}600{i:06d}" if placeholder else "",
                    legal_rep=names.person(rnd),
                )
            )
            continue
        # Shared brands and near-duplicates on purpose (search must tell them apart).
        if brands and rnd.random() < 0.15:
            brand = rnd.choice(brands)
        elif brands and rnd.random() < 0.05:
            brand = names.near_duplicate(rnd, rnd.choice(brands))
        else:
            brand = names.brand(rnd)
        brands.append(brand)
        authority, category = ("9", "1")
        if rnd.random() < 0.02:
            authority, category = rnd.choice((("9", "3"), ("5", "1"), ("N", "2"), ("Y", "1")))
        name = names.organisation(rnd, brand, rnd.choice(names.TRADES[domain]), district_name)
        if out and rnd.random() < 0.01 and out[-1].kind == "法人及非法人组织":
            name = names.branch(out[-1].name, district_name)
        out.append(
            DemoSubject(
                "法人及非法人组织",
                name,
                make_uscc(authority, category, district, body),
                district,
                domain,
                legal_rep=names.person(rnd),
            )
        )
    return out


class _RecordMaker:
    def __init__(self, rnd: random.Random, today: date, cal: WorkCalendar, data: DemoData):
        self.rnd, self.today, self.cal, self.data = rnd, today, cal, data
        self.seq = 0
        self.listed: list[tuple[DemoSubject, str, str]] = []  # subject, list code, colour

    def _add(self, key: tuple[str, str], row: dict, dept: str, decided: date) -> None:
        row["_dept"] = dept
        row["_delivered"] = self._delivery(decided)
        self.data.rows.setdefault(key, []).append(row)

    def _delivery(self, decided: date) -> date | None:
        """None = historical backfill; else the day the department delivered it."""
        if (self.today - decided).days > RECENT_DAYS:
            return None
        lag = self.rnd.randrange(0, 7) if self.rnd.random() < 0.85 else self.rnd.randrange(8, 20)
        return min(self.cal.add_working_days(decided, lag), self.today)

    def _date(self, within_days: int = HISTORY_DAYS, recent_share: float = 0.0) -> date:
        if recent_share and self.rnd.random() < recent_share:
            within_days = RECENT_DAYS
        return self.today - timedelta(days=self.rnd.randrange(within_days))

    def _dept_for(self, s: DemoSubject, domain: str | None = None) -> str:
        dept = DOMAIN_DEPT[domain or s.domain]
        if dept == "武汉市市场监督管理局" and s.district in DISTRICT_MARKET and self.rnd.random() < 0.9:
            return DISTRICT_MARKET[s.district]
        return dept

    def _subject_fields(self, s: DemoSubject) -> dict:
        row = {
            "subject_name": s.name,
            "subject_kind": s.kind,
            "uscc": s.uscc,
            "reg_no": s.reg_no,
            "legal_rep": s.legal_rep if s.kind == "法人及非法人组织" else "",
        }
        if s.kind == "自然人":
            row.update(id_type="身份证", id=s.id_no)
        elif self.rnd.random() < 0.02:
            birth = date(1960, 1, 1) + timedelta(days=self.rnd.randrange(30 * 365))
            row.update(
                legal_rep_id_type="身份证",
                legal_rep_id=make_resident_id(s.district, birth, self.rnd.randrange(1000)),
            )
        return row

    def _source(self, dept: str) -> dict:
        code = authority_uscc(dept)
        return {"authority": dept, "authority_uscc": code, "source_dept": dept, "source_dept_uscc": code}

    def for_subject(self, s: DemoSubject) -> None:
        rnd = self.rnd
        if s.kind != "自然人":
            # Every business was registered (设立登记) before anything else happened to it.
            self.licence(s, registration=True)
            for _ in range(rnd.choice((0, 0, 1, 1, 2))):
                self.licence(s)
        # A natural person is on the portal only because he or she was sanctioned.
        if s.kind == "自然人" or rnd.random() < 0.35:
            for _ in range(rnd.choice((1, 1, 1, 2))):
                self.penalty(s)
        if s.kind == "法人及非法人组织":
            self.lists(s)
            if rnd.random() < 0.10:
                self.commitment(s)

    def licence(self, s: DemoSubject, registration: bool = False) -> None:
        self.seq += 1
        domain = "industry_commerce" if registration else s.domain
        kind = self.rnd.choice(LICENCES[domain])
        dept = self._dept_for(s, domain)
        decided = self._date(recent_share=RECENT_SHARE)
        number = kind.number.format(d=s.district, n=self.seq)
        valid_to = (
            ("9999-12-31" if self.rnd.random() < 0.5 else "2099-12-31")
            if kind.years is None
            else (decided + timedelta(days=365 * kind.years - 1)).isoformat()
        )
        row = {
            **self._subject_fields(s),
            "doc_name": kind.doc_name,
            "category": kind.category,
            "decision_no": f"{DEPARTMENTS[dept].licence_prefix}〔{decided.year}〕{self.seq}号",
            "cert_name": kind.cert_name,
            "licence_no": number,
            "content": kind.content,
            "decision_date": decided.isoformat(),
            "valid_from": decided.isoformat(),
            "valid_to": valid_to,
            "status": "有效",
            **self._source(dept),
        }
        self._plant(row, "content")
        self._add(("licence", "current"), row, dept, decided)

    def penalty(self, s: DemoSubject) -> None:
        rnd = self.rnd
        self.seq += 1
        kind = rnd.choice(PENALTIES[s.domain])
        dept = self._dept_for(s)
        decided = self._date()
        mix, weights = zip(*CATEGORY_MIX, strict=True)
        categories = rnd.choices(mix, weights)[0]
        row = {
            **self._subject_fields(s),
            "violation_type": kind.violation_type,
            "facts": kind.facts,
            "basis": kind.basis,
            "categories": categories,
            "decision_no": f"{DEPARTMENTS[dept].penalty_prefix}〔{decided.year}〕{self.seq}号",
            "content": f"{categories.replace(';', '、')}",
            "decision_date": decided.isoformat(),
            "valid_until": (decided + timedelta(days=365)).isoformat(),
            **self._source(dept),
        }
        if "罚款" in categories:
            scale = rnd.choice((0.05, 0.2, 0.5, 1, 2, 5, 10, 20, 50))  # 万元
            row["fine_amount"] = f"{scale * rnd.uniform(0.5, 1.5):.4f}"
        if "没收" in categories:
            row["confiscated_amount"] = f"{rnd.uniform(0.01, 5):.6f}"
        if "吊销" in categories:
            cert = LICENCES[s.domain][0].cert_name
            row["licence_affected"] = f"{cert}（编号见决定书）"
        self._plant(row, "basis")
        self._add(("penalty", "current"), row, dept, decided)

    def _plant(self, row: dict, required: str) -> None:
        """About 0.5% of rows carry one error a department really makes."""
        if self.rnd.random() >= 0.005:
            return
        self.data.planted_errors += 1
        flaw = self.rnd.randrange(3)
        if flaw == 0 and row.get("uscc", "").startswith(("9", "5", "N", "Y")):
            code = row["uscc"]
            row["uscc"] = code[:-1] + ("0" if code[-1] != "0" else "1")  # wrong check digit
        elif flaw == 1:
            row["decision_date"] = f"{self.today.year - 1}-02-30"  # no such day
        else:
            row[required] = ""  # required field left empty

    def lists(self, s: DemoSubject) -> None:
        rnd = self.rnd
        roll = rnd.random()
        if roll < 0.03:
            code = rnd.choice(list(BLACK_LISTS))
            dept, colour, reason = BLACK_LISTS[code], "black", "因严重违法失信行为被依法认定"
        elif roll < 0.08:
            code = rnd.choice(("a_taxpayer",) * 4 + ("integrity_model",))
            dept, colour, reason = RED_LISTS[code], "red", "经评价认定为守信主体"
        elif roll < 0.10:
            code, dept, colour, reason = (
                "abnormal_operation",
                "武汉市市场监督管理局",
                "watch",
                "未按规定期限公示年度报告",
            )
        else:
            return
        entered = self._date(3 * 365)
        self.seq += 1
        removed = ""
        if colour == "watch" and rnd.random() < 0.3:
            removed = min(entered + timedelta(days=rnd.randrange(30, 400)), self.today).isoformat()
        row = {
            "subject_name": s.name,
            "uscc": s.uscc,
            "list_type_code": LIST_NAME[code],
            "entered_on": entered.isoformat(),
            "removed_on": removed,
            "reason": reason,
            "authority": dept,
            "basis_doc_no": f"武信认〔{entered.year}〕{self.seq}号",
            "severity": "严重" if colour == "black" else "",
            "source_dept": dept,
        }
        self._add(("list_entry", "current"), row, dept, entered)
        self.listed.append((s, code, colour))

    def commitment(self, s: DemoSubject) -> None:
        self.seq += 1
        dept = self._dept_for(s)
        when = self._date(2 * 365)
        kind = self.rnd.choice(("证明事项告知承诺", "审批替代型", "容缺受理型", "行业自律型", "主动型"))
        row = {
            "subject_name": s.name,
            "uscc": s.uscc,
            "commitment_no": f"CN{when.year}-{self.seq:06d}",
            "commitment_type": kind,
            "matter": f"{s.name[-6:]}相关行政许可",
            "content": "本单位承诺所提交材料真实、合法、有效，如有虚假愿承担相应法律责任。",
            "committed_on": when.isoformat(),
            "recipient": dept,
            "fulfilment": "履约中",
            "source_dept": dept,
        }
        self._add(("commitment", "current"), row, dept, when)

    def joint_cases(self) -> None:
        pilot = {"420102": "江岸区", "420117": "新洲区"}
        wanted = max(len(self.data.subjects) // 500, 30 if len(self.data.subjects) >= 1000 else 1)
        candidates = [x for x in self.listed if x[2] != "watch"]
        for i in range(min(wanted, len(candidates))):
            s, code, colour = candidates[i]
            area = pilot.get(s.district) or self.rnd.choice(("江岸区", "新洲区", "东湖新技术开发区"))
            reporter = f"{area}发展和改革局" if area != "东湖新技术开发区" else "东湖新技术开发区发展改革局"
            measure = (
                "限制参与政府采购活动、限制申请财政性资金"
                if colour == "black"
                else "行政审批绿色通道、容缺受理"
            )
            when = self._date(365)
            kind = "联合惩戒" if colour == "black" else "联合激励"
            row = {
                "title": f"{LIST_NAME[code]}{kind}案例（{i + 1}）",
                "case_kind": "失信惩戒" if colour == "black" else "守信激励",
                "subject_name": s.name,
                "uscc": s.uscc,
                "list_name": LIST_NAME[code],
                "measures": measure,
                "description": f"{s.name}在办理相关事项时经信用核查，依据联合奖惩备忘录实施{measure}。",
                "implemented_on": when.isoformat(),
                "implementing_unit": DOMAIN_DEPT[s.domain],
                "reporting_unit": reporter,
                "district_code": area,
                "domain_code": DOMAIN_NAME[s.domain],
            }
            self._add(("joint_case", "current"), row, reporter, when)

    def legacy_file(self) -> None:
        """A 2016 penalty file in the old layout (amounts inside 处罚结果)."""
        count = max(5, len(self.data.subjects) // 400)
        orgs = [s for s in self.data.subjects if s.kind == "法人及非法人组织"][:count]
        for i, s in enumerate(orgs):
            decided = date(2016, 3, 1) + timedelta(days=self.rnd.randrange(270))
            yuan = self.rnd.choice((2000, 5000, 10000, 50000))
            row = {
                "decision_no": f"武环罚〔2016〕{i + 1}号",
                "legacy_title": "超标排放大气污染物案",
                "categories": "罚款",
                "facts": "锅炉废气超标排放",
                "basis": "《中华人民共和国大气污染防治法》第九十九条",
                "subject_name": s.name,
                "uscc": s.uscc,
                "legal_rep": s.legal_rep,
                "content": f"责令改正，罚款{yuan}元",
                "decision_date": f"{decided.year}/{decided.month}/{decided.day}",
                "authority": "武汉市环境保护局",
                "legacy_status": "正常",
                "legacy_region": s.district,
            }
            self._add(("penalty", "legacy"), row, "武汉市环境保护局", decided)
