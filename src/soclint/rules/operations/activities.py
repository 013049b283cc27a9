"""Activity log: each recurring activity the pack requires done within its cadence, and passed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from soclint.context import Context
from soclint.dates import add_period, as_date
from soclint.deadlines import Deadline, period_adjective
from soclint.finding import Hit, Severity
from soclint.future_dates import in_future
from soclint.keypaths import where
from soclint.registry import Subject, rule
from soclint.repository import Row
from soclint.unparsed import reads_as, unread_note


def latest_activities(ctx: Context) -> dict[str, tuple[date, Row]]:
    """The latest entry of each activity kind across every activity log, up to the as-of date.

    Entries dated in the future of the as-of date do not count yet, so a run
    `--as-of` the end of an audit period sees the log as it stood then; an
    entry dated the day after counts, since the person who recorded it may be
    a day ahead of UTC. Of two entries on the same day, the later in the log
    counts.
    """

    def compute() -> dict[str, tuple[date, Row]]:
        latest: dict[str, tuple[date, Row]] = {}
        for row in ctx.repository.rows("activity-log"):
            kind, done = row.fields.get("kind"), as_date(row.fields.get("date"))
            if not isinstance(kind, str) or done is None or in_future(done, ctx.as_of):
                continue
            if kind not in latest or done >= latest[kind][0]:
                latest[kind] = (done, row)
        return latest

    return ctx.cached("latest-activities", compute)


def _required(ctx: Context) -> dict[str, str]:
    """Activity kind -> period, from the pack's `cadences.activities`."""
    periods = ctx.pack.cadences.get("activities", {})
    if not isinstance(periods, dict):
        return {}
    return {kind: period for kind, period in periods.items() if isinstance(period, str)}


def activity_deadlines(ctx: Context) -> Iterator[Deadline]:
    latest = latest_activities(ctx)
    for kind, period in _required(ctx).items():
        if kind not in latest:
            continue
        done, row = latest[kind]
        due = add_period(done, period)
        if due is None:
            continue
        yield Deadline(
            row.document,
            (*row.key_path, "date"),
            due,
            f"the {period_adjective(period)} {kind}",
            f"latest {kind} on {done.isoformat()}",
            f"carry out the {kind} and record it in the activity log",
        )


@rule(
    "O008",
    "activity-overdue",
    "A recurring activity the pack requires was not done within its cadence.",
    subject=Subject.REPOSITORY,
)
def activity_overdue(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    For each activity kind in the pack's `cadences.activities`, the latest
    entry of that kind in the activity log (across all activity logs) is
    within its cadence. The SOC 2 pack asks for an `access-review` and a
    `vulnerability-scan` every quarter, and a `risk-assessment`, `dr-test`,
    `ir-tabletop`, `security-training`, `vendor-review` and
    `backup-restore-test` every year. Months are calendar months, clamped to
    the month's end: an access review on 2025-11-30 is current up to
    2026-02-28.

    The finding points at the latest entry of the kind and names its date;
    when the kind was never recorded, at the log's `activities` key; when
    there is no activity log at all, once, without a location (there is no
    register to point at). A log whose front-matter does not parse counts
    as the log (its parse error is the finding). Entries dated more than a
    day after the as-of date do not count yet (a day after counts: whoever
    recorded it may be a day ahead of UTC). O013 warns `warn_days` before an
    activity falls due.

    ## Why an auditor cares

    These activities are the operating evidence of a Type 2 audit: the
    auditor samples access reviews for each quarter of the period (CC6.2,
    CC6.3), and asks for the year's risk assessment (CC3.4), disaster
    recovery test (A1.3), incident response exercise (CC7.4), training
    (CC1.4, CC2.2) and vendor review (CC9.2). A missed one is an exception
    in the report.

    ## Failing example

    ```yaml
    activities:
      - {kind: access-review, date: 2026-04-17, by: priya.raman, outcome: pass}
    # judged on 2026-11-01: the Q2 and Q3 reviews are missing
    ```

    ## Passing example

    ```yaml
    activities:
      - {kind: access-review, date: 2026-07-17, by: priya.raman, outcome: findings}
      - {kind: access-review, date: 2026-10-16, by: priya.raman, outcome: pass}
    ```

    ## Options

    `cadences.activities` in a rule pack sets each kind's period; a kind a
    pack lists is required.
    """
    for deadline in activity_deadlines(ctx):
        if deadline.passed(ctx.as_of):
            yield deadline.overdue_hit(ctx.as_of)
    required = _required(ctx)
    never = [kind for kind in required if kind not in latest_activities(ctx)]
    if not never:
        return
    logs = ctx.repository.of_type("activity-log")
    unparsed, unread = reads_as(ctx.unparsed, "activity-log")
    if unparsed:
        return
    if not logs:
        listed = ", ".join(f"{kind} ({required[kind]})" for kind in never)
        yield Hit(
            "the repository has no activity log (type: activity-log) recording the recurring "
            f"activities the rule pack requires: {listed}{unread_note(unread, 'be it')}"
        )
        return
    log = logs[0]
    path = ("activities",) if log.data is not None and "activities" in log.data else ()
    for kind in never:
        yield Hit(
            f"the activity log records no {kind} (required {required[kind]}); carry it out "
            "and record it with kind, date, by, outcome and evidence",
            log,
            path,
        )


@rule(
    "O009",
    "activity-failed",
    "The latest entry of an activity kind failed and has not been repeated.",
    severity=Severity.WARNING,
    subject=Subject.REPOSITORY,
)
def activity_failed(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    The latest entry of each activity kind in the activity log does not have
    `outcome: fail`. Once the cause is fixed and the activity repeated, the
    new entry (with its own outcome) is the latest and the warning goes.
    Keep the failed entry: it is part of the record. `outcome: findings` is
    a normal result and is not reported.

    ## Why an auditor cares

    A failed disaster recovery test or restore test means the control did
    not work when tried (A1.3). The auditor then looks for the remediation
    and the successful retest; a failure left standing is an exception.

    ## Failing example

    ```yaml
    - {kind: backup-restore-test, date: 2026-06-10, by: amara.nwosu, outcome: fail}
    ```

    ## Passing example

    ```yaml
    - {kind: backup-restore-test, date: 2026-06-10, by: amara.nwosu, outcome: fail}
    - {kind: backup-restore-test, date: 2026-06-24, by: amara.nwosu, outcome: pass}
    ```

    ## Options

    None.
    """
    for kind, (done, row) in sorted(latest_activities(ctx).items()):
        if row.fields.get("outcome") == "fail":
            path = (*row.key_path, "outcome")
            yield Hit(
                f"{where(path)}: the latest {kind}, on {done.isoformat()}, failed; fix the "
                "cause, repeat it and record the retest",
                row.document,
                path,
            )
