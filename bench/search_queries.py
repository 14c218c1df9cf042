"""A labelled query set generated from the benchmark database, one list per query class."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass

from pypinyin import lazy_pinyin
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from xinyong.records.clock import today_local
from xinyong.records.models import Penalty, Subject
from xinyong.records.publication.in_force import penalty_in_force
from xinyong.search_index.text.analysis import initials, name_core, pinyin_syllables

GENERIC = ["武汉 公司", "有限公司", "武汉市", "江岸区 有限公司", "湖北 有限责任公司", "公司"]


@dataclass
class LabelledQuery:
    cls: str
    q: str
    wanted: set[int]  # subject ids that count as correct (empty: latency only)


def build_queries(session: Session, per_class: int, seed: int = 7) -> list[LabelledQuery]:
    rnd = random.Random(seed)
    total = session.scalar(select(text("max(id)")).select_from(Subject)) or 0
    rows = []
    while len(rows) < per_class * 4:
        ids = [rnd.randrange(1, total + 1) for _ in range(per_class * 4)]
        rows += session.execute(
            select(Subject.id, Subject.name, Subject.uscc).where(
                Subject.id.in_(ids), Subject.kind == "法人及非法人组织", Subject.uscc.is_not(None)
            )
        ).all()  # the second generator's names have no USCC
    rnd.shuffle(rows)
    rows = rows[: per_class * 4]
    by_core: dict[str, set[int]] = defaultdict(set)
    for sid, name in session.execute(
        select(Subject.id, Subject.name).where(Subject.kind == "法人及非法人组织")
    ):
        by_core[name_core(name)].add(sid)
    homophones = _homophone_table(by_core)
    out: list[LabelledQuery] = []
    sample = rows[:per_class]
    for sid, name, uscc in sample:
        core = name_core(name)
        out.append(LabelledQuery("full_name", name, {sid}))
        out.append(LabelledQuery("brand_trade", core, by_core[core] if len(by_core[core]) <= 10 else {sid}))
        out.append(LabelledQuery("uscc", uscc, {sid}))
        out.append(LabelledQuery("pinyin", "".join(pinyin_syllables(core)), {sid}))
        out.append(LabelledQuery("initials", initials(core), set()))
        typo = _homophone_typo(rnd, core, homophones)
        if typo:
            out.append(LabelledQuery("homophone_typo", typo, {sid}))
    fragments = _fragments(rnd, rows[per_class:], by_core, per_class)
    out.extend(LabelledQuery("fragment", f, wanted) for f, wanted in fragments)
    long_names = [
        (sid, name) for sid, name, _ in rows[per_class * 2 :] if len(name) >= 6 and len(name_core(name)) >= 4
    ][:per_class]
    for sid, name in long_names:
        core = name_core(name)
        i = rnd.randrange(1, len(core) - 1)
        start = name.index(core)
        if rnd.random() < 0.5:
            changed = name[: start + i] + name[start + i + 1 :]
        else:
            changed = name[: start + i] + rnd.choice("华信达通兴盛") + name[start + i :]
        out.append(LabelledQuery("missing_extra_char", changed, {sid}))
    # Only penalties in force: a document number finds published records only (issue 11), so
    # one whose publication period has ended is rightly not found.
    for number, sid in session.execute(
        select(Penalty.decision_no, Penalty.subject_id)
        .where(penalty_in_force(today_local()))
        .order_by(Penalty.id)
        .limit(per_class * 50)
    ).all()[::50]:
        out.append(LabelledQuery("document_number", number, {sid}))
    facts = session.scalars(
        select(Penalty.facts).where(Penalty.facts.is_not(None)).order_by(Penalty.id).limit(per_class * 20)
    ).all()[::20]
    for fact in facts:  # journalists' full-text search: a phrase out of a penalty's facts
        size = rnd.choice((2, 3, 4))
        start = rnd.randrange(0, max(1, len(fact) - size))
        out.append(LabelledQuery("fact_text", fact[start : start + size], set()))
    for q in GENERIC:
        for _ in range(max(1, per_class // len(GENERIC))):
            out.append(LabelledQuery("generic", q, set()))
    return out


def _homophone_table(by_core: dict[str, set[int]]) -> dict[str, list[str]]:
    chars = {c for core in by_core for c in core if "\u4e00" <= c <= "\u9fff"}
    table: dict[str, list[str]] = defaultdict(list)
    for c in sorted(chars):
        table[lazy_pinyin(c)[0]].append(c)
    return table


def _homophone_typo(rnd: random.Random, core: str, table: dict[str, list[str]]) -> str | None:
    """One character replaced by another with the same pinyin (the input-method error)."""
    positions = list(range(len(core)))
    rnd.shuffle(positions)
    for i in positions:
        options = [c for c in table.get(lazy_pinyin(core[i])[0], []) if c != core[i]]
        if options:
            return core[:i] + rnd.choice(options) + core[i + 1 :]
    return None


def _fragments(rnd, rows, by_core, wanted_count: int) -> list[tuple[str, set[int]]]:
    """2–4 character fragments of brands that at most 10 subjects' cores contain."""
    by_bigram: dict[str, set[str]] = defaultdict(set)
    for core in by_core:
        for i in range(len(core) - 1):
            by_bigram[core[i : i + 2]].add(core)
    out = []
    for _sid, name, _ in rows:
        core = name_core(name)
        size = rnd.choice((2, 3, 4))
        if len(core) < size:
            continue
        fragment = core[:size]
        cores = set.intersection(*(by_bigram[fragment[i : i + 2]] for i in range(size - 1)))
        holders = {i for c in cores if fragment in c for i in by_core[c]}
        if 0 < len(holders) <= 10:
            out.append((fragment, holders))
        if len(out) >= wanted_count:
            break
    return out
