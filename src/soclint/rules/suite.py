"""Suite: the policy kinds the rule pack knows and requires."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from soclint.context import Context
from soclint.document import Document
from soclint.finding import Hit
from soclint.registry import rule


@rule("P001", "unknown-policy-kind", "A policy's `kind` is not a kind the rule pack knows.")
def unknown_policy_kind(doc: Document, ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    A policy's `kind` is one of the suite kinds of the rule pack: the
    required ones (acceptable-use, information-security, access-control,
    change-management, secure-sdlc, vendor-risk, incident-response,
    business-continuity, data-classification, cryptography,
    logging-monitoring, vulnerability-management, workstation-mobile,
    hr-security, record-retention; privacy when privacy is in scope) and the
    pack's optional ones. Procedures and standards have free kinds.

    ## Why an auditor cares

    The kind is how soclint tells that the suite is complete. A policy of
    kind `acess-control` leaves access control reported missing while the
    document exists.

    ## Failing example

    ```yaml
    type: policy
    kind: acess-control
    ```

    ## Passing example

    ```yaml
    type: policy
    kind: access-control
    ```

    ## Options

    Add your own kinds to `suite.optional` in a rule pack named in
    soclint.yaml.
    """
    if doc.type != "policy":
        return
    kind = doc.text("kind")
    known = ctx.pack.known_kinds
    if kind is not None and kind not in known:
        close = difflib.get_close_matches(kind, sorted(known), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else "; add it to a rule pack's suite"
        yield Hit(f"'{kind}' is not a policy kind of the rule pack{hint}", doc, ("kind",))
