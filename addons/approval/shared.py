"""Approvals in the shared state store (``exitguard_state=redis://...``): what a fleet of replicas must agree on.

Keys (the store adds its prefix), each with a time to live so nothing outlives its use:
- ``approval:<id>``: the approval record (JSON: id, fingerprint, requester, summary as reviewers see it,
  requested_at and deadline on the wall clock, state, decider, reason, decided_at, window_s, replica);
  kept ``timeout + KEEP_DECIDED_SECONDS``.
- ``approval:held:<fingerprint>``: the id of the approval open for that request, until its deadline. Set only
  if absent, so a retry on any replica joins the one approval.
- ``approval:window:<fingerprint>``: ``{until, id, decider}`` of an ``approve --for``, for the window's length.
- ``approval:requests:<id>`` (how many requests joined) and ``approval:flows:<id>`` (per replica, the flows
  waiting there), for the listing.
- ``approval:outcomes:<id>``: per flow, what became of it once the decision reached its holder (sealed per flow:
  outcomes.py), for the replica the decision was taken on and the listing.
- indexes ``approval:open`` and ``approval:recent`` (ids by time) for ``exitguard approvals list``.
A decision is a compare-and-set of the record from ``held`` (so two deciders cannot both win), then a message on
``approval:decisions``: the replica holding the flow releases it at once. If the subscription drops,
every approval held here fails closed (state ``lost``): a decision published meanwhile would never arrive.
Records, windows and messages are sealed (seal.py): a value written without the fleet's fingerprint key is
treated as absent.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import secrets
from collections.abc import Awaitable, Callable, Coroutine

from addons.approval.outcomes import outcome_counts
from addons.approval.registry import KEEP_DECIDED_SECONDS, Pending, Registry, _same
from addons.approval.rules import DecisionError, utc_iso
from addons.approval.seal import Seal
from addons.core.state import SharedState, StateUnavailable, fleet

logger = logging.getLogger(__name__)

DECISIONS = "approval:decisions"
OPEN, RECENT = "approval:open", "approval:recent"
ID_ATTEMPTS = 4
# attack19: how often each linked replica looks for overdue approvals nobody expired (their holder died), and how long
# past its deadline it leaves one to its holder's own watch. Far under the records' time to live (timeout + 600 s).
SWEEP_EVERY_S = 10.0
SWEEP_GRACE_S = 2.0
# faults48: a decision made whose delivery failed is done again after this, doubling up to the second figure.
REDELIVER_FIRST_S, REDELIVER_MAX_S = 0.5, 5.0

Step = Callable[[], Awaitable[object]]  # one write of a decision's delivery, safe to repeat


def _record_key(approval_id: str) -> str:
    return f"approval:{approval_id}"


def _held_key(fingerprint: str) -> str:
    return f"approval:held:{fingerprint}"


def _window_key(fingerprint: str) -> str:
    return f"approval:window:{fingerprint}"


def _requests_key(approval_id: str) -> str:
    return f"approval:requests:{approval_id}"


def _flows_key(approval_id: str) -> str:
    return f"approval:flows:{approval_id}"


def _outcomes_key(approval_id: str) -> str:
    return f"approval:outcomes:{approval_id}"


def _outcome_seal_where(approval_id: str, flow_id: str) -> str:
    return f"{_outcomes_key(approval_id)}:{flow_id}"  # a sealed outcome is good for this approval and flow only


class SharedApprovals:
    shared = True

    def __init__(self, store: SharedState, registry: Registry, seal: Seal) -> None:
        self.store = store
        self.seal = seal  # what this replica reads back must have been written with the fleet's key
        self.registry = registry  # the approvals held here: their flows wait on Pending.done
        self._lost: list[str] = []  # approvals this replica failed closed while unlinked: marked in the store later
        self._tasks: set[asyncio.Task] = set()
        # Told of every expiry this replica wrote to the store (its own deadline, or an overdue approval found by a
        # decision or a listing: its holder may be gone), so the audit index records it here (attack18).
        self.on_expired: Callable[[dict], None] | None = None
        store.subscribe(DECISIONS, self._on_decision)
        store.on_link(self._on_link)

    # ------------------------------------------------------------------ the holder's side

    async def window_for(self, fingerprint: str) -> tuple[float, str, str | None] | None:
        window = self.seal.loads(_window_key(fingerprint), await self.store.get(_window_key(fingerprint)))
        if window is None:
            return None
        left = window["until"] - self.registry.wall()
        if left <= 0:
            return None
        return self.registry.clock() + left, window["id"], window.get("decider")

    async def hold(self, fingerprint: str, requester: str | None, summary: dict,
                   timeout_s: int) -> tuple[Pending, bool]:
        """The approval open for this request anywhere in the fleet, joined; or a new one."""
        if not self.store.linked:
            problem = getattr(self.store, "problem", None)  # the Redis backend says why (TLS, password)
            raise StateUnavailable(f"{self.store.description} is not reachable" + (f" ({problem})" if problem else ""))
        self._forget_settled()
        for _ in range(ID_ATTEMPTS):
            joined = await self._join(fingerprint)
            if joined is not None:
                return joined, True
            record = self._new_record(fingerprint, requester, summary, timeout_s)
            keep_s = timeout_s + KEEP_DECIDED_SECONDS
            raw = self.seal.dumps(_record_key(record["id"]), record)
            # The record first: a replica that finds the held key must find the record it names.
            if not await self.store.put_new(_record_key(record["id"]), raw, keep_s):
                continue  # id taken
            if await self.store.put_new(_held_key(fingerprint), record["id"], timeout_s):
                await self.store.index_add(OPEN, record["id"], record["requested_at"])
                await self.store.increment(_requests_key(record["id"]), keep_s)
                return self._local(record, requests=1), False
            await self.store.delete_if(_record_key(record["id"]), raw)  # lost the race: join
        raise StateUnavailable(f"{self.store.description}: no approval could be opened or joined "
                               f"after {ID_ATTEMPTS} attempts")

    async def _join(self, fingerprint: str) -> Pending | None:
        open_id = await self.store.get(_held_key(fingerprint))
        if open_id is None:
            return None
        record = await self._record(open_id)
        # The held key itself is not sealed: the record it names must be this request's (pointing a risky
        # request at a harmless approval would release it with the harmless one).
        if record is None or record["fingerprint"] != fingerprint or record["state"] != "held" \
                or record["deadline"] <= self.registry.wall():
            await self.store.delete_if(_held_key(fingerprint), open_id)  # stale: its approval is over
            return None
        requests = await self.store.increment(_requests_key(open_id), record["timeout_s"] + KEEP_DECIDED_SECONDS)
        pending = self.registry.approvals.get(open_id)
        if pending is None:
            pending = self._local(record, requests)
            if record["replica"] != self.store.replica:
                # newuser51: the default said "no webhook configured" in this replica's audit record; the
                # replica that opened the approval notified the reviewers, and only it knows how that went.
                pending.notified = {"delivered": None, "error": f"not known here (opened by {record['replica']})"}
        pending.requests = requests
        return pending

    def _new_record(self, fingerprint: str, requester: str | None, summary: dict, timeout_s: int) -> dict:
        now = self.registry.wall()
        return {"id": secrets.token_hex(4), "fingerprint": fingerprint, "requester": requester, "summary": summary,
                "requested_at": now, "deadline": now + timeout_s, "timeout_s": timeout_s, "state": "held",
                "decider": None, "reason": None, "decided_at": None, "window_s": None,
                "replica": self.store.replica}

    def _local(self, record: dict, requests: int) -> Pending:
        left = record["deadline"] - self.registry.wall()
        pending = Pending(record["id"], record["fingerprint"], record["requester"], record["summary"],
                          record["requested_at"], self.registry.clock() + left, record["timeout_s"],
                          requests=requests)
        self.registry.approvals[pending.id] = pending
        return pending

    def _forget_settled(self) -> None:
        for approval_id, pending in list(self.registry.approvals.items()):
            if pending.state != "held" and not pending.flow_ids:
                del self.registry.approvals[approval_id]

    async def waiting_changed(self, pending: Pending) -> None:
        """Tell the fleet which flows wait here (the listing's ``flows``); best effort, it is only shown."""
        try:
            await self.store.hash_put(_flows_key(pending.id), self.store.replica, json.dumps(pending.flow_ids),
                                      pending.timeout_s + KEEP_DECIDED_SECONDS)
        except StateUnavailable:
            pass

    async def report(self, pending: Pending, flow_id: str, outcome: str) -> None:
        """What became of a request held here, for the replica its decision was taken on (polish58): a sealed field
        of ``approval:outcomes:<id>`` per flow (a field written without the fleet's key is not believed: "sent"
        cannot be forged there), kept as long as the approval's record."""
        pending.outcomes[flow_id] = outcome
        where = _outcome_seal_where(pending.id, flow_id)
        await self.store.hash_put(_outcomes_key(pending.id), flow_id,
                                  self.seal.dumps(where, {"outcome": outcome, "replica": self.store.replica}),
                                  pending.timeout_s + KEEP_DECIDED_SECONDS)

    async def reported(self, approval_id: str) -> dict[str, str]:
        """flow id -> outcome, as the replicas holding them reported (this one's own without asking the store)."""
        found: dict[str, str] = {}
        for flow_id, raw in (await self.store.hash_get_all(_outcomes_key(approval_id))).items():
            if not _FLOW_ID.fullmatch(flow_id):  # not a field a replica writes: never named in a log line
                continue
            doc = self.seal.loads(_outcome_seal_where(approval_id, flow_id), raw)
            if doc is not None and isinstance(doc.get("outcome"), str):
                found[flow_id] = doc["outcome"]
        local = self.registry.approvals.get(approval_id)
        return {**found, **(local.outcomes if local is not None else {})}

    async def expire(self, pending: Pending) -> bool:
        """The deadline passed here: expire it in the store, unless a decision got there first. True when this
        replica's expiry is the one that counts (the audit index records it here)."""
        reason = f"no decision within {pending.timeout_s} s"
        record: dict | None
        won = True
        try:
            record = await self._settle_record(pending.id, "expired", None, reason, None)
        except DecisionError:
            won = False
            record = await self._record(pending.id)  # decided a moment ago: that decision stands
        if record is not None and record["state"] != "held":
            self._apply(record)
        else:
            self.registry.expire(pending)
        return won

    # ------------------------------------------------------------------ any replica: decide, list

    async def decide(self, approval_id: str, verdict: str, decider: str, reason: str | None = None,
                     window_s: int | None = None, check_self: bool = True) -> dict:
        if verdict not in ("approve", "deny"):
            raise DecisionError(400, f"unknown verdict {verdict!r}")
        record = await self._record(approval_id)
        if record is None:
            raise DecisionError(404, f"no approval {approval_id!r} (see `exitguard approvals list`)")
        if verdict == "approve" and check_self and record["requester"] and _same(decider, record["requester"]):
            raise DecisionError(403, f"self-approval refused: {decider} made this request; "
                                     "another person must approve it")
        state = "approved" if verdict == "approve" else "denied"
        reason = reason if verdict == "approve" else (reason or "denied by a reviewer")
        decided = await self._compare_and_set(approval_id, state, decider, reason,
                                              window_s if state == "approved" else None)
        # faults48: the compare-and-set won, so the decision is made; what fails from here on (the store hung, the
        # link dropped) is its delivery, not the decision. Before, a failure here answered the decider 503 while the
        # record said approved, and no replica recorded the decision: now the caller records it and is told
        # "delivery pending", and the rest is done again in the background until it goes through.
        problem, undone = await _run(self._bookkeeping(decided))
        # What the decision released, read before anyone hears of it: a holder that heard first has taken its
        # flows off the list already (walk22: approving on r1 what r0 held said "no request waits" as r0 sent it).
        public = await self._public_or_summary(decided, read=problem is None)
        self._apply(decided)  # at once if the flow is held here; the message tells everyone else
        telling = ([self._window_step(decided)] if decided["window_s"] else []) + [self._publish_step(decided)]
        if problem is None:
            problem, telling = await _run(telling)
        if problem is not None:
            self._redeliver(decided, undone + telling, problem)
            public["delivery"] = f"pending: {problem}"
        return public

    async def _compare_and_set(self, approval_id: str, state: str, decider: str | None, reason: str | None,
                               window_s: int | None) -> dict:
        """Compare-and-set the record from ``held``: exactly one decision wins; the loser gets a 409. Nothing else
        is written here: a StateUnavailable from this call means nothing was decided."""
        raw = await self.store.get(_record_key(approval_id))
        record = self.seal.loads(_record_key(approval_id), raw)
        if raw is None or record is None:
            raise DecisionError(404, f"no approval {approval_id!r} (see `exitguard approvals list`)")
        now = self.registry.wall()
        if record["state"] == "held" and record["deadline"] <= now and state != "expired":
            record = await self._settle_record(approval_id, "expired", None,
                                               f"no decision within {record['timeout_s']} s", None)
        if record["state"] != "held":
            raise DecisionError(409, f"approval {approval_id} is already {record['state']}"
                                     + (f" by {record['decider']}" if record.get("decider") else ""))
        decided = {**record, "state": state, "decider": decider, "reason": reason, "decided_at": now,
                   "window_s": window_s}
        if not await self.store.replace(_record_key(approval_id), raw, self.seal.dumps(_record_key(approval_id),
                                                                                       decided)):
            return await self._compare_and_set(approval_id, state, decider, reason, window_s)  # re-read: 409 or retry
        return decided

    async def _settle_record(self, approval_id: str, state: str, decider: str | None, reason: str | None,
                             window_s: int | None) -> dict:
        """An expiry or a loss (nobody decides these): the compare-and-set, then its delivery; an expiry written
        here is reported to ``on_expired`` even when its delivery is still pending (faults48)."""
        decided = await self._compare_and_set(approval_id, state, decider, reason, window_s)
        steps = self._bookkeeping(decided)
        if state in ("expired", "lost"):  # no decider publishes these: requests joined elsewhere must hear it
            steps.append(self._publish_step(decided))
        problem, undone = await _run(steps)
        if problem is not None:
            self._redeliver(decided, undone, problem)
        if state == "expired" and self.on_expired is not None:
            self.on_expired(await self._public_or_summary(decided, read=problem is None))
        return decided

    # ------------------------------------------------------------------ delivery of a decision made

    def _bookkeeping(self, decided: dict) -> list[Step]:
        """After a compare-and-set: the held key goes (a retry opens a new approval), the listing's indexes move.
        Each step is safe to repeat."""
        approval_id, at = decided["id"], decided["decided_at"]
        return [lambda: self.store.delete_if(_held_key(decided["fingerprint"]), approval_id),
                lambda: self.store.index_remove(OPEN, approval_id),
                lambda: self.store.index_add(RECENT, approval_id, at)]

    def _window_step(self, decided: dict) -> Step:
        """``approve --for``: the window, for what is left of it when this step runs (a late write never widens it)."""
        key = _window_key(decided["fingerprint"])
        until = decided["decided_at"] + decided["window_s"]
        window = {"until": until, "id": decided["id"], "decider": decided["decider"]}

        async def put() -> None:
            left = until - self.registry.wall()
            if left > 0:
                await self.store.put(key, self.seal.dumps(key, window), left)
        return put

    def _publish_step(self, decided: dict) -> Step:
        message = self.seal.sealed(DECISIONS, _decision_message(decided))
        return lambda: self.store.publish(DECISIONS, message)  # heard twice is harmless: settle ignores a settled one

    def _redeliver(self, decided: dict, steps: list[Step], problem: str) -> None:
        """Do the steps left again, backing off, until they go through or nobody can use them any more (the
        approval's deadline, by which its holder reads the record itself, and the end of its window)."""
        logger.warning("exitguard: approval %s is %s in %s, but telling the fleet failed (%s); retrying in the "
                       "background", decided["id"], decided["state"], self.store.description, problem)
        useful_until = max(decided["deadline"], decided["decided_at"] + (decided.get("window_s") or 0)) \
            + SWEEP_GRACE_S

        async def again() -> None:
            left, delay = steps, REDELIVER_FIRST_S
            while left and self.registry.wall() < useful_until:
                await asyncio.sleep(delay)
                delay = min(delay * 2, REDELIVER_MAX_S)
                _, left = await _run(left)
            if left:
                logger.warning("exitguard: approval %s: the fleet was never told (%s unreachable); its holder "
                               "reads the record at its deadline", decided["id"], self.store.description)
            else:
                logger.info("exitguard: approval %s: its decision reached the fleet", decided["id"])
        self._spawn(again())

    def _spawn(self, work: Coroutine[object, object, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def stop(self) -> None:
        """Cancel the background work (redeliveries, marking lost approvals): the process stops."""
        tasks, self._tasks = set(self._tasks), set()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _public_or_summary(self, decided: dict, read: bool = True) -> dict:
        """The listing's shape of a decision; without the store's counts when it cannot be read (not read at all
        after a step already failed: each read would wait out its own timeout)."""
        if read:
            try:
                return await self._public(decided)
            except StateUnavailable:
                pass
        local = self.registry.approvals.get(decided["id"])
        return {**decided["summary"], "id": decided["id"], "state": decided["state"],
                "requested_at": utc_iso(decided["requested_at"]),
                "expires_in_s": max(0, round(decided["deadline"] - self.registry.wall())),
                "timeout_s": decided["timeout_s"], "waiting": len(local.flow_ids) if local else None,
                "requests": local.requests if local else None, "flows": list(local.flow_ids) if local else [],
                "decider": decided["decider"], "reason": decided["reason"],
                "notified": dict(local.notified) if local else {"delivered": None, "error": "not known here"},
                "decided_at": utc_iso(decided["decided_at"]) if decided["decided_at"] else None,
                "window_s": decided.get("window_s"), "replica": decided["replica"]}

    async def listing(self, include_decided: bool = False) -> list[dict]:
        ids = await self.store.index_members(OPEN)
        if include_decided:
            ids += [i for i in await self.store.index_members(RECENT) if i not in ids]
        now = self.registry.wall()
        shown = []
        for approval_id, raw in zip(ids, await self.store.get_many([_record_key(i) for i in ids]), strict=True):
            record = self.seal.loads(_record_key(approval_id), raw)
            if record is None:  # its time to live ran out (or the store restarted), or not written by the fleet
                await self.store.index_remove(OPEN, approval_id)
                await self.store.index_remove(RECENT, approval_id)
                continue
            if record["state"] == "held" and record["deadline"] <= now:
                record, _ = await self._expire_overdue(approval_id, record)
            if include_decided or (record["state"] == "held" and record["deadline"] > now):
                shown.append(await self._public(record))
        return sorted(shown, key=lambda p: p["requested_at"])

    async def sweep_overdue(self, grace_s: float = SWEEP_GRACE_S) -> int:
        """Expire every approval still held in the store more than ``grace_s`` past its deadline; how many this
        replica expired. attack19: a listing or a late decision met an orphaned approval (its holder died) only if
        someone listed or decided; otherwise its record ran out with its time to live, in no replica's index. Every
        linked replica calls this every ``SWEEP_EVERY_S``; the grace leaves a living holder's own watch to win."""
        ids = await self.store.index_members(OPEN)
        now = self.registry.wall()
        expired = 0
        for approval_id, raw in zip(ids, await self.store.get_many([_record_key(i) for i in ids]), strict=True):
            record = self.seal.loads(_record_key(approval_id), raw)
            if record is None:  # ran out already (or not the fleet's): out of the index, as a listing does
                await self.store.index_remove(OPEN, approval_id)
                continue
            if record["state"] == "held" and record["deadline"] + grace_s <= now:
                _, won = await self._expire_overdue(approval_id, record)
                expired += won
        return expired

    async def _expire_overdue(self, approval_id: str, record: dict) -> tuple[dict, bool]:
        """attack18: an overdue approval's holder may be gone (a replica stopped with an approval nobody waited for)
        and nobody else would ever write its expiry: expire it here (recorded through on_expired). The record as it
        now stands, and whether this replica's write expired it."""
        try:
            return await self._settle_record(approval_id, "expired", None,
                                             f"no decision within {record['timeout_s']} s", None), True
        except DecisionError:
            return await self._record(approval_id) or record, False  # decided or expired a moment ago

    async def lookup(self, approval_id: str) -> dict | None:
        """One approval as the listing shows it, whatever its state; None once forgotten."""
        record = await self._record(approval_id)
        return await self._public(record) if record is not None else None

    async def _record(self, approval_id: str) -> dict | None:
        return self.seal.loads(_record_key(approval_id), await self.store.get(_record_key(approval_id)))

    async def _public(self, record: dict) -> dict:
        """The same shape as ``Pending.public``, plus the replica that opened it, for the whole fleet."""
        # newuser51: a killed replica's flows stayed in the hash until it expired: the listing said "2 of 2" waiting,
        # `approve` "2 waiting request(s) released" and the audit record "2 waiting" while only one client was left.
        # Its connections died with it, so its flows wait nowhere. (Only shown: nothing is decided on this count.)
        silent = await fleet.gone(self.store) - {self.store.replica}
        flows = []
        for replica, replica_flows in (await self.store.hash_get_all(_flows_key(record["id"]))).items():
            if replica not in silent:
                flows += _flow_ids(replica_flows)
        requests = _count(await self.store.get(_requests_key(record["id"])))
        local = self.registry.approvals.get(record["id"])
        # Only the holder knows whether its webhook went out (or whether one is configured at all): say so, never
        # "sent" (walk22: a fleet with no webhook listed "sent by r0" on every other replica).
        holder = record["replica"] + (", which stopped answering" if record["replica"] in silent else "")
        notified = dict(local.notified) if local else {"delivered": None, "error": f"not known here (held by {holder})"}
        return {**record["summary"], "id": record["id"], "state": record["state"],
                "requested_at": utc_iso(record["requested_at"]),
                "expires_in_s": max(0, round(record["deadline"] - self.registry.wall())),
                "timeout_s": record["timeout_s"], "waiting": len(flows), "requests": requests, "flows": flows,
                "decider": record["decider"], "reason": record["reason"], "notified": notified,
                "decided_at": utc_iso(record["decided_at"]) if record["decided_at"] else None,
                "window_s": record.get("window_s"), "replica": record["replica"],
                "outcomes": outcome_counts((await self.reported(record["id"])).values())}

    # ------------------------------------------------------------------ messages

    def _on_decision(self, message: dict) -> None:
        decided = self.seal.opened(DECISIONS, message)
        if decided is not None:
            self._apply(decided)

    def _apply(self, decided: dict) -> None:
        pending = self.registry.approvals.get(str(decided.get("id")))
        if pending is not None:
            self.registry.settle(pending, decided["state"], decided.get("decider"), decided.get("reason"),
                                 decided.get("decided_at"), decided.get("window_s"))

    def _on_link(self, up: bool) -> None:
        if up:
            if self._lost:
                lost, self._lost = self._lost, []
                self._spawn(self._mark_lost(lost))
            return
        # A decision published while we were not listening is lost: every approval held here fails closed.
        for pending in list(self.registry.approvals.values()):
            if pending.state == "held":
                self.registry.settle(pending, "lost", None, f"{self.store.description} was lost while this "
                                     "request was held", None, None)
                self._lost.append(pending.id)
                logger.warning("exitguard: approval %s failed closed: %s was lost", pending.id,
                               self.store.description)

    async def _mark_lost(self, approval_ids: list[str]) -> None:
        """After a short outage the store still lists them as held: nobody waits here any more, so say so
        (a retry then opens a new approval instead of joining one whose requests were answered 503)."""
        for approval_id in approval_ids:
            try:
                await self._settle_record(approval_id, "lost", None, "the replica holding it lost the state store",
                                          None)
            except (DecisionError, StateUnavailable):
                pass  # gone with a Redis restart, or decided meanwhile: nothing to correct


async def _run(steps: list[Step]) -> tuple[str | None, list[Step]]:
    """Run the steps in order until one fails: why it failed (None: all done) and the steps left, that one first."""
    for done, step in enumerate(steps):
        try:
            await step()
        except StateUnavailable as e:
            return str(e), steps[done:]
    return None, []


def _decision_message(record: dict) -> dict:
    return {key: record[key] for key in ("id", "state", "decider", "reason", "decided_at", "window_s")}


_FLOW_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")


def _flow_ids(raw: str) -> list[str]:
    """One replica's waiting flows as it wrote them (unsealed, only shown): flow ids, anything else dropped."""
    try:
        ids = json.loads(raw)
    except ValueError:
        return []
    return [i for i in ids if isinstance(i, str) and _FLOW_ID.fullmatch(i)] if isinstance(ids, list) else []


def _count(raw: str | None) -> int:
    return int(raw) if raw is not None and raw.isdigit() else 1
