"""Activity log: each recurring activity the pack requires done within its cadence, and passed."""

from __future__ import annotations

from collections.abc import Iterator

from soclint.context import Context
from soclint.finding import Hit, Severity
from soclint.keypaths import where
from soclint.register_deadlines import required_activities
from soclint.registry import Subject, rule
from soclint.rule_inputs import reads
from soclint.unparsed import reads_as, unread_note


@rule(
    "O008",
    "activity-overdue",
    "A recurring activity the pack requires was not done within its cadence.",
    subject=Subject.REPOSITORY,
    reads=reads("activity-log", "evidence-register", "exception-register", "vendor-register"),
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

    Judged on 2026-11-01, the access reviews of Q2 and Q3 are missing:

    ```yaml registers/activities.md
    activities:
      - {kind: access-review, date: 2026-04-17, by: priya.raman, outcome: pass}
      - {kind: vulnerability-scan, date: 2026-10-20, by: amara.nwosu, outcome: findings}
      - {kind: risk-assessment, date: 2026-03-18, by: priya.raman, outcome: pass}
      - {kind: dr-test, date: 2026-05-14, by: tom.nakamura, outcome: findings}
      - {kind: ir-tabletop, date: 2026-08-20, by: priya.raman, outcome: findings}
      - {kind: security-training, date: 2026-10-02, by: jonas.weber, outcome: pass}
      - {kind: vendor-review, date: 2026-06-30, by: grace.lindqvist, outcome: findings}
      - {kind: backup-restore-test, date: 2026-09-17, by: tom.nakamura, outcome: pass}
    ```

    ## Passing example

    ```yaml registers/activities.md
    activities:
      - {kind: access-review, date: 2026-07-17, by: priya.raman, outcome: findings}
      - {kind: access-review, date: 2026-10-16, by: priya.raman, outcome: pass}
      - {kind: vulnerability-scan, date: 2026-10-20, by: amara.nwosu, outcome: findings}
      - {kind: risk-assessment, date: 2026-03-18, by: priya.raman, outcome: pass}
      - {kind: dr-test, date: 2026-05-14, by: tom.nakamura, outcome: findings}
      - {kind: ir-tabletop, date: 2026-08-20, by: priya.raman, outcome: findings}
      - {kind: security-training, date: 2026-10-02, by: jonas.weber, outcome: pass}
      - {kind: vendor-review, date: 2026-06-30, by: grace.lindqvist, outcome: findings}
      - {kind: backup-restore-test, date: 2026-09-17, by: tom.nakamura, outcome: pass}
    ```

    ## Options

    `cadences.activities` in a rule pack sets each kind's period; a kind a
    pack lists is required.
    """
    for deadline in ctx.facts.deadlines.activities:
        if deadline.passed(ctx.as_of):
            yield deadline.overdue_hit(ctx.as_of)
    required = required_activities(ctx.pack)
    never = [kind for kind in required if kind not in ctx.facts.latest_activities]
    if not never:
        return
    logs = ctx.repository.of_type("activity-log")
    unparsed, unread = reads_as(ctx.facts.unparsed, "activity-log")
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
    reads=reads("activity-log"),
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

    ```yaml registers/activities.md
    activities:
      - {kind: backup-restore-test, date: 2026-06-10, by: amara.nwosu, outcome: fail}
    ```

    ## Passing example

    ```yaml registers/activities.md
    activities:
      - {kind: backup-restore-test, date: 2026-06-10, by: amara.nwosu, outcome: fail}
      - {kind: backup-restore-test, date: 2026-06-24, by: amara.nwosu, outcome: pass}
    ```

    ## Options

    None.
    """
    for kind, (done, row) in sorted(ctx.facts.latest_activities.items()):
        if row.fields.get("outcome") == "fail":
            path = (*row.key_path, "outcome")
            yield Hit(
                f"{where(path)}: the latest {kind}, on {done.isoformat()}, failed; fix the "
                "cause, repeat it and record the retest",
                row.document,
                path,
            )
