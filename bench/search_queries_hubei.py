"""Labelled queries over the second generator's names (bench/names_hubei.py).

Labels come from the generator's own parts (brand, trade), never from the analyser under test;
pinyin is what pypinyin reads for the typed words, as a user's input method would.
"""

from __future__ import annotations

import random
from collections import defaultdict

from pypinyin import Style, lazy_pinyin
from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from bench.names_hubei import Name, names
from bench.search_queries import LabelledQuery
from xinyong.records.models import Subject

KEY = "bench:hubei2:"  # the independent generator (hubei: was the first one)
SHORT_LATIN = ("sh", "ji", "xi", "ch")


def add_names(factory: sessionmaker[Session], count: int) -> bool:
    """Insert the generated subjects once (match key bench:hubei:N); True when inserted now."""
    with factory() as session:
        if session.scalar(select(Subject.id).where(Subject.match_key == f"{KEY}0")):
            return False
        session.execute(
            insert(Subject),
            [
                {"match_key": f"{KEY}{i}", "kind": n.kind, "name": n.name, "district_code": None}
                for i, n in enumerate(names(count))
            ],
        )
        session.commit()
    return True


def _py(text: str, style: Style = Style.NORMAL) -> str:
    return "".join(lazy_pinyin(text, style=style))


def build(session: Session, count: int, per_class: int, seed: int = 13) -> list[LabelledQuery]:
    generated = names(count)
    ids = dict(
        session.execute(select(Subject.match_key, Subject.id).where(Subject.match_key.like(f"{KEY}%"))).all()
    )
    subjects = [(ids[f"{KEY}{i}"], n) for i, n in enumerate(generated)]
    by_core: dict[str, set[int]] = defaultdict(set)
    by_brand: dict[str, set[int]] = defaultdict(set)
    for sid, n in subjects:
        by_core[n.brand + n.trade].add(sid)
        by_brand[n.brand].add(sid)
    chars = {c for _, n in subjects for c in n.name}
    chars |= {c for name in session.scalars(select(Subject.name).limit(20000)) for c in name}
    sounds: dict[str, list[str]] = defaultdict(list)
    for c in sorted(chars):
        if "\u4e00" <= c <= "\u9fff":
            sounds[lazy_pinyin(c)[0]].append(c)
    rnd = random.Random(seed)
    sample = rnd.sample(subjects, min(per_class, len(subjects)))
    out: list[LabelledQuery] = []
    for sid, n in sample:
        core = n.brand + n.trade
        same = by_core[core]
        out.append(LabelledQuery("hubei_full_name", n.name, {sid}))
        out.append(LabelledQuery("hubei_brand_trade", core, same))
        out.append(LabelledQuery("hubei_brand_trade_initials", _py(core, Style.FIRST_LETTER), same))
        out.append(LabelledQuery("hubei_brand_trade_pinyin", _py(core), same))
        brand_initials = _py(n.brand, Style.FIRST_LETTER)
        out.append(LabelledQuery("hubei_brand_initials", brand_initials, by_brand[n.brand]))
        if len(brand_initials) >= 3:  # two letters are shared by hundreds of brands
            out.append(LabelledQuery("hubei_brand_initials_3plus", brand_initials, by_brand[n.brand]))
        start = n.name.index(core)
        homophone = _homophone(rnd, n, sounds)
        if homophone:
            out.append(LabelledQuery("hubei_homophone", homophone, {sid}))
        i = rnd.randrange(0, len(core) - 1)
        if core[i] != core[i + 1]:
            swapped = core[:i] + core[i + 1] + core[i] + core[i + 2 :]
            out.append(LabelledQuery("hubei_swap", n.name.replace(core, swapped, 1), {sid}))
        j = start + rnd.randrange(1, len(core))
        if rnd.random() < 0.5:
            changed = n.name[:j] + n.name[j + 1 :]
        else:
            changed = n.name[:j] + rnd.choice("华信达通兴盛") + n.name[j:]
        out.append(LabelledQuery("hubei_missing_extra_char", changed, {sid}))
    for q in SHORT_LATIN:
        out.extend(LabelledQuery("short_latin", q, set()) for _ in range(max(1, per_class // 8)))
    return out


def _homophone(rnd: random.Random, n: Name, sounds: dict[str, list[str]]) -> str | None:
    """The whole name with one character of brand or trade typed as another of the same
    reading (the input-method error), region and legal form kept as typed."""
    core = n.brand + n.trade
    start = n.name.index(core)
    positions = list(range(len(core)))
    rnd.shuffle(positions)
    for i in positions:
        options = [c for c in sounds.get(lazy_pinyin(core[i])[0], []) if c != core[i]]
        if options:
            k = start + i
            return n.name[:k] + rnd.choice(options) + n.name[k + 1 :]
    return None
