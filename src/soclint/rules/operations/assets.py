"""Asset inventory: every asset has an owner; customer data stores belong to a component."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from soclint.context import Context
from soclint.finding import Hit, Severity
from soclint.keypaths import where
from soclint.registry import Subject, rule
from soclint.repository import Row
from soclint.rule_inputs import reads

_CUSTOMER = re.compile(r"\bcustomers?\b", re.IGNORECASE)


def _asset_name(row: Row) -> str:
    asset_id = row.fields.get("id")
    return f"asset '{asset_id}'" if isinstance(asset_id, str) else "the asset"


def holds_customer_data(data: Any) -> bool:
    """Whether an asset's `data` (a string or a list of strings) mentions customers."""
    texts = data if isinstance(data, list) else [data]
    return any(isinstance(text, str) and _CUSTOMER.search(text) for text in texts)


@rule(
    "O004",
    "asset-owner-missing",
    "An asset has no owner.",
    subject=Subject.REPOSITORY,
    reads=reads("asset-inventory"),
)
def asset_owner_missing(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Each asset of the asset inventory names its `owner`, a person of the
    roster (R001 checks that the person exists).

    ## Why an auditor cares

    CC6.1 starts from an inventory of information assets, and each asset's
    owner is who the auditor asks about its access, configuration and data.
    An asset nobody owns is an asset nobody reviews.

    ## Failing example

    ```yaml registers/assets.md
    assets:
      - {id: AST-RDS-PROD, name: Production database, kind: database}
    ```

    ## Passing example

    ```yaml registers/assets.md
    assets:
      - {id: AST-RDS-PROD, name: Production database, kind: database, owner: tom.nakamura}
    ```

    ## Options

    None.
    """
    for row in ctx.repository.rows("asset-inventory"):
        owner = row.fields.get("owner")
        if not (isinstance(owner, str) and owner.strip()):
            yield Hit(
                f"{where(row.key_path)}: {_asset_name(row)} has no owner; name the person "
                "accountable for it (owner: a roster id)",
                row.document,
                row.key_path,
            )


@rule(
    "O005",
    "data-store-without-component",
    "A data store holding customer data names no system component.",
    severity=Severity.WARNING,
    subject=Subject.REPOSITORY,
    reads=reads("asset-inventory"),
)
def data_store_without_component(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    An asset whose `kind` is one of the pack's data-store kinds (SOC 2 pack:
    database, data-store, data-warehouse, data-lake, object-storage,
    file-storage, storage, backup, cache, search-index, secrets-store,
    log-archive) and whose `data` mentions customers names the `component`
    of the system description it belongs to (R002 checks that the component
    exists). A warning: the asset may be out of scope on purpose.

    ## Why an auditor cares

    The system description bounds the audit (DC 200, CC2.2). A store of
    customer data that belongs to no described component is customer data
    outside the boundary you described, which is what a scoping review looks
    for first.

    ## Failing example

    ```yaml registers/assets.md
    assets:
      - {id: AST-S3-EXPORTS, name: Export bucket, kind: object-storage, owner: tom.nakamura,
         data: Customer invoice exports}
    ```

    ## Passing example

    ```yaml registers/assets.md
    assets:
      - {id: AST-S3-EXPORTS, name: Export bucket, kind: object-storage, owner: tom.nakamura,
         data: Customer invoice exports, component: document-store}
    ```

    ## Options

    `assets.data_stores` in a rule pack adds asset kinds that count as data
    stores.
    """
    kinds = set(ctx.pack.data_store_kinds)
    for row in ctx.repository.rows("asset-inventory"):
        kind = row.fields.get("kind")
        if not isinstance(kind, str) or kind not in kinds or row.fields.get("component"):
            continue
        if holds_customer_data(row.fields.get("data")):
            yield Hit(
                f"{where(row.key_path)}: {_asset_name(row)} stores customer data but names no "
                "component; set component to the system-description component it belongs to",
                row.document,
                row.key_path,
            )
