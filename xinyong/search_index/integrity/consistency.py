"""`xinyong index check`: is every part of the index readable, and does it hold exactly what
the database says it should?"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker
from whoosh import index as whoosh_index

from xinyong.records.clock import today_local
from xinyong.search_index.documents import RECORD_ENTITIES, record_documents, subject_documents
from xinyong.search_index.integrity.segments import damage_in
from xinyong.search_index.schema import RECORDS, SUBJECTS
from xinyong.search_index.store import IndexStore

DAMAGED = (
    "索引已损坏，搜索页面将答复“暂时不可用”：请运行 xinyong index rebuild 重建，"
    "或 xinyong index rollback 切换回上一版（docs/operations.md）"
)


@dataclass
class CheckReport:
    build: str
    pending_events: int
    missing: dict[str, int] = field(default_factory=dict)  # in the database, not the index
    extra: dict[str, int] = field(default_factory=dict)  # in the index, not the database
    stale: dict[str, int] = field(default_factory=dict)  # present but with other content
    damage: list[str] = field(default_factory=list)  # parts that could not be read (verify.py)

    @property
    def ok(self) -> bool:
        return (
            not self.damage
            and not any(self.missing.values())
            and not any(self.extra.values())
            and not any(self.stale.values())
        )

    def lines(self) -> list[str]:
        out = [f"索引版本：{self.build}，待处理变更：{self.pending_events}"]
        if self.damage:
            return [*out, *self.damage, DAMAGED]
        for name in (SUBJECTS, RECORDS):
            out.append(
                f"{name}: 缺少 {self.missing.get(name, 0)}，多余 {self.extra.get(name, 0)}，"
                f"内容不一致 {self.stale.get(name, 0)}"
            )
        out.append("一致" if self.ok else "不一致：请运行 xinyong index update 或 rebuild")
        return out


def compare_index(factory: sessionmaker[Session], store: IndexStore) -> CheckReport:
    from sqlalchemy import func, select

    from xinyong.records.models import OutboxEvent

    build = store.current()
    today = today_local()
    with factory() as session:
        cursor = build.read_cursor()
        pending = session.scalar(select(func.count()).where(OutboxEvent.id > cursor)) or 0
        report = CheckReport(build.id, pending, damage=damage_in(build.path))
        if report.damage:
            return report  # a damaged build's documents cannot be compared
        expected = {
            SUBJECTS: {d["id"]: d for d in subject_documents(session, today)},
            RECORDS: {d["id"]: d for e in RECORD_ENTITIES for d in record_documents(session, today, e)},
        }
    for name, docs in expected.items():
        ix = whoosh_index.open_dir(str(build.path), indexname=name)
        with ix.searcher() as searcher:
            indexed = {fields["id"]: fields for fields in searcher.all_stored_fields()}
            report.missing[name] = len(docs.keys() - indexed.keys())
            report.extra[name] = len(indexed.keys() - docs.keys())
            stale = sum(
                1
                for doc_id in docs.keys() & indexed.keys()
                if indexed[doc_id].get("digest") != docs[doc_id]["digest"]
            )
            report.stale[name] = stale
    return report
