"""The date the Data page gives for the build, chosen so that the same input gives the same site.

The wall clock is never read: reproducible builds (https://reproducible-builds.org/specs/source-date-epoch/)
set SOURCE_DATE_EPOCH, for example to the last commit's time; without it the plan's own date stands.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from plugins.core.record import record


@record
class BuildDate:
    """The date the data page gives for the build, and where it came from."""

    date: date
    source: str  # "SOURCE_DATE_EPOCH" or "plan"

    @property
    def iso(self) -> str:
        return self.date.isoformat()

    @property
    def label(self) -> str:
        """The date for readers: 23 November 2026, or December 2025 for the plan's date, which has no day."""
        if self.source == "plan":
            return self.date.strftime("%B %Y")
        return f"{self.date.day} {self.date.strftime('%B %Y')}"


def build_date(source_date_epoch: str | None, plan_date: str | None) -> BuildDate:
    """From SOURCE_DATE_EPOCH (seconds since 1970, UTC) when set, else the plan's "December 2025"."""
    if source_date_epoch:
        try:
            seconds = int(source_date_epoch)
        except ValueError:
            message = f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {source_date_epoch!r}"
            raise ValueError(message) from None
        return BuildDate(datetime.fromtimestamp(seconds, UTC).date(), "SOURCE_DATE_EPOCH")
    if not plan_date:  # a plan whose title page prints no date (a notice when it was read)
        raise ValueError("the plan gives no date: set SOURCE_DATE_EPOCH to date the data")
    return BuildDate(datetime.strptime(plan_date, "%B %Y").date(), "plan")
