"""Suite: the policy kinds the rule pack knows and requires."""

from __future__ import annotations

from collections.abc import Iterator

from soclint.context import Context
from soclint.document import Document
from soclint.fields import category_item
from soclint.finding import Hit
from soclint.lifecycle import says_approved
from soclint.registry import Subject, rule
from soclint.rule_inputs import OWN_DOCUMENT, reads
from soclint.suggestions import Suggestions
from soclint.unparsed import may_be, unread_note


@rule(
    "P001",
    "unknown-policy-kind",
    "A policy's `kind` is not a kind the rule pack knows.",
    reads=OWN_DOCUMENT,
)
def unknown_policy_kind(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    A policy's `kind` is one of the suite kinds of the rule pack: the
    required ones (acceptable-use, information-security, access-control,
    change-management, secure-sdlc, vendor-risk, incident-response,
    business-continuity, data-classification, cryptography,
    logging-monitoring, vulnerability-management, workstation-mobile,
    hr-security, record-retention; privacy when privacy is in scope) and the
    pack's optional ones and synonyms. Procedures and standards have free
    kinds.

    ## Why an auditor cares

    The kind is how soclint tells that the suite is complete. A policy of
    kind `acess-control` leaves access control reported missing while the
    document exists.

    ## Failing example

    ```yaml policies/access-control.md
    type: policy
    kind: acess-control
    ```

    ## Passing example

    ```yaml policies/access-control.md
    type: policy
    kind: access-control
    ```

    ## Options

    Add your own kinds to `suite.optional` in a rule pack named in
    soclint.yaml, or make one stand for a kind of the suite with
    `suite.synonyms`.
    """
    if doc.type != "policy":
        return
    kind = doc.text("kind")
    known = ctx.pack.known_kinds
    if kind is not None and kind not in known:
        close = Suggestions().closest(kind, sorted(known))
        hint = f"; did you mean '{close}'?" if close else "; add it to a rule pack's suite"
        yield Hit(f"'{kind}' is not a policy kind of the rule pack{hint}", doc, ("kind",))


def _requiring_category(kind: str, ctx: Context, categories: set[str]) -> str | None:
    """The category in scope that makes `kind` required, or None when the pack always does."""
    if kind in ctx.pack.required_kinds:
        return None
    for category, kinds in sorted(ctx.pack.when_in_scope.items()):
        if kind in kinds and category in categories:
            return category
    return None


@rule(
    "P002",
    "policy-kind-missing",
    "A policy kind the rule pack requires has no approved policy.",
    subject=Subject.REPOSITORY,
    reads=reads("policy", "system-description", unparsed=True),
)
def policy_kind_missing(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Every kind the rule pack requires is present as a policy with
    `status: approved`: in the SOC 2 pack acceptable-use,
    information-security, access-control, change-management, secure-sdlc,
    vendor-risk, incident-response, business-continuity,
    data-classification, cryptography, logging-monitoring,
    vulnerability-management, workstation-mobile, hr-security and
    record-retention, and privacy when the system description puts privacy
    in scope. A kind with no policy at all is reported at the system
    description, the document that states what the program covers: at the
    category in `categories` that requires it, else at the document as a
    whole (without a location when there is no system description either).
    A kind present only as a draft, in review or retired is reported at that
    policy's `status`. A policy that exists but whose front-matter does not
    parse counts as present when its kind can be read from its text (the
    parse error is its finding); when it cannot, the finding names the file
    that may hold the kind. Each message names the kind.

    ## Why an auditor cares

    The auditor asks for the policy behind each area of the criteria.
    "We have a draft" is answered as "no policy": the control environment
    has a gap for the whole period.

    ## Failing example

    A repository with no policy of `kind: incident-response`, or only one
    with `status: draft`:

    ```yaml policies/incident-response.md
    status: draft
    ```

    ## Passing example

    ```yaml policies/incident-response.md
    type: policy
    id: POL-INCIDENT-RESPONSE
    kind: incident-response
    status: approved
    approval: {by: daniel.okafor, date: 2026-09-02}
    ```

    ## Options

    A rule pack's `suite.required` and `suite.when_in_scope` set the kinds;
    a company pack's `suite.remove` takes out a kind earlier packs require,
    and its `suite.synonyms` let a kind of its own stand for one of the
    suite (a policy of kind `data-retention` counts as the
    `record-retention` policy with `data-retention: record-retention`). To
    drop one kind, remove it in a pack: a waiver of P002 in the system
    description would silence every kind.
    """
    pack = ctx.pack
    by_kind: dict[str, list[Document]] = {}
    for doc in ctx.repository.of_type("policy"):
        kind = doc.text("kind")
        if kind is not None:
            by_kind.setdefault(pack.kind_of(kind), []).append(doc)
    categories = ctx.repository.categories
    for kind in pack.required_for(categories):
        present = by_kind.get(kind, [])
        if any(says_approved(doc) for doc in present):
            continue
        category = _requiring_category(kind, ctx, categories)
        because = f" because {category} is in scope" if category else ""
        unreadable = [doc for doc in ctx.facts.unparsed if may_be(doc, "policy")]
        if any(pack.kind_of(doc.text("kind") or "") == kind for doc in unreadable):
            continue  # its parse error is the finding
        if present:
            doc = present[0]
            written = doc.text("kind")
            standing_for = f" (kind: {written})" if written != kind else ""
            yield Hit(
                f"status: the '{kind}' policy {doc.id or doc.path}{standing_for} is "
                f"'{doc.get('status')}'; the policy suite needs an approved '{kind}' "
                f"policy{because}",
                doc,
                ("status",),
            )
        else:
            # Reported where the scope is stated; a kind that a category brings in, at the
            # category.
            scope = ctx.repository.first("system-description")
            maybe = unread_note((d for d in unreadable if d.text("kind") is None), "hold it")
            yield Hit(
                f"the policy suite has no '{kind}' policy (type: policy, kind: {kind}), "
                f"which the rule pack requires{because}{maybe}",
                scope,
                category_item(scope, category) if scope and category else (),
            )
