"""Reading reference tables into the lookups that validation resolves names against."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.records.models import District, Domain, ListType
from xinyong.records.validation import Lookups


def load_lookups(session: Session) -> Lookups:
    def table(model, key_col, name_col) -> dict[str, str]:
        out: dict[str, str] = {}
        for code, name in session.execute(select(key_col, name_col)):
            out[name] = code
            out[code] = code
        return out

    return Lookups(
        list_types=table(ListType, ListType.code, ListType.name),
        districts=table(District, District.code, District.name),
        domains=table(Domain, Domain.code, Domain.name),
    )
