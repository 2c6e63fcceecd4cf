"""A test-only mitmproxy script (attack40): how many wire copies and broker entries the process still holds,
read through mitmweb's command API (``POST /commands/exitguardprobe.counts``). Never part of the bundle."""

import gc
import json

from mitmproxy import command, ctx

from addons.core import wire


class Attack40Probe:
    @command.command("exitguardprobe.counts")
    def counts(self) -> str:
        gc.collect()
        broker = ctx.master.addons.get("credentialinjection")
        return json.dumps({"copies": len(wire._COPIES), "injected": len(broker._injected),
                           "told_intercepted": len(broker._told_intercepted), "websockets": len(broker._websockets)})


addons = [Attack40Probe()]
