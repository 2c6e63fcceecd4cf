"""Who a caller is when two flows are compared (ends14): its identity together with where the identity came from.

An identity is a bare name: an exitguard token's name, or the value of an OIDC issuer's identity claim. Two
sources can give the same name (a token named ``alice`` and a GitHub Actions token whose ``actor`` claim is
``alice``; two issuers with overlapping subjects), and whatever was keyed by the bare name was shared: an approval
window granted for one, its pending approvals, its buffered-byte and held-request budgets, and a credential broker
listing ``identities: [alice]``. ``key`` is the name with its source (``token:alice``,
``oidc:https://issuer#alice``); the audit index and log lines keep the bare name (``auth_method`` and the recorded
``exitguard.issuer`` say the source).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from addons.core import metakeys

ISSUER_MARK = "#"  # in a broker's identities: ISSUER#NAME names an OIDC caller (no exitguard token name has it)


def source(metadata: Mapping[str, Any]) -> str | None:
    """``token``, ``oidc:<issuer>``, or None for a caller with no proven identity."""
    method = metadata.get(metakeys.AUTH_METHOD)
    if method == "token":
        return "token"
    if method == "oidc" and isinstance(issuer := metadata.get(metakeys.ISSUER), str) and issuer:
        return f"oidc:{issuer}"
    return None


def key(metadata: Mapping[str, Any]) -> str | None:
    """The identity with its source (None without an identity). An identity whose source is unknown (set by
    something other than the Identity addon) is ``unknown:<name>``, never equal to a proven one."""
    identity = metadata.get(metakeys.IDENTITY)
    if not isinstance(identity, str) or not identity:
        return None
    where = source(metadata)
    if where is None:
        return f"unknown:{identity}"
    return f"token:{identity}" if where == "token" else f"{where}{ISSUER_MARK}{identity}"


def named_by(entry: str, metadata: Mapping[str, Any]) -> bool:
    """Does a policy entry that grants by name (a broker's ``identities``) name this caller: a bare name an
    exitguard token's caller, ``<issuer>#<name>`` that issuer's OIDC caller of that identity."""
    identity = metadata.get(metakeys.IDENTITY)
    if not isinstance(identity, str) or not identity:
        return False
    issuer, mark, name = entry.partition(ISSUER_MARK)
    if not mark:
        return source(metadata) == "token" and entry == identity
    return source(metadata) == f"oidc:{issuer}" and name == identity
