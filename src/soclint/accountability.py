"""What the program proves about its people: who recorded each sign-off (provenance), and
who acknowledged which policy, as one summary.

`soclint coverage --format json` includes it; an audit report or package can
take the same summary from `commands.check_accountability(program)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from soclint.acknowledgements import Obligation, window
from soclint.facts import Facts
from soclint.history.provenance import Recording, Verdict, judge, provenance_level
from soclint.people import Person

# Each sign-off with whether its recording commit proves it, and why.
Judged = list[tuple[Recording, Verdict]]


@dataclass(frozen=True)
class Accountability:
    as_of: date
    level: str
    # Each sign-off with its verdict; None when provenance is off.
    sign_offs: Judged | None
    # Why git history could not tell, when it could not.
    skipped: str | None
    window: str
    obligations: list[Obligation]

    def _status(self, obligation: Obligation) -> str:
        if obligation.met_by is not None:
            return "acknowledged"
        return "overdue" if obligation.overdue(self.as_of) else "pending"

    def to_json(self) -> dict[str, Any]:
        statuses = [self._status(o) for o in self.obligations]
        return {
            "provenance": {
                "level": self.level,
                "skipped": self.skipped,
                "sign_offs": [
                    {**recording.to_json(), "proven": verdict.proven, "reason": verdict.reason}
                    for recording, verdict in self.sign_offs or []
                ],
            },
            "acknowledgements": {
                "within": self.window,
                "obligations": [
                    {
                        "person": o.person.id,
                        "document": o.policy.id,
                        "path": o.policy.path,
                        "version": o.policy.get("version"),
                        "due": o.due.isoformat(),
                        "status": status,
                        "acknowledged": None
                        if o.met_by is None
                        else {"version": o.met_by.written, "date": o.met_by.day.isoformat()},
                    }
                    for o, status in zip(self.obligations, statuses, strict=True)
                ],
                "summary": {
                    status: statuses.count(status)
                    for status in ("acknowledged", "pending", "overdue")
                },
            },
        }


def judged(found: list[Recording], people: dict[str, Person], level: str) -> Judged:
    """Each recording with whether it proves its sign-off at `level`, and why."""
    verdicts = []
    for recording in found:
        person = people.get(recording.signer or "")
        verdict = (
            judge(recording, person, level, people)
            if person is not None
            else Verdict(False, f"'{recording.signer}' is not a person in the roster")
        )
        verdicts.append((recording, verdict))
    return verdicts


def _sign_offs(facts: Facts, level: str) -> tuple[Judged | None, str | None]:
    if level == "off":
        return None, None
    found = facts.sign_off_recordings
    if isinstance(found, str):
        return None, found
    return judged(found, facts.people, level), None


def accountability(facts: Facts) -> Accountability:
    """The provenance of every sign-off and the acknowledgement of every policy, as of the
    program's as-of date."""
    level = provenance_level(facts.config, facts.pack)
    judged, skipped = _sign_offs(facts, level)
    span = window(facts.config, facts.pack)
    return Accountability(
        facts.as_of, level, judged, skipped, span, facts.acknowledgement_obligations
    )
