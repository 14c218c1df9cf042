"""Progress of long command-line work (demo, import, index rebuild, open-data build), on stderr.

On a terminal one line is rewritten in place (at most five times a second). Anywhere else (a
log file, systemd, cron) a plain line is written every tenth of the work when its size is known,
and otherwise every XINYONG_PROGRESS_SECONDS seconds (default 10), so a log shows that a long
run is alive without being flooded. Standard output is left alone: the summaries that scripts
and tests parse stay where they were.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

TTY_INTERVAL = 0.2
DEFAULT_SECONDS = 10.0


def _plain_interval() -> float:
    try:
        return max(0.0, float(os.environ.get("XINYONG_PROGRESS_SECONDS", DEFAULT_SECONDS)))
    except ValueError:
        return DEFAULT_SECONDS


class Progress:
    """`advance(n)` as work is done; `finish(summary)` ends with one line of counts and seconds.

    `unit` names what is counted (行, 个文件); `total`, when known, gives percentages.
    A disabled Progress (`--json`) writes nothing at all.
    """

    def __init__(
        self,
        label: str,
        *,
        total: int | None = None,
        unit: str = "行",
        enabled: bool = True,
        stream: TextIO | None = None,
    ) -> None:
        self.label, self.total, self.unit, self.enabled = label, total, unit, enabled
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.done, self.detail, self.shown = 0, "", False
        self.started = self._last = time.monotonic()
        self._last_tenth = 0
        self._interval = TTY_INTERVAL if self.tty else _plain_interval()
        if self.tty:
            self._last = float("-inf")  # on a terminal the first step shows at once

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.tty and self.shown and exc[0] is not None:
            self._write("\n")  # a failure's message starts on a line of its own

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started

    def advance(self, n: int = 1, detail: str = "") -> None:
        self.done += n
        self.detail = detail or self.detail
        if not self.enabled:
            return
        now = time.monotonic()
        tenth = self.done * 10 // self.total if self.total else 0
        if self.tty:
            if now - self._last >= self._interval or (self.total and self.done >= self.total):
                self._write("\r" + self._text() + "\033[K")
                self._last = now
        elif tenth > self._last_tenth if self.total else now - self._last >= self._interval:
            self._write(self._text() + "\n")
            self._last, self._last_tenth = now, tenth

    def finish(self, summary: str, *, always: bool = True) -> None:
        """The closing line: always, or (`always=False`) only when progress was shown."""
        if not self.enabled or not (always or self.shown):
            return
        clear = "\r\033[K" if self.tty and self.shown else ""
        self._write(f"{clear}{summary}（用时 {self.seconds:.1f} 秒）\n")

    def _text(self) -> str:
        count = f"{self.done:,}" + (f"/{self.total:,}" if self.total else "") + f" {self.unit}"
        share = f"（{self.done * 100 // self.total}%）" if self.total else ""
        detail = f"，{self.detail}" if self.detail else ""
        return f"{self.label}：{count}{share}{detail}，已用 {self.seconds:.0f} 秒"

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()
        self.shown = True
