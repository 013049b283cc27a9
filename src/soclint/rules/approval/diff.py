"""Diff mode: a pull request that changes approved content also raises its version and approval,
and does not weaken the checks that judge it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from soclint.context import Context
from soclint.dates import as_date
from soclint.document import Document
from soclint.finding import Hit
from soclint.history.revisions import Revision, revision_of
from soclint.lifecycle import CONTROLLED_TYPES, changes_freely
from soclint.registry import Subject, rule

if TYPE_CHECKING:
    from soclint.history.change import BaseProgram


def _changed_documents(ctx: Context) -> Iterator[tuple[Document, Revision, BaseProgram]]:
    """Each policy, procedure or standard whose content differs from the base, with the base."""
    base = ctx.change
    if base is None:
        return
    for doc in ctx.repository.of_type(*CONTROLLED_TYPES):
        then = base.documents.get(doc.path)
        if then is None or changes_freely(doc):
            continue
        if then.front_matter == doc.front_matter and then.body == doc.body:
            continue  # the same text: most documents, which the change did not touch
        before = revision_of(then)
        if before.content != revision_of(doc).content:
            yield doc, before, base


def _shown(value: object) -> str:
    return f"'{value}'" if value is not None else "none"


@rule(
    "A013",
    "version-not-bumped",
    "Diff mode: the content changed since the base but the version was not raised.",
    subject=Subject.CHANGE,
    waivable=False,
)
def version_not_bumped(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Only with `soclint check --diff-base REV`. A policy, procedure or
    standard whose content (body or non-bookkeeping front-matter) differs
    from its version at the base (the merge base of REV and HEAD) has a
    `version` greater than the base's: `2.3` to `2.4` or `3.0`. A renamed
    file is compared with its old name, a document read through a symbolic
    link by the text it reads. Documents that are `draft`, `in-review` or
    `retired` are exempt, and so are files added since the base. The base's
    configuration decides whether this rule runs.

    ## Why an auditor cares

    The version is how the auditor and your staff tell which text was in
    force when. Two different texts under one version number break that.

    ## Failing example

    A pull request narrows what the access-control policy applies to and
    leaves its `version: "2.3"`:

    ```yaml policies/access-control.md
    applies_to: [web-app, api]
    ```

    ## Passing example

    The same pull request raises the version and renews the approval
    (`soclint approve PATH --by PERSON` does both):

    ```yaml policies/access-control.md
    applies_to: [web-app, api]
    version: "2.4"
    approval: {by: daniel.okafor, date: 2026-10-20}
    ```

    ## Options

    None.
    """
    from soclint.versions import parse_version

    for doc, before, base in _changed_documents(ctx):
        was, now = before.version, doc.get("version")
        old_number, new_number = parse_version(was), parse_version(now)
        if old_number is None or new_number is None or new_number > old_number:
            continue
        yield Hit(
            f"version: {_shown(now)} is not above {_shown(was)} at {base.rev} "
            f"({base.commit.short}), but the content changed; raise it "
            "(soclint approve --bump minor)",
            doc,
            ("version",),
        )


@rule(
    "A014",
    "approval-not-renewed",
    "Diff mode: the content changed since the base but the approval was not renewed.",
    subject=Subject.CHANGE,
    waivable=False,
)
def approval_not_renewed(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Only with `soclint check --diff-base REV`. A policy, procedure or
    standard whose content differs from the base (see A013) carries an
    new approval: one that differs from the approval at the base and is
    dated on or after the day of the base commit (its committer date), so
    the change itself was approved, not only an earlier text. Documents that
    are `draft`, `in-review` or `retired` are exempt.

    ## Why an auditor cares

    Change management of policies (CC8.1 applied to your own program): a
    merged change to a policy without a fresh approval is an unapproved
    policy from the day it merges.

    ## Failing example

    A pull request edits the access-control policy, approved on 2026-02-10,
    and raises its version, but keeps the old approval:

    ```yaml policies/access-control.md
    applies_to: [web-app, api]
    version: "2.4"
    ```

    ## Passing example

    The pull request also runs `soclint approve PATH --by PERSON`, recording
    an approval dated the day of the review:

    ```yaml policies/access-control.md
    applies_to: [web-app, api]
    version: "2.4"
    approval: {by: daniel.okafor, date: 2026-10-20}
    ```

    ## Options

    None.
    """
    for doc, before, base in _changed_documents(ctx):
        approved = as_date(doc.get("approval", "date"))
        if approved is None:
            continue
        at = f"{base.rev} ({base.commit.short}, {base.commit.day.isoformat()})"
        if approved < base.commit.day:
            problem = f"{approved.isoformat()} is before {at}"
        elif before.approval == revision_of(doc).approval:
            problem = f"the approval is the same as at {at}"
        else:
            continue
        yield Hit(
            f"approval.date: {problem}, but the content changed since; approve the change "
            "(soclint approve PATH --by PERSON)",
            doc,
            ("approval", "date"),
        )


@rule(
    "A015",
    "checks-weakened",
    "Diff mode: the change to soclint.yaml or a rule pack weakens the checks.",
    subject=Subject.CHANGE,
)
def checks_weakened(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Only with `soclint check --diff-base REV`. The configuration of the
    head (soclint.yaml and the rule packs it names) does not check less than
    the base's: no rule the base runs is ignored, left out of `select`,
    removed with its pack or set to a lower severity; no file the base reads
    is excluded; `fail_on` is not raised; `as_of` does not move back;
    `warn_days` does not shrink; separation of duties is not turned off. Any
    other change (a pack's cadences, required sections, `draft_max_age`) is
    judged by its effect: the head is also checked with the base's
    configuration, and what that reports and the head's configuration hides
    is reported here too. A change that starts a program (its base has no
    soclint.yaml and no soclint document, as when `soclint adopt` runs)
    excludes no file the base checked: only the rules and settings it turns
    down count. Each finding sits at the soclint.yaml key that causes it.
    Whether this rule runs, and how severe it is, is decided by the base's
    configuration, so a change cannot turn it off.

    ## Why an auditor cares

    A pull request that breaks the program and quietly ignores the rule
    that would say so would otherwise pass: fewer findings at the head look
    like fixed ones. Loosening the checks is a decision the reviewers should
    see and make.

    ## Failing example

    A pull request adds to soclint.yaml:

    ```yaml soclint.yaml
    ignore: [A005]
    ```

    or `exclude: [policies/legacy/**]`.

    ## Passing example

    A pull request that adds `select`-ed codes or a rule pack, raises a
    severity, or only edits comments in soclint.yaml:

    ```yaml soclint.yaml
    severity: {A006: error}
    ```

    A weakening the reviewers agree with fails this check once, in the pull
    request that makes it.

    ## Options

    `--select`/`--ignore` on the command line apply to base and head alike.
    """
    config = ctx.config
    file = config.shown_file if config.file is not None and config.file.is_file() else None
    for weakening in ctx.change.weakenings if ctx.change else ():
        line = weakening.line if file is not None else None
        yield Hit(weakening.message, line=line, column=weakening.column, file=file)
