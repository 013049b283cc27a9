"""Operations: the warning ahead of every vendor, evidence, activity and exception deadline."""

from __future__ import annotations

from collections.abc import Iterator

from soclint.context import Context
from soclint.finding import Hit, Severity
from soclint.registry import Subject, rule
from soclint.rule_inputs import reads


@rule(
    "O013",
    "operations-due-soon",
    "A vendor review, vendor assurance, evidence collection, activity or exception falls due "
    "within warn_days.",
    severity=Severity.WARNING,
    subject=Subject.REPOSITORY,
    reads=reads("activity-log", "evidence-register", "exception-register", "vendor-register"),
)
def operations_due_soon(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Warns ahead of the operational deadlines: a vendor's next review (O001)
    and the end of its assurance (O002), the next collection of each
    evidence item (O006), the next activity of each kind the pack requires
    (O008) and each exception's expiry (O010), from `warn_days` days before
    the date up to the date itself. The day after, the error rule takes
    over.

    ## Why an auditor cares

    A control that lapses for a week inside the audit period is an exception
    in a Type 2 report, however quickly it was fixed. The warning turns the
    due date into a reminder instead of a finding.

    ## Failing example

    ```yaml registers/evidence.md
    # soclint.yaml: warn_days: 30, judged on 2026-11-01
    evidence:
      - {id: EV-ACCESS-REVIEW, title: Access review, cadence: quarterly, collected: 2026-08-20}
    # the next collection is due 2026-11-20
    ```

    ## Passing example

    The evidence is collected and `collected` updated before the window
    opens:

    ```yaml registers/evidence.md
    evidence:
      - {id: EV-ACCESS-REVIEW, title: Access review, cadence: quarterly, collected: 2026-10-16}
    ```

    ## Options

    `warn_days` in soclint.yaml (default 30; 0 warns on the due day only).
    Turn these warnings off with `ignore: [O013]`.
    """
    for deadline in ctx.facts.deadlines.all():
        if deadline.near(ctx.as_of, ctx.config.warn_days):
            yield deadline.soon_hit(ctx.as_of)
