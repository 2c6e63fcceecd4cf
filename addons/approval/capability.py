"""What authenticates a decision that arrives from outside loopback (callback.py), kept free of I/O but the
state store so every check is unit-tested:

- a decision link: an unguessable token, one per (approval id, kind), handed out in the webhook payload; the kinds
  are approve, deny and (with ``exitguard_approval_link_window``) approve-window, an approval that also opens a
  window whose length is fixed in the stored record when the link is issued. Only its SHA-256 is kept, in the
  shared state store (``approval:link:<digest>``), so any replica can check it and a store dump holds nothing
  that decides. It expires with the approval and is single-use: redeeming one link deletes it and its siblings
  (the approval's other links) with a compare-and-delete, so two racing calls cannot both win. A token is
  ``egl_`` + 30 random base62 characters + the base62 CRC32 of them (GitHub's token layout): the shipped rule
  ``exitguard-decision-link`` finds exactly that, so any exitguard a link passes through masks it. The stored
  record is sealed (seal.py): one written by someone reaching the store without the fleet's fingerprint key, for
  a token of their own, redeems nothing. Links of older replicas (no prefix, or no seal) are refused; the
  CLI still decides those approvals.
- a Slack interactivity call: ``v0=`` HMAC-SHA256 of ``v0:{timestamp}:{raw body}`` with the app's signing secret,
  the timestamp no more than five minutes away; the signature's digest is remembered for as long, so a captured
  call cannot be replayed. Its ``response_url`` (where the message is updated afterwards) is used only on an
  https URL of an allowed host (``response_url_allowed``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import zlib
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from addons.approval.seal import Seal
from addons.core.state import SharedState
from addons.detect.validators import BASE62, base62_encode, crc32_base62_tail

KINDS = {"approve": "approve", "approve-window": "approve", "deny": "deny"}  # link / button kind -> verdict
WINDOW_KIND = "approve-window"
LINK_DECIDER = "webhook-link"
SLACK_MAX_AGE_S = 300
SLACK_ACTIONS = {"exitguard_approve": "approve", "exitguard_approve_window": WINDOW_KIND, "exitguard_deny": "deny"}
MAX_RESPONSE_URL = 2048
_APPROVAL_ID = re.compile(r"[0-9a-f]{1,32}")
_SLACK_ID = re.compile(r"[A-Z0-9]{1,32}")
_PRINTABLE = re.compile(r"[^\x00-\x1f\x7f]{1,80}")
_URL_CHARS = re.compile(r"[\x21-\x7e]+")


class Refused(Exception):
    """A call that does not prove it may decide. The message is generic on purpose: it must not tell a caller
    which part of a forged request was wrong (is the id known? was the token used?)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


LINK_PREFIX = "egl_"
LINK_RANDOM_CHARS = 30  # 178 bits


def new_link_token() -> str:
    """``egl_`` + 30 random base62 characters + their CRC32 in 6 base62 digits: a shape the shipped rule
    ``exitguard-decision-link`` (rules/secrets/ai-tooling.yaml) finds precisely, checksum included."""
    body = "".join(secrets.choice(BASE62) for _ in range(LINK_RANDOM_CHARS))
    return f"{LINK_PREFIX}{body}{base62_encode(zlib.crc32(body.encode()))}"


def _malformed(token: str) -> bool:
    """A token no exitguard of this version issued (no link prefix, wrong length or checksum): refused without
    asking the store. Links without the prefix came from replicas that did not seal their records either."""
    return not (token.startswith(LINK_PREFIX) and len(token) == len(LINK_PREFIX) + LINK_RANDOM_CHARS + 6
                and crc32_base62_tail(token))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _link_key(digest: str) -> str:
    return f"approval:link:{digest}"


async def issue_links(store: SharedState, approval_id: str, ttl_s: float, window_s: int = 0, *,
                      seal: Seal) -> dict[str, str]:
    """A fresh token per kind for ``approval_id`` (approve-window only with ``window_s``), stored hashed; returns
    {kind: raw token} for the one webhook payload that carries them (the raw tokens are kept nowhere else)."""
    kinds = [kind for kind in KINDS if kind != WINDOW_KIND or window_s > 0]
    tokens = {kind: new_link_token() for kind in kinds}
    digests = {kind: _digest(token) for kind, token in tokens.items()}
    for kind in kinds:
        siblings = [digest for other, digest in digests.items() if other != kind]
        record = seal.dumps(_link_key(digests[kind]), {"id": approval_id, "verdict": kind, "siblings": siblings,
                                                       "window_s": window_s if kind == WINDOW_KIND else None})
        await store.put(_link_key(digests[kind]), record, max(1.0, ttl_s))
    return tokens


async def redeem_link(store: SharedState, approval_id: str, kind: str, token: str, *, seal: Seal) -> int | None:
    """Consume the link for (approval_id, kind) or raise Refused; returns the window it grants (seconds) or None.
    A token for another approval or another kind is refused without being consumed (its holder may still use it
    as issued). The window comes from the stored record, never from the caller."""
    if not token or len(token) > 100 or _malformed(token):
        raise Refused(403, "invalid, used or expired link")
    key = _link_key(_digest(token))
    raw = await store.get(key)
    record = seal.loads(key, raw)  # a record someone without the fleet's key wrote for a token of their own: none
    if raw is None or record is None:
        raise Refused(403, "invalid, used or expired link")
    same_id = hmac.compare_digest(str(record.get("id")).encode(), approval_id.encode())
    same_kind = hmac.compare_digest(str(record.get("verdict")).encode(), kind.encode())
    if not (same_id and same_kind):
        raise Refused(403, "invalid, used or expired link")
    if not await store.delete_if(key, raw):
        raise Refused(403, "invalid, used or expired link")  # redeemed a moment ago by another call
    for sibling in record.get("siblings") or []:
        sibling_key = _link_key(str(sibling))
        if (value := await store.get(sibling_key)) is not None:
            await store.delete_if(sibling_key, value)
    window = record.get("window_s")
    return int(window) if kind == WINDOW_KIND and isinstance(window, int) and window > 0 else None


