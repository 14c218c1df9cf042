"""Time: stored as naive UTC, shown and reasoned about (working days, "today") in Beijing time."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Shanghai")


def to_local(naive_utc: datetime) -> datetime:
    return naive_utc.replace(tzinfo=UTC).astimezone(LOCAL_TZ)


def local_date(naive_utc: datetime) -> date:
    return to_local(naive_utc).date()


def today_local() -> date:
    """Today in Beijing: the day publication periods and "in force" are judged by."""
    return datetime.now(LOCAL_TZ).date()
