"""Risk register: ratings on the scale, scores, levels, treatments, acceptances, sign-off, reviews.

Who may accept a risk or sign the register off (the roster's `sign-off-risk`
authority) is judged by the approval rules; these rules judge that the
acceptance and the sign-off are there and current.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from soclint.context import Context
from soclint.dates import add_period, as_date
from soclint.deadlines import Deadline, period_adjective
from soclint.document import Document
from soclint.finding import Hit, Severity
from soclint.future_dates import in_future
from soclint.keypaths import where
from soclint.registry import Subject, rule
from soclint.repository import Row
from soclint.rule_inputs import reads

PLANNED_TREATMENTS = ("mitigate", "transfer", "avoid")


def integer(value: Any) -> int | None:
    """`value` when it is an integer (YAML `true` is not one), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _number(value: Any) -> float | None:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class Levels:
    """Score thresholds: at or above `high` a risk is high, at or above `medium` medium."""

    high: float
    medium: float

    def of(self, score: int) -> str:
        return "high" if score >= self.high else "medium" if score >= self.medium else "low"


def _shown(threshold: float) -> str:
    """A threshold as written: `15`, `7.5`. An integer is not made a float: it may be huge."""
    return str(threshold) if isinstance(threshold, int) else f"{threshold:g}"


def levels(doc: Document) -> Levels | None:
    """The register's thresholds when both are numbers, else None."""
    high, medium = _number(doc.get("thresholds", "high")), _number(doc.get("thresholds", "medium"))
    return Levels(high, medium) if high is not None and medium is not None else None


def rated_score(risk: dict[str, Any]) -> int | None:
    """likelihood x impact, when both are integers."""
    likelihood, impact = integer(risk.get("likelihood")), integer(risk.get("impact"))
    return likelihood * impact if likelihood is not None and impact is not None else None


def is_open(risk: dict[str, Any]) -> bool:
    return risk.get("status") != "closed"


def _risk_name(row: Row) -> str:
    risk_id = row.fields.get("id")
    return f"risk '{risk_id}'" if isinstance(risk_id, str) else "the risk"