# --------------------------------------------------------------------------- Slack interactivity


def slack_signature(secret: bytes, timestamp: str, body: bytes) -> str:
    """``v0=`` + hex HMAC-SHA256 of ``v0:{timestamp}:{body}`` (what Slack sends as X-Slack-Signature)."""
    mac = hmac.new(secret, b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256)
    return "v0=" + mac.hexdigest()


def verify_slack(secret: bytes, timestamp: str | None, signature: str | None, body: bytes, now: float) -> None:
    """Raise Refused unless ``signature`` is Slack's for this body and the timestamp is recent."""
    if not timestamp or not signature or not timestamp.isdigit():
        raise Refused(401, "missing or malformed Slack signature headers")
    if abs(now - int(timestamp)) > SLACK_MAX_AGE_S:
        raise Refused(401, "Slack request timestamp is more than 5 minutes away")
    expected = slack_signature(secret, timestamp, body)
    if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
        raise Refused(401, "Slack signature does not match")


async def remember_slack_call(store: SharedState, signature: str) -> None:
    """Refuse a signed call seen before (a replay within the timestamp's five minutes), on any replica."""
    key = "approval:slack-call:" + hashlib.sha256(signature.encode()).hexdigest()
    if not await store.put_new(key, "1", 2 * SLACK_MAX_AGE_S):
        raise Refused(409, "this Slack call was already received")


@dataclass(frozen=True)
class SlackAction:
    approval_id: str
    kind: str  # one of KINDS
    user_id: str
    user_name: str | None
    response_url: str | None = None  # where Slack takes an update of the message; check response_url_allowed

    @property
    def verdict(self) -> str:
        return KINDS[self.kind]

    @property
    def decider(self) -> str:
        """How the audit index names a Slack approver: the Slack user id (stable), its name for people."""
        return f"slack:{self.user_id}" + (f" ({self.user_name})" if self.user_name else "")


def parse_slack_action(body: bytes) -> SlackAction:
    """The one exitguard button of a ``block_actions`` call (form field ``payload``), checked field by field."""
    try:
        form = parse_qs(body.decode("utf-8"), strict_parsing=True, max_num_fields=5)
        payload = json.loads(form["payload"][0])
    except (UnicodeDecodeError, ValueError, KeyError, IndexError):
        raise Refused(400, "expected a form with a payload= JSON field") from None
    if not isinstance(payload, dict) or payload.get("type") != "block_actions":
        raise Refused(400, "only block_actions calls are handled")
    actions = payload.get("actions")
    user = payload.get("user")
    if not isinstance(actions, list) or len(actions) != 1 or not isinstance(actions[0], dict):
        raise Refused(400, "expected exactly one action")
    if not isinstance(user, dict) or not isinstance(user.get("id"), str) or not _SLACK_ID.fullmatch(user["id"]):
        raise Refused(400, "the call names no Slack user")
    action = actions[0]
    kind = SLACK_ACTIONS.get(str(action.get("action_id")))
    approval_id, _, value_kind = str(action.get("value", "")).partition(":")
    if kind is None or value_kind != kind or not _APPROVAL_ID.fullmatch(approval_id):
        raise Refused(400, "not an exitguard approve/deny button")
    name = user.get("username") or user.get("name")
    name = name.strip() if isinstance(name, str) and _PRINTABLE.fullmatch(name.strip() or "\x00") else None
    response_url = payload.get("response_url")
    if not isinstance(response_url, str) or len(response_url) > MAX_RESPONSE_URL:
        response_url = None
    return SlackAction(approval_id, kind, user["id"], name, response_url)


def response_url_allowed(url: str, hosts: frozenset[tuple[str, int]]) -> bool:
    """Whether the message may be updated at ``url``: https, no user info, and (host, port) one of ``hosts``
    (default only hooks.slack.com:443). Checked even though the call was signed: a URL from outside is never
    followed anywhere else. Visible ASCII only: the URL becomes a request line."""
    if not _URL_CHARS.fullmatch(url):
        return False
    try:
        parts = urlsplit(url)
        port = parts.port or 443
    except ValueError:
        return False
    if parts.scheme != "https" or not parts.hostname or "@" in parts.netloc or parts.fragment:
        return False
    return (parts.hostname.lower(), port) in hosts


def slack_buttons(approval_id: str, window_label: str | None = None) -> dict:
    """The actions block of the Slack message: each button's value carries the approval id and its kind. With
    ``window_label`` (e.g. "15 min") also "Approve for <label>": approved, and identical requests pass that long."""
    approve_for = [{"type": "button", "action_id": "exitguard_approve_window", "value": f"{approval_id}:{WINDOW_KIND}",
                    "text": {"type": "plain_text", "text": f"Approve for {window_label}"}}] if window_label else []
    return {"type": "actions", "block_id": f"exitguard_{approval_id}", "elements": [
        {"type": "button", "action_id": "exitguard_approve", "style": "primary", "value": f"{approval_id}:approve",
         "text": {"type": "plain_text", "text": "Approve"}},
        *approve_for,
        {"type": "button", "action_id": "exitguard_deny", "style": "danger", "value": f"{approval_id}:deny",
         "text": {"type": "plain_text", "text": "Deny"}},
    ]}
