"""Live (open30, attack31): an AWS key behind an escaped escape (`&#92;41 KIA...`, `A&bsol;K...`: HTML gives
`\\41 KIA...`, CSS `AKIA...`) in an HTML style attribute, or (attack31) behind an escape of an escape in a title
attribute (`&amp;#65;KIA...`: HTML escaped twice; `%2541KIA...`: a URL encoded twice; `&amp;#92;41 KIA...`: HTML,
HTML, CSS), posted in a chat message and as a text/html upload,
through a real mitmdump with the bundle and the shipped rules, httpx to a guarded host. Before, both went out as
written. Checked: the upstream got the placeholder in place (the rest byte for byte), and neither the key's body
nor its escaped spelling are in what the client got or any byte the proxy wrote (log, audit index, .mitm)."""

from __future__ import annotations

import json
import re
import time

import pytest

from tests import fakes
from tests.guard.test_attack28_css_identity_escapes_live import CLIENT
from tests.live import harness
from tests.live.harness import run_client

pytestmark = pytest.mark.live

AWS = fakes.aws_key_id(3032)
STYLE, TITLE = '<p style="--note: \'K\'">hello</p>\n', '<p title="K">hello</p>\n'
# spelling -> (the key escaped, the page it sits in at K)
SPELLINGS = {"a decimal entity": ("&#92;41 KIA" + AWS[4:], STYLE),
             "HTML5's named entity": ("A&bsol;K&bsol;IA" + AWS[4:], STYLE),
             "HTML escaped twice": ("&amp;#65;" + AWS[1:], TITLE), "a URL encoded twice": ("%2541" + AWS[1:], TITLE),
             "three levels": ("&amp;#92;41 " + AWS[1:], TITLE)}


def exposed(text: str, escaped: str) -> list[str]:
    return [s for s in (AWS[4:], escaped, json.dumps(escaped)[1:-1]) if s in text]


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_a_key_behind_an_escaped_escape_is_masked_in_place_and_never_recorded(tmp_path, upstream, spelling):
    escaped, page = SPELLINGS[spelling]
    proxy = harness.start_proxy(tmp_path, upstream, "--set", f"exitguard_record_dir={tmp_path / 'rec'}")
    try:
        chat = "why is my page broken:\n" + page.replace("K", escaped)
        client = CLIENT.replace('"text/css"', '"text/html"')
        out = run_client(client, proxy, CHAT=chat, SHEET=page.replace("K", escaped))
        assert out["chat"][0] == 200 and out["sheet"][0] == 200, out
        (sent_chat,) = [r for r in upstream.received if r.path.startswith("/v1/chat")]
        (sent_page,) = [r for r in upstream.received if r.path.startswith("/v1/files")]
        content = json.loads(sent_chat.body)["messages"][0]["content"]
        assert re.sub(r"\[MASKED:aws-access-key-id:[0-9a-f]+\]", "K", content) == chat.replace(escaped, "K")
        assert re.sub(r"\[MASKED:aws-access-key-id:[0-9a-f]+\]", "K", sent_page.body.decode()) == page
        seen = json.dumps([[r.path, r.header_list, r.body.decode("latin-1")] for r in upstream.received])
        assert exposed(seen, escaped) == [] and exposed(json.dumps(out), escaped) == []
        time.sleep(0.5)
        assert proxy.stop() == 0
        written = harness.written(tmp_path / "rec")
        assert written
        assert exposed(written.decode("latin-1") + proxy.log, escaped) == []
    finally:
        proxy.stop()
