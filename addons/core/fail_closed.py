"""mitmproxy (11 and 12.3 alike): an exception in a hook is logged and the flow continues UNFILTERED. Every
exitguard flow hook goes through this decorator instead, which answers a clear JSON 502 and records the error,
naming the hook that failed (the audit index shows it; the client only learns that inspection failed).
"""

from __future__ import annotations

import functools
import inspect
import logging
import traceback

from mitmproxy import http

from addons.core import metakeys, responses
from addons.detect.rules import RuleError

logger = logging.getLogger(__name__)


def fail_closed(hook):
    @functools.wraps(hook)
    async def wrapper(self, flow: http.HTTPFlow) -> None:
        try:
            result = hook(self, flow)
            if inspect.isawaitable(result):
                await result
        except Exception as e:
            # Log the type and the frames, not str(e): exception text may quote request content. A rule's own
            # error (a regex compiled at its first use that fails: detect/regex_memo.py) names its file, its id and
            # what to do, never content: the operator needs it.
            said = f" ({e})" if isinstance(e, RuleError) else ""
            logger.error("exitguard: %s.%s failed on flow %s with %s%s; blocking it\n%s",
                         type(self).__name__, hook.__name__, flow.id, type(e).__name__, said,
                         "".join(traceback.format_tb(e.__traceback__)))
            reason = f"internal error in {type(self).__name__}.{hook.__name__}"
            metakeys.raise_decision(flow.metadata, "error")
            if flow.live and hook.__name__ == "websocket_message" and flow.websocket is not None:
                # The answer (101) is long gone: a 502 would change nothing and the message would be relayed.
                # Drop it and end the connection (core/compat.py closes a killed WebSocket).
                flow.websocket.messages[-1].drop()
                flow.kill()
            elif flow.live:
                streaming = bool(flow.response and flow.response.stream) or bool(flow.request.stream)
                if streaming:
                    flow.kill()  # the body is already on its way: abort rather than let the rest through
                else:
                    responses.refuse(flow, 502, "exitguard_internal_error",
                                     "the request could not be inspected because of an internal error, so it was "
                                     "blocked.", decision="error")
            flow.metadata[metakeys.REASON] = reason  # last: refuse() writes the client's wording

    return wrapper