@rule(
    "K001",
    "risk-rating-off-scale",
    "A risk's likelihood or impact is above the register's scale.",
    subject=Subject.REPOSITORY,
    reads=reads("risk-register"),
)
def risk_rating_off_scale(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Each risk's `likelihood` and `impact` lie within the register's `scale`
    (`scale: {likelihood: 5, impact: 5}` allows 1 to 5 for each). Values
    below 1 and values that are not whole numbers are schema findings (V).

    ## Why an auditor cares

    Risk analysis is tested under CC3.2: the auditor re-performs your scoring
    with your own method. A 7 on a 5-point scale shows the method was not
    followed, and every level and threshold derived from it is in doubt.

    ## Failing example

    ```yaml registers/risks.md
    scale: {likelihood: 5, impact: 5}
    risks:
      - {id: R-001, title: Phishing, owner: priya.raman, likelihood: 3, impact: 7,
         treatment: mitigate, status: open}
    ```

    ## Passing example

    ```yaml registers/risks.md
    scale: {likelihood: 5, impact: 5}
    risks:
      - {id: R-001, title: Phishing, owner: priya.raman, likelihood: 3, impact: 5,
         treatment: mitigate, status: open}
    ```

    ## Options

    The scale is the register's own `scale`.
    """
    for row in ctx.repository.rows("risk-register"):
        for field in ("likelihood", "impact"):
            value = integer(row.fields.get(field))
            top = integer(row.document.get("scale", field))
            if value is not None and top is not None and value > top:
                path = (*row.key_path, field)
                yield Hit(
                    f"{where(path)}: {value} is above the register's {field} scale of 1 to {top}; "
                    "rate it on the scale, or change the scale and re-rate every risk",
                    row.document,
                    path,
                )


@rule(
    "K002",
    "risk-score-mismatch",
    "A risk's score is not its likelihood times its impact.",
    subject=Subject.REPOSITORY,
    reads=reads("risk-register"),
)
def risk_score_mismatch(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    A risk that gives a `score` gives likelihood x impact. `score` is
    optional: without it, soclint computes it.

    ## Why an auditor cares

    The score decides the risk's level and so how it must be treated (CC3.2).
    A score typed by hand that disagrees with the ratings usually means one
    of them was changed without the other, and the auditor cannot tell which
    is right.

    ## Failing example

    ```yaml registers/risks.md
    risks:
      - {id: R-004, title: Compromised dependency, owner: elena.petrova,
         likelihood: 3, impact: 4, score: 8, treatment: mitigate, status: open}
    ```

    ## Passing example

    ```yaml registers/risks.md
    risks:
      - {id: R-004, title: Compromised dependency, owner: elena.petrova,
         likelihood: 3, impact: 4, score: 12, treatment: mitigate, status: open}
    ```

    ## Options

    None.
    """
    for row in ctx.repository.rows("risk-register"):
        score, expected = integer(row.fields.get("score")), rated_score(row.fields)
        if score is not None and expected is not None and score != expected:
            path = (*row.key_path, "score")
            likelihood, impact = row.fields["likelihood"], row.fields["impact"]
            yield Hit(
                f"{where(path)}: {score} is not likelihood x impact "
                f"({likelihood} x {impact} = {expected}); correct the score or the ratings",
                row.document,
                path,
            )


@rule(
    "K003",
    "risk-levels-undefined",
    "The risk register's thresholds are missing or cannot be reached.",
    subject=Subject.REPOSITORY,
    reads=reads("risk-register"),
)
def risk_levels_undefined(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    A risk register declares `thresholds: {high, medium}`: a score at or
    above `high` is a high risk, at or above `medium` a medium one, below it
    a low one. `medium` must be below `high`, and `high` must be reachable
    (no more than the highest score the scale allows).

    ## Why an auditor cares

    CC3.2 asks that risks are analysed to decide how each is managed. The
    levels are that decision rule: without them, nobody (soclint included)
    can tell which risks need a control, and a threshold no score can reach
    quietly makes every risk low.

    ## Failing example

    ```yaml registers/risks.md
    scale: {likelihood: 5, impact: 5}
    thresholds: {high: 30, medium: 10}     # 5 x 5 = 25 at most
    ```

    ## Passing example

    ```yaml registers/risks.md
    scale: {likelihood: 5, impact: 5}
    thresholds: {high: 15, medium: 8}
    ```

    ## Options

    None.
    """
    for doc in ctx.repository.of_type("risk-register"):
        if doc.data is None:
            continue
        if doc.get("thresholds") is None:
            path = ("scale",) if "scale" in doc.data else ()
            yield Hit(
                "the register does not say which scores are high and medium; "
                "add thresholds: {high, medium} next to the scale",
                doc,
                path,
            )
            continue
        found = levels(doc)
        if found is None:
            continue
        if found.medium >= found.high:
            yield Hit(
                f"thresholds.medium: {_shown(found.medium)} is not below the high threshold "
                f"{_shown(found.high)}, so no risk is medium; lower it",
                doc,
                ("thresholds", "medium"),
            )
        top = rated_score({k: doc.get("scale", k) for k in ("likelihood", "impact")})
        if top is not None and found.high > top:
            yield Hit(
                f"thresholds.high: no risk can score {_shown(found.high)}: the highest score "
                f"on this scale is {top}, so no risk is ever high; lower the threshold",
                doc,
                ("thresholds", "high"),
            )


@rule(
    "K004",
    "risk-acceptance-missing",
    "An accepted risk has no recorded acceptance (by, date, expires).",
    subject=Subject.REPOSITORY,
    waivable=False,
    reads=reads("risk-register"),
)
def risk_acceptance_missing(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    A risk whose `treatment` is `accept`, unless it is closed, records the
    acceptance: `acceptance: {by, date, expires}`, who accepted it, when, and
    until when. Whether `by` holds the roster's `sign-off-risk` authority is
    judged by the approval rules (approver authority), not here.

    ## Why an auditor cares

    Accepting a risk is a management decision (CC3.2, CC9.1). An accepted
    risk without a named person and date is, to the auditor, a risk nobody
    treated; one without an end date was accepted forever, and nobody
    reconsiders it when circumstances change.

    ## Failing example

    ```yaml registers/risks.md
    risks:
      - {id: R-008, title: Okta outage, owner: sofia.alvarez, likelihood: 2, impact: 3,
         treatment: accept, status: open}
    ```

    ## Passing example

    ```yaml registers/risks.md
    risks:
      - id: R-008
        title: Okta outage
        owner: sofia.alvarez
        likelihood: 2
        impact: 3
        treatment: accept
        status: open
        acceptance: {by: daniel.okafor, date: 2026-03-24, expires: 2027-03-31}
    ```

    ## Options

    None. The acceptance's expiry is judged by K005.
    """
    for row in ctx.repository.rows("risk-register"):
        if row.fields.get("treatment") != "accept" or not is_open(row.fields):
            continue
        acceptance = row.fields.get("acceptance")
        name = _risk_name(row)
        if not isinstance(acceptance, dict):
            path = (*row.key_path, "treatment")
            yield Hit(
                f"{where(path)}: {name} is accepted but no acceptance is recorded; "
                "add acceptance: {by, date, expires} signed by someone with sign-off-risk",
                row.document,
                path,
            )
            continue
        missing = [key for key in ("by", "date", "expires") if acceptance.get(key) is None]
        if missing:
            path = (*row.key_path, "acceptance")
            yield Hit(
                f"{where(path)}: the acceptance of {name} does not say {_listed(missing)}; "
                "an acceptance names who accepted the risk, when, and until when",
                row.document,
                path,
            )


def _listed(keys: list[str]) -> str:
    return " or ".join(", ".join(keys).rsplit(", ", 1)) if len(keys) > 1 else keys[0]


def acceptance_deadlines(ctx: Context) -> Iterator[Deadline]:
    for row in ctx.repository.rows("risk-register"):
        acceptance = row.fields.get("acceptance")
        if row.fields.get("treatment") != "accept" or not is_open(row.fields):
            continue
        if (
            not isinstance(acceptance, dict)
            or (expires := as_date(acceptance.get("expires"))) is None
        ):
            continue
        by, accepted = acceptance.get("by"), as_date(acceptance.get("date"))
        basis = "accepted" + (f" by {by}" if isinstance(by, str) else "")
        basis += f" on {accepted.isoformat()}" if accepted else ""
        yield Deadline(
            row.document,
            (*row.key_path, "acceptance", "expires"),
            expires,
            f"the acceptance of {_risk_name(row)}",
            basis,
            "re-assess the risk, then renew the acceptance or choose another treatment",
            expiry=True,
        )


@rule(
    "K005",
    "risk-acceptance-expired",
    "A risk acceptance has passed its expiry date.",
    subject=Subject.REPOSITORY,
    waivable=False,
    reads=reads("risk-register"),
)
def risk_acceptance_expired(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    The `acceptance.expires` date of an accepted risk that is not closed has
    not passed. The acceptance counts up to and including that day. K011
    warns `warn_days` before.

    ## Why an auditor cares

    A risk is accepted for a time and on the facts of that time (CC3.2,
    CC9.1). After the expiry, nobody with the authority has decided to keep
    living with it: the auditor treats it as an untreated risk.

    ## Failing example

    ```yaml registers/risks.md
    risks:
      - id: R-008
        title: Okta outage
        owner: sofia.alvarez
        likelihood: 2
        impact: 3
        treatment: accept
        status: open
        acceptance: {by: daniel.okafor, date: 2025-03-24, expires: 2026-03-31}
    # judged on 2026-11-01
    ```

    ## Passing example

    ```yaml registers/risks.md
    risks:
      - id: R-008
        title: Okta outage
        owner: sofia.alvarez
        likelihood: 2
        impact: 3
        treatment: accept
        status: open
        acceptance: {by: daniel.okafor, date: 2026-03-24, expires: 2027-03-31}
    ```

    ## Options

    None.
    """
    for deadline in acceptance_deadlines(ctx):
        if deadline.passed(ctx.as_of):
            yield deadline.overdue_hit(ctx.as_of)


@rule(
    "K006",
    "risk-treatment-incomplete",
    "A mitigated, transferred or avoided risk has no plan or no due date.",
    subject=Subject.REPOSITORY,
    reads=reads("risk-register"),
)
def risk_treatment_incomplete(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    A risk whose `treatment` is `mitigate`, `transfer` or `avoid`, unless its
    `status` is `closed`, has a `plan` (what will be done) and a `due` date
    (by when).

    ## Why an auditor cares

    CC3.2 and CC5.1 ask that risks are answered with actions. A treatment
    with no plan or no date is an intention: the auditor cannot test that it
    happened, and nothing tells the owner it is late.

    ## Failing example

    ```yaml registers/risks.md
    risks:
      - {id: R-004, title: Compromised dependency, owner: elena.petrova,
         likelihood: 3, impact: 4, treatment: mitigate, status: open}
    ```

    ## Passing example

    ```yaml registers/risks.md
    risks:
      - id: R-004
        title: Compromised dependency
        owner: elena.petrova
        likelihood: 3
        impact: 4
        treatment: mitigate
        plan: Pin every Action to a commit SHA and allow-list Actions
        due: 2026-12-18
        status: in-progress
    ```

    ## Options

    None. Overdue plans are K007.
    """
    for row in ctx.repository.rows("risk-register"):
        treatment = row.fields.get("treatment")
        if treatment not in PLANNED_TREATMENTS or not is_open(row.fields):
            continue
        plan = row.fields.get("plan")
        missing = [] if isinstance(plan, str) and plan.strip() else ["no plan"]
        if row.fields.get("due") is None:
            missing.append("no due date")
        if missing:
            path = (*row.key_path, "treatment")
            yield Hit(
                f"{where(path)}: {_risk_name(row)} is to be {_past(treatment)} but has "
                f"{' and '.join(missing)}; say what will be done (plan) and by when (due)",
                row.document,
                path,
            )


def _past(treatment: str) -> str:
    return {"mitigate": "mitigated", "transfer": "transferred", "avoid": "avoided"}[treatment]


def treatment_deadlines(ctx: Context) -> Iterator[Deadline]:
    for row in ctx.repository.rows("risk-register"):
        treatment, status = row.fields.get("treatment"), row.fields.get("status")
        due = as_date(row.fields.get("due"))
        if treatment not in PLANNED_TREATMENTS or not is_open(row.fields) or due is None:
            continue
        yield Deadline(
            row.document,
            (*row.key_path, "due"),
            due,
            f"the {treatment} plan of {_risk_name(row)}",
            f"status {status}" if isinstance(status, str) else "not closed",
            "finish the plan and close the risk, or agree a new due date with the risk owner",
        )


@rule(
    "K007",
    "risk-treatment-overdue",
    "A risk's treatment is past its due date and the risk is not closed.",
    subject=Subject.REPOSITORY,
    reads=reads("risk-register"),
)
def risk_treatment_overdue(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    A risk treated by `mitigate`, `transfer` or `avoid` whose `status` is
    `open` or `in-progress` has a `due` date that has not passed (the due
    day itself is on time). K011 warns `warn_days` before.

    ## Why an auditor cares

    Overdue remediation is one of the first things an auditor samples in the
    risk register (CC3.2, CC4.2): it shows whether identified risks are
    actually worked off or only recorded.

    ## Failing example

    ```yaml registers/risks.md
    risks:
      - id: R-006
        title: An unreviewed change reaches production
        owner: elena.petrova
        likelihood: 2
        impact: 4
        treatment: mitigate
        plan: Deploy to production only from the GitHub Actions OIDC role
        due: 2026-03-31
        status: in-progress
    # judged on 2026-11-01
    ```

    ## Passing example

    The plan is done and the risk is `status: closed`, or the risk owner set
    a new `due` date (keep the reason in the body or in git history):

    ```yaml registers/risks.md
    risks:
      - id: R-006
        title: An unreviewed change reaches production
        owner: elena.petrova
        likelihood: 2
        impact: 4
        treatment: mitigate
        plan: Deploy to production only from the GitHub Actions OIDC role
        due: 2026-03-31
        status: closed
    ```

    ## Options

    None.
    """
    for deadline in treatment_deadlines(ctx):
        if deadline.passed(ctx.as_of):
            yield deadline.overdue_hit(ctx.as_of)


@rule(
    "K008",
    "high-risk-without-control",
    "A high risk maps no control.",
    subject=Subject.REPOSITORY,
    reads=reads("risk-register"),
)
def high_risk_without_control(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    A risk that is not closed and whose score (likelihood x impact) is at or
    above the register's `thresholds.high` lists at least one item under
    `controls`: a criterion such as `CC6.1` or the id of a control document.
    Skipped when the register has no usable thresholds (K003).

    ## Why an auditor cares

    CC3.2 and CC5.1 link risk to controls: for the risks that matter most,
    the auditor asks which controls address them and then tests those. A
    high risk mapped to nothing suggests the risk assessment and the control
    environment were built separately.

    ## Failing example

    ```yaml registers/risks.md
    thresholds: {high: 15, medium: 8}
    risks:
      - {id: R-001, title: Phishing, owner: priya.raman, likelihood: 3, impact: 5,
         treatment: mitigate, status: open}
    ```

    ## Passing example

    ```yaml registers/risks.md
    risks:
      - {id: R-001, title: Phishing, owner: priya.raman, likelihood: 3, impact: 5,
         treatment: mitigate, status: open, controls: [CC6.1, CTL-ACCESS-REVIEW]}
    ```

    ## Options

    The level comes from the register's own `thresholds`.
    """
    for row in ctx.repository.rows("risk-register"):
        found, score = levels(row.document), rated_score(row.fields)
        if found is None or score is None or not is_open(row.fields):
            continue
        controls = row.fields.get("controls")
        if found.of(score) != "high" or (isinstance(controls, list) and controls):
            continue
        path = (*row.key_path, "controls") if "controls" in row.fields else row.key_path
        yield Hit(
            f"{where(path)}: {_risk_name(row)} scores {score}, high (from {_shown(found.high)}), "
            "but maps no control; list the criteria or controls that treat it under controls",
            row.document,
            path,
        )


def signoff_deadline(doc: Document, ctx: Context) -> Deadline | None:
    period = ctx.pack.cadences.get("risk-register-signoff")
    signed = as_date(doc.get("signoff", "date"))
    if not isinstance(period, str) or signed is None:
        return None
    due = add_period(signed, period)
    if due is None:
        return None
    by = doc.get("signoff", "by")
    return Deadline(
        doc,
        ("signoff", "date"),
        due,
        f"the {period_adjective(period)} management sign-off of the risk register",
        f"last signed off on {signed.isoformat()}" + (f" by {by}" if isinstance(by, str) else ""),
        "review the register with management and record the new signoff",
    )


@rule(
    "K009",
    "risk-register-signoff-stale",
    "The risk register has no management sign-off, or it is older than the pack allows.",
    subject=Subject.REPOSITORY,
    reads=reads("risk-register"),
)
def risk_register_signoff_stale(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Each risk register has `signoff: {by, date}`, and the sign-off is no
    older than the pack's `risk-register-signoff` cadence (the SOC 2 pack:
    annual, so within 12 months; 2025-02-28 is current up to 2026-02-28).
    The message names the last sign-off. Whether `by` holds the roster's
    `sign-off-risk` authority is judged by the approval rules (approver
    authority), not here. K011 warns `warn_days` before it falls due.

    ## Why an auditor cares

    CC3.1 to CC3.4 expect management to own the risk assessment. The sign-off
    after each annual assessment is the evidence the auditor asks for first;
    without a current one, the register is the security team's list, not
    management's assessment.

    ## Failing example

    ```yaml registers/risks.md
    signoff: {by: maya.chen, date: 2025-09-30}   # judged on 2026-11-01
    ```

    ## Passing example

    ```yaml registers/risks.md
    signoff: {by: maya.chen, date: 2026-10-14}
    ```

    ## Options

    `cadences.risk-register-signoff` in a rule pack.
    """
    for doc in ctx.repository.of_type("risk-register"):
        if doc.data is None:
            continue
        deadline = signoff_deadline(doc, ctx)
        if deadline is not None:
            if deadline.passed(ctx.as_of):
                yield deadline.overdue_hit(ctx.as_of)
        elif as_date(doc.get("signoff", "date")) is None:
            path = ("signoff",) if "signoff" in doc.data else ()
            yield Hit(
                "the risk register has never been signed off; after the risk assessment, "
                "management records signoff: {by, date}",
                doc,
                path,
            )


def latest_review(doc: Document, as_of: date) -> tuple[int, date, Any] | None:
    """The index, date and `by` of the register's most recent review not in `as_of`'s future."""
    dated = [
        (as_date(entry.get("date")), index, entry.get("by")) for index, entry in doc.rows("reviews")
    ]
    found = max(
        ((d, i, by) for d, i, by in dated if d is not None and not in_future(d, as_of)),
        default=None,
    )
    return None if found is None else (found[1], found[0], found[2])


def review_deadline(doc: Document, ctx: Context) -> Deadline | None:
    period = ctx.pack.cadences.get("risk-register-review")
    latest = latest_review(doc, ctx.as_of)
    if not isinstance(period, str) or latest is None:
        return None
    index, reviewed, by = latest
    due = add_period(reviewed, period)
    if due is None:
        return None
    return Deadline(
        doc,
        ("reviews", index, "date"),
        due,
        f"the {period_adjective(period)} review of the risk register",
        f"last review on {reviewed.isoformat()}" + (f" by {by}" if isinstance(by, str) else ""),
        "review the register with the risk owners and add the review to reviews",
    )


@rule(
    "K010",
    "risk-register-review-stale",
    "The risk register's latest review is older than the pack's review cadence.",
    subject=Subject.REPOSITORY,
    reads=reads("risk-register"),
)
def risk_register_review_stale(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    The most recent entry of the register's `reviews: [{date, by}]` (by date,
    whatever the order of the list) is within the pack's
    `risk-register-review` cadence (the SOC 2 pack: quarterly; a review on
    2025-11-30 is current up to 2026-02-28). A register with no review is a
    finding too. The message names the last review. Reviews dated more than
    a day after the as-of date do not count yet (a day after counts: the
    reviewer may be a day ahead of UTC). K011 warns `warn_days` before it
    falls due.

    ## Why an auditor cares

    Risk assessment is continuous (CC3.4, CC4.1): new risks come from
    incidents, vendors and changes. A dated review each quarter shows the
    register is a working document, not a snapshot made for the audit.

    ## Failing example

    ```yaml registers/risks.md
    reviews:
      - {date: 2026-04-21, by: priya.raman}
      - {date: 2026-07-14, by: priya.raman}     # judged on 2026-11-01
    ```

    ## Passing example

    ```yaml registers/risks.md
    reviews:
      - {date: 2026-07-14, by: priya.raman}
      - {date: 2026-10-13, by: priya.raman}
    ```

    ## Options

    `cadences.risk-register-review` in a rule pack.
    """
    for doc in ctx.repository.of_type("risk-register"):
        if doc.data is None:
            continue
        deadline = review_deadline(doc, ctx)
        if deadline is not None:
            if deadline.passed(ctx.as_of):
                yield deadline.overdue_hit(ctx.as_of)
        elif latest_review(doc, ctx.as_of) is None:
            path = ("reviews",) if "reviews" in doc.data else ()
            yield Hit(
                f"the risk register records no review up to {ctx.as_of.isoformat()}; review it "
                "with the risk owners and add reviews: [{date, by}]",
                doc,
                path,
            )


@rule(
    "K011",
    "risk-register-due-soon",
    "A risk register date falls due within warn_days.",
    severity=Severity.WARNING,
    subject=Subject.REPOSITORY,
    reads=reads("risk-register"),
)
def risk_register_due_soon(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Warns ahead of the risk register's deadlines: the register's sign-off
    (K009) and review (K010), a risk acceptance's expiry (K005) and an open
    treatment's due date (K007), from `warn_days` days before the date up
    to the date itself. The day after, the error rule takes over.

    ## Why an auditor cares

    A lapse in the audit period cannot be fixed afterwards: a review done
    late leaves a gap the auditor reports as an exception. A month's notice
    is the difference between a reminder and a finding.

    ## Failing example

    ```yaml registers/risks.md
    # soclint.yaml: warn_days: 30, judged on 2026-11-01
    reviews:
      - {date: 2026-08-20, by: priya.raman}     # the next review is due 2026-11-20
    ```

    ## Passing example

    The review is done and recorded before the warning window opens (or
    the warning is read as the reminder it is):

    ```yaml registers/risks.md
    reviews:
      - {date: 2026-08-20, by: priya.raman}
      - {date: 2026-10-13, by: priya.raman}
    ```

    ## Options

    `warn_days` in soclint.yaml (default 30; 0 warns on the due day only).
    Turn these warnings off with `ignore: [K011]`.
    """
    as_of, warn_days = ctx.as_of, ctx.config.warn_days
    deadlines: list[Deadline] = [*acceptance_deadlines(ctx), *treatment_deadlines(ctx)]
    for doc in ctx.repository.of_type("risk-register"):
        for found in (signoff_deadline(doc, ctx), review_deadline(doc, ctx)):
            if found is not None:
                deadlines.append(found)
    for deadline in deadlines:
        if deadline.near(as_of, warn_days):
            yield deadline.soon_hit(as_of)
