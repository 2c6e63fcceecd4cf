"""No blind spots in request content (issue 13, items 1-5), end to end: real mitmdump + bundle, real clients
(curl, requests, httpx, the openai and anthropic SDKs), the local upstream. Each test checks what the upstream
received, what the client received, and that no recorded byte holds the raw secret."""

from __future__ import annotations

import base64
import codecs
import gzip
import json
import time

import pytest

from tests import fakes
from tests.live import harness
from tests.live.harness import run_client

pytestmark = pytest.mark.live

PAT = fakes.github_pat(31)
AKID = fakes.aws_key_id(32)
OPENAI_KEY = fakes.openai_key(33)
CARD = "4539148803436467"
MASK = "[MASKED:"
ENV = f"GITHUB_TOKEN={PAT}\nAWS_ACCESS_KEY_ID={AKID}\n"


@pytest.fixture(scope="module")
def recorded(tmp_path_factory, upstream_session):
    """One default-policy proxy that records every flow; yields (proxy, record folder)."""
    folder = tmp_path_factory.mktemp("content")
    rec_dir = folder / "rec"
    proxy = harness.start_proxy(folder, upstream_session, "--set", f"exitguard_record_dir={rec_dir}")
    yield proxy, rec_dir
    proxy.stop()


@pytest.fixture
def gwr(recorded, upstream):
    proxy, rec_dir = recorded
    assert proxy.proc.poll() is None, proxy.log
    return proxy, rec_dir


def assert_nowhere(rec_dir, secrets: list[str], flows: int) -> None:
    """Wait for `flows` more index lines than before the test, then look for every secret in every file."""
    deadline = time.monotonic() + 10
    while _index_lines(rec_dir) < flows and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _index_lines(rec_dir) >= flows, "the flows were not recorded"
    blob = b"".join(p.read_bytes() for p in rec_dir.iterdir() if p.is_file())
    for s in secrets:
        for form in {s.encode(), json.dumps(s).encode()[1:-1], s.encode("utf-16-le"),
                     base64.b64encode(s.encode())}:
            assert form not in blob, f"a secret the test sent ({s[:4]}...) is in the recordings"


def _index_lines(rec_dir) -> int:
    if not rec_dir.exists():
        return 0
    return sum(p.read_text().count("\n") for p in rec_dir.glob("*.jsonl"))


def client(code: str, proxy, **env):
    return run_client("import json, base64, os\n" + code, proxy, **env)


# ------------------------------------------------------------------------------ 1. declared binary types


def test_item1_octet_stream_env_upload_with_curl_is_scanned_as_text(gwr, upstream, tmp_path):
    proxy, rec_dir = gwr
    before = _index_lines(rec_dir)
    env_file = tmp_path / ".env"
    env_file.write_bytes(ENV.encode())
    out = harness.curl(proxy, "-H", "Content-Type: application/octet-stream", "--data-binary", f"@{env_file}",
                       "https://uploads.github.com/repos/acme/api/releases/1/assets?name=.env")
    assert out.returncode == 0 and upstream.received, (out.stdout, out.stderr)
    (req,) = upstream.received
    assert PAT.encode() not in req.body and AKID.encode() not in req.body
    assert req.body.startswith(b"GITHUB_TOKEN=[MASKED:github-pat-classic:")
    assert PAT.encode() not in out.stdout
    assert_nowhere(rec_dir, [PAT, AKID], before + 1)


@pytest.mark.parametrize("content_type", ["application/octet-stream", "application/x-protobuf",
                                          "image/png, application/json", None])
def test_item1_utf16_env_under_any_type_is_masked_and_stays_utf16(gwr, upstream, content_type):
    proxy, rec_dir = gwr
    before = _index_lines(rec_dir)
    out = client(f"""
import requests
headers = {{"Content-Type": {content_type!r}}} if {content_type!r} else {{}}
r = requests.post("https://api.openai.com/v1/uploads/raw", data={ENV!r}.encode("utf-16"), headers=headers)
print(json.dumps({{"status": r.status_code, "body": r.text}}))
""", proxy)
    assert out["status"] == 200 and PAT not in out["body"]
    (req,) = upstream.received
    text = req.body.decode("utf-16")
    assert PAT not in text and AKID not in text and text.count(MASK) == 2
    assert_nowhere(rec_dir, [PAT, AKID], before + 1)


def test_item1_secret_in_a_binary_body_blocks_since_it_cannot_be_rewritten(gwr, upstream):
    proxy, rec_dir = gwr
    before = _index_lines(rec_dir)
    out = client(f"""
import httpx
png = b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR\\x00\\x01" + b"tEXt token={PAT}\\x00"
png += "wide {AKID}".encode("utf-16-le") + bytes(range(256))
r = httpx.post("https://api.openai.com/v1/images/edits", content=png, headers={{"Content-Type": "image/png"}})
print(json.dumps({{"status": r.status_code, "body": r.text}}))
""", proxy)
    assert out["status"] == 403 and "cannot be masked safely" in out["body"] and PAT not in out["body"]
    assert upstream.received == []
    assert_nowhere(rec_dir, [PAT, AKID], before + 1)


def test_item1_binary_body_without_secrets_passes_byte_for_byte(gwr, upstream):
    proxy, _ = gwr
    out = client("""
import httpx
blob = bytes(range(256)) * 8
r = httpx.post("https://api.openai.com/v1/audio/transcriptions", content=blob,
               headers={"Content-Type": "audio/wav"})
print(json.dumps({"status": r.status_code}))
""", proxy)
    assert out["status"] == 200
    (req,) = upstream.received
    assert req.body == bytes(range(256)) * 8


def test_item1_quiet_audio_uploaded_with_the_openai_sdk_reaches_the_vendor_whole(gwr, upstream):
    """Quiet 16-bit PCM reads as random UTF-16 text where personal-data and password shapes turn up by chance;
    these clips (seeds 0, 2, 6 of tests/guard/test_binary_noise.py) were refused 403 before detect/noise.py."""
    proxy, _ = gwr
    out = client("""
import io, random, struct, wave
import openai
def clip(seed):
    rng = random.Random(seed)
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1); w.setsampwidth(2); w.setframerate(16000)
        w.writeframes(b"".join(struct.pack("<h", rng.randint(32, 126)) for _ in range(16000)))
    return out.getvalue()
c = openai.OpenAI(api_key="sk-test", base_url="https://api.openai.com/v1", max_retries=0)
sizes = []
for seed in (0, 2, 6):
    data = clip(seed)
    r = c.audio.transcriptions.with_raw_response.create(model="whisper-1", file=("note.wav", data, "audio/wav"))
    sizes.append([r.http_response.status_code, len(data)])
print(json.dumps({"sizes": sizes}))
""", proxy)
    assert [status for status, _ in out["sizes"]] == [200, 200, 200], out
    assert len(upstream.received) == 3
    for req, (_, size) in zip(upstream.received, out["sizes"], strict=True):
        assert req.body.count(b"RIFF") == 1 and len(req.body) > size  # the clip, whole, inside its multipart


def test_item1_written_values_amid_random_looking_neighbours_in_binaries_are_refused(gwr, upstream, tmp_path):
    """attack22: a DB password and an e-mail between lines of generated secrets in a tarred .env (curl), an e-mail
    in a PNG's text chunk between compressed chunks (the openai SDK's file upload) were judged chance matches (noise
    around them) and sent; refused now, and neither the answer nor the record holds them."""
    from tests.guard.test_binary_noise import EMAIL, PASSWORD, generated_env, png_with_text, tarred

    proxy, rec_dir = gwr
    before = _index_lines(rec_dir)
    archive = tmp_path / "app.tar"
    archive.write_bytes(tarred("app/.env", generated_env(1), "w"))
    out = harness.curl(proxy, "-w", "\n%{http_code}", "-H", "Content-Type: application/x-tar",
                       "--data-binary", f"@{archive}", "https://api.openai.com/v1/uploads/x/parts")
    assert out.returncode == 0 and out.stdout.endswith(b"\n403"), out.stdout[-300:]
    assert PASSWORD.encode() not in out.stdout and EMAIL.encode() not in out.stdout
    image = tmp_path / "chart.png"
    image.write_bytes(png_with_text(0, b"Author", EMAIL.encode()))
    result = client(f"""
import openai
c = openai.OpenAI(api_key="sk-test", base_url="https://api.openai.com/v1", max_retries=0)
try:
    c.files.create(file=open({str(image)!r}, "rb"), purpose="vision")
    print(json.dumps({{"status": 200, "body": ""}}))
except openai.APIStatusError as e:
    print(json.dumps({{"status": e.status_code, "body": e.response.text}}))
""", proxy)
    assert result["status"] == 403 and EMAIL not in result["body"], result
    assert upstream.received == []
    assert_nowhere(rec_dir, [PASSWORD, EMAIL], before + 2)


def test_item1_a_password_in_an_array_of_name_value_pairs_is_masked(gwr, upstream):
    """attack22: `Object.entries(process.env)` as JSON (`[["DB_PASSWORD", "..."]]`) went upstream and into the
    record: a value at `[1]` was read after no key. Masked now, in what the vendor got and in the record."""
    proxy, rec_dir = gwr
    before = _index_lines(rec_dir)
    password = "Kestrel#Dune40"
    out = client(f"""
import httpx
r = httpx.post("https://api.openai.com/v1/responses",
               json={{"model": "gpt-4o", "input": [["HOME", "/home/agent"], ["DB_PASSWORD", {password!r}]]}})
print(json.dumps({{"status": r.status_code}}))
""", proxy)
    assert out == {"status": 200}
    (req,) = upstream.received
    assert password.encode() not in req.body and b"[MASKED:" in req.body
    assert json.loads(req.body)["input"][0] == ["HOME", "/home/agent"]
    assert_nowhere(rec_dir, [password], before + 1)


# ------------------------------------------------------------------------------ 2. multipart parts


def test_item2_curl_file_part_with_a_latin1_byte_is_masked(gwr, upstream, tmp_path):
    proxy, rec_dir = gwr
    before = _index_lines(rec_dir)
    env_file = tmp_path / "latin1.env"
    env_file.write_bytes(f"NOTE=caf\xe9\nTOKEN={PAT}\n".encode("latin-1"))
    out = harness.curl(proxy, "-F", "purpose=assistants", "-F", f"file=@{env_file}",
                       "https://api.openai.com/v1/files")
    assert out.returncode == 0, out.stderr
    (req,) = upstream.received
    assert PAT.encode() not in req.body and b"TOKEN=[MASKED:github-pat-classic:" in req.body
    assert b"NOTE=caf\xe9\n" in req.body  # the rest of the part is byte for byte
    assert_nowhere(rec_dir, [PAT], before + 1)


def test_item2_openai_sdk_file_upload_utf16_and_nul_parts(gwr, upstream):
    proxy, rec_dir = gwr
    before = _index_lines(rec_dir)
    out = client(f"""
import openai
c = openai.OpenAI(api_key="sk-test", base_url="https://api.openai.com/v1", max_retries=0)
r = c.files.create(file=("creds.env", {ENV!r}.encode("utf-16"), "application/octet-stream"), purpose="assistants")
ok = r.model_dump().get("echo") is not None
try:
    c.files.create(file=("blob.bin", b"\\x00\\x01" + b"token={PAT}\\x00", "application/vnd.ms-excel"),
                   purpose="assistants")
    print(json.dumps({{"first": ok, "second": "passed"}}))
except openai.APIStatusError as e:
    print(json.dumps({{"first": ok, "second": e.status_code, "message": str(e)}}))
""", proxy)
    assert out["second"] == 403 and PAT not in out["message"]
    (req,) = upstream.received  # the NUL-byte part was blocked: only the UTF-16 upload arrived
    part = req.body.split(b"\r\n\r\n", 2)[2] if req.body.count(b"\r\n\r\n") >= 2 else req.body
    assert "[MASKED:github-pat-classic:".encode("utf-16-le") in req.body and PAT.encode("utf-16-le") not in part
    assert_nowhere(rec_dir, [PAT, AKID], before + 2)


def test_item2_transfer_encoded_parts_are_decoded_masked_and_re_encoded(gwr, upstream):
    proxy, rec_dir = gwr
    before = _index_lines(rec_dir)
    out = client(f"""
import requests, binascii
b = "exitguardB0undary"
body = (f"--{{b}}\\r\\nContent-Disposition: form-data; name=\\"a\\"; filename=\\"a.env\\"\\r\\n"
        f"Content-Transfer-Encoding: base64\\r\\n\\r\\n").encode() + base64.encodebytes({ENV!r}.encode()) + (
        f"\\r\\n--{{b}}\\r\\nContent-Disposition: form-data; name=\\"q\\"\\r\\n"
        f"Content-Transfer-Encoding: quoted-printable\\r\\n\\r\\n").encode() + binascii.b2a_qp(b"key {AKID}") + (
        f"\\r\\n--{{b}}--\\r\\n").encode()
r = requests.post("https://api.anthropic.com/v1/files", data=body,
                  headers={{"Content-Type": f"multipart/form-data; boundary={{b}}"}})
print(json.dumps({{"status": r.status_code}}))
""", proxy)
    assert out["status"] == 200
    (req,) = upstream.received
    b64 = req.body.split(b"base64\r\n\r\n")[1].split(b"\r\n--")[0]
    decoded = base64.b64decode(b64).decode()
    assert PAT not in decoded and AKID not in decoded and decoded.count(MASK) == 2
    assert AKID.encode() not in req.body and b"key [MASKED:aws-access-key-id:" in req.body
    assert_nowhere(rec_dir, [PAT, AKID], before + 1)


@pytest.mark.parametrize("content_type, body", [
    ("multipart/form-data; boundary=one; boundary=two", b"--one\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
     b"x\r\n--two\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\nTOKEN\r\n--two--\r\n--one--\r\n"),
    ("multipart/form-data; boundary=one", b"--one\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
     b"x --one TOKEN\r\n--one--\r\n"),
])
def test_item2_ambiguous_boundaries_are_refused(gwr, upstream, content_type, body):
    proxy, rec_dir = gwr
    before = _index_lines(rec_dir)
    payload = body.replace(b"TOKEN", PAT.encode())
    out = client(f"""
import httpx
r = httpx.post("https://api.openai.com/v1/files", content={payload!r}, headers={{"Content-Type": {content_type!r}}})
print(json.dumps({{"status": r.status_code, "body": r.text}}))
""", proxy)
    assert out["status"] == 400 and "exitguard_ambiguous_body" in out["body"] and PAT not in out["body"]
    assert upstream.received == []
    assert_nowhere(rec_dir, [PAT], before + 1)


# ------------------------------------------------------------------------------ 3. base64


def test_item3_openai_sdk_file_data_and_data_uri_are_decoded_and_re_encoded(gwr, upstream):
    proxy, rec_dir = gwr
    before = _index_lines(rec_dir)
    data = base64.b64encode(ENV.encode()).decode()
    out = client(f"""
import openai
c = openai.OpenAI(api_key="sk-test", base_url="https://api.openai.com/v1", max_retries=0)
r = c.chat.completions.create(model="gpt-4o", messages=[{{"role": "user", "content": [
    {{"type": "text", "text": "read the file"}},
    {{"type": "file", "file": {{"filename": "a.env", "file_data": "data:text/plain;base64,{data}"}}}},
    {{"type": "image_url", "image_url": {{"url": "data:image/png;base64,{data}"}}}}]}}])
print(json.dumps({{"ok": r.choices[0].message.content}}))
""", proxy)
    assert out == {"ok": "ok"}
    (req,) = upstream.received
    parts = req.json()["messages"][0]["content"]
    for url in (parts[1]["file"]["file_data"], parts[2]["image_url"]["url"]):
        header, _, payload = url.partition(",")
        decoded = base64.b64decode(payload).decode()
        assert header.startswith("data:") and PAT not in decoded and decoded.count(MASK) == 2
    assert_nowhere(rec_dir, [PAT, AKID], before + 1)


def test_item3_anthropic_sdk_document_source_and_gemini_inline_data(gwr, upstream):
    proxy, rec_dir = gwr
    before = _index_lines(rec_dir)
    data = base64.b64encode(ENV.encode()).decode()
    out = client(f"""
import anthropic, httpx
c = anthropic.Anthropic(api_key="sk-ant-test", base_url="https://api.anthropic.com", max_retries=0)
m = c.messages.create(model="claude-test", max_tokens=10, messages=[{{"role": "user", "content": [
    {{"type": "document", "source": {{"type": "base64", "media_type": "text/plain", "data": "{data}"}}}},
    {{"type": "text", "text": "summarise"}}]}}])
g = httpx.post("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent",
               json={{"contents": [{{"parts": [{{"inlineData": {{"mimeType": "text/plain", "data": "{data}"}}}}]}}]}})
print(json.dumps({{"anthropic": m.content[0].text, "gemini": g.status_code}}))
""", proxy)
    assert out == {"anthropic": "ok", "gemini": 200}
    first, second = upstream.received
    for payload in (first.json()["messages"][0]["content"][0]["source"]["data"],
                    second.json()["contents"][0]["parts"][0]["inlineData"]["data"]):
        decoded = base64.b64decode(payload).decode()
        assert PAT not in decoded and AKID not in decoded and decoded.count(MASK) == 2
    assert_nowhere(rec_dir, [PAT, AKID], before + 2)


# ------------------------------------------------------------------------------ 4. headers, path, query, cookies


def test_item4_headers_path_query_keys_and_cookies_are_masked(gwr, upstream):
    proxy, rec_dir = gwr
    before = _index_lines(rec_dir)
    out = client(f"""
import httpx
r = httpx.get("https://api.openai.com/v1/models/{PAT}/info?{AKID}&plain=1",
              headers={{"X-Anything": "note {PAT}", "Authorization": "Bearer {OPENAI_KEY}",
                        "Cookie": "session=abc; leak={AKID}"}})
print(json.dumps({{"status": r.status_code, "body": r.text}}))
""", proxy)
    assert out["status"] == 200 and PAT not in out["body"] and AKID not in out["body"]
    (req,) = upstream.received
    path, _, query = req.path.partition("?")
    assert path.startswith("/v1/models/%5BMASKED%3Agithub-pat-classic%3A") and path.endswith("%5D/info")
    assert AKID not in req.path and query.startswith("%5BMASKED%3Aaws-access-key-id%3A") and "plain=1" in query
    headers = {k.lower(): v for k, v in req.headers.items()}
    assert headers["x-anything"].startswith("note [MASKED:github-pat-classic:")
    assert AKID not in headers["cookie"] and headers["cookie"].startswith("session=abc; leak=[MASKED:")
    assert headers["authorization"] == f"Bearer {OPENAI_KEY}"  # the host's own credential: the broker's business
    assert_nowhere(rec_dir, [PAT, AKID], before + 1)


def test_item4_a_foreign_secret_in_the_credential_header_is_masked(gwr, upstream):
    proxy, rec_dir = gwr
    before = _index_lines(rec_dir)
    out = client(f"""
import requests
r = requests.get("https://api.anthropic.com/v1/models", headers={{"x-api-key": "{PAT}"}})
print(json.dumps({{"status": r.status_code}}))
""", proxy)
    assert out["status"] == 200
    (req,) = upstream.received
    assert {k.lower(): v for k, v in req.headers.items()}["x-api-key"].startswith("[MASKED:github-pat-classic:")
    assert_nowhere(rec_dir, [PAT], before + 1)


# ------------------------------------------------------------------------------ 5. smaller evasions


def test_item5_utf16le_json_as_text_plain_and_without_type(gwr, upstream):
    proxy, rec_dir = gwr
    before = _index_lines(rec_dir)
    out = client(f"""
import requests
raw = json.dumps({{"messages": [{{"content": "key {AKID}"}}]}}).encode("utf-16-le")
a = requests.post("https://api.openai.com/v1/chat/completions", data=raw, headers={{"Content-Type": "text/plain"}})
b = requests.post("https://api.openai.com/v1/chat/completions", data=raw, headers={{"Content-Type": ""}})
print(json.dumps([a.status_code, b.status_code]))
""", proxy)
    assert out == [200, 200]
    for req in upstream.received:
        body = json.loads(req.body.decode("utf-16-le"))  # still UTF-16LE JSON
        assert body["messages"][0]["content"].startswith("key [MASKED:aws-access-key-id:")
    assert len(upstream.received) == 2
    assert_nowhere(rec_dir, [AKID], before + 2)


def test_item5_card_as_json_number_and_secret_split_over_two_fields(gwr, upstream):
    proxy, rec_dir = gwr
    before = _index_lines(rec_dir)
    out = client(f"""
import httpx
r = httpx.post("https://api.openai.com/v1/responses",
               content=b'{{"card": {CARD}, "a": "{AKID[:10]}", "b": "{AKID[10:]}"}}',
               headers={{"Content-Type": "application/json"}})
print(json.dumps({{"status": r.status_code, "body": r.text}}))
""", proxy)
    assert out["status"] == 200 and CARD not in out["body"]
    (req,) = upstream.received
    body = req.json()
    assert body["card"].startswith("[MASKED:payment-card:")
    assert body["a"].startswith("[MASKED:aws-access-key-id:") and body["b"] == body["a"]
    assert_nowhere(rec_dir, [CARD, AKID], before + 1)


@pytest.mark.parametrize("disguise", ["zero-width", "homoglyph", "html-entity", "url-encoding"])
def test_item5_disguised_secrets_in_free_text_are_masked_exactly(gwr, upstream, disguise):
    proxy, rec_dir = gwr
    before = _index_lines(rec_dir)
    hidden = {"zero-width": AKID[:4] + "\u200b" + AKID[4:],
              "homoglyph": AKID.replace("A", "\u0410"),
              "html-entity": "&#65;" + AKID[1:],
              "url-encoding": "%41" + AKID[1:]}[disguise]
    _chat_masks_the_key_once(proxy, upstream, hidden)
    assert_nowhere(rec_dir, [AKID, hidden], before + 1)


def _chat_masks_the_key_once(proxy, upstream, hidden: str) -> None:
    """The openai SDK sends "see <hidden> end"; the upstream gets exactly one placeholder where it stood."""
    out = client(f"""
import openai
c = openai.OpenAI(api_key="sk-test", base_url="https://api.openai.com/v1", max_retries=0)
r = c.chat.completions.create(model="gpt-4o", messages=[{{"role": "user", "content": {"see " + hidden + " end"!r}}}])
print(json.dumps({{"ok": r.choices[0].message.content}}))
""", proxy)
    assert out == {"ok": "ok"}
    (req,) = upstream.received
    content = req.json()["messages"][0]["content"]
    assert content.startswith("see [MASKED:aws-access-key-id:") and content.endswith("] end")
    assert content.count(MASK) == 1


# ------------------------------------------------------------------------------ disguises (EVASION.md section 2)


def _b64(text: str | bytes) -> str:
    return base64.b64encode(text.encode() if isinstance(text, str) else text).decode()


LAYERS = {  # name -> (encode, decode)
    "base64 three times": (lambda t: _b64(_b64(_b64(t))),
                           lambda s: base64.b64decode(base64.b64decode(base64.b64decode(s))).decode()),
    "hex": (lambda t: t.encode().hex(), lambda s: bytes.fromhex(s).decode()),
    "base32": (lambda t: base64.b32encode(t.encode()).decode(), lambda s: base64.b32decode(s).decode()),
}


def test_disguise_encoded_layers_are_masked_and_rebuilt_with_curl(gwr, upstream, tmp_path):
    proxy, rec_dir = gwr
    before = _index_lines(rec_dir)
    line = f"GITHUB_TOKEN={PAT}"
    runs = {name: encode(line) for name, (encode, _) in LAYERS.items()}
    body = tmp_path / "body.json"
    body.write_text(json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": f"{name}: {run}"}
                                                                for name, run in runs.items()]}))
    out = harness.curl(proxy, "-w", "\n%{http_code}", "-H", "Content-Type: application/json",
                       "--data-binary", f"@{body}", "https://api.openai.com/v1/chat/completions")
    assert out.returncode == 0 and out.stdout.endswith(b"\n200"), (out.stdout, out.stderr)
    (req,) = upstream.received
    for message, (name, (_, decode)) in zip(req.json()["messages"], LAYERS.items(), strict=True):
        label, _, run = message["content"].partition(": ")
        assert label == name and run != runs[name]
        assert decode(run).startswith("GITHUB_TOKEN=[MASKED:github-pat-classic:")  # rebuilt in the same form
    assert PAT.encode() not in out.stdout
    assert_nowhere(rec_dir, [PAT, *runs.values()], before + 1)


def test_disguise_secret_in_gzip_inside_base64_blocks(gwr, upstream):
    proxy, rec_dir = gwr
    before = _index_lines(rec_dir)
    blob = _b64(gzip.compress(ENV.encode()))
    out = client(f"""
import httpx
r = httpx.post("https://api.openai.com/v1/responses", json={{"model": "gpt-4o", "input": "attached: {blob}"}})
print(json.dumps({{"status": r.status_code, "body": r.text}}))
""", proxy)
    assert out["status"] == 403 and "cannot be masked safely" in out["body"] and "gzip" in out["body"]
    assert upstream.received == []
    assert_nowhere(rec_dir, [PAT, AKID, blob], before + 1)


def test_disguise_keys_split_over_content_parts_and_messages_are_masked(gwr, upstream):
    proxy, rec_dir = gwr
    before = _index_lines(rec_dir)
    out = client(f"""
import openai
c = openai.OpenAI(api_key="sk-test", base_url="https://api.openai.com/v1", max_retries=0)
r = c.chat.completions.create(model="gpt-4o", messages=[
    {{"role": "user", "content": [{{"type": "text", "text": "key {PAT[:12]}"}},
                                  {{"type": "text", "text": "{PAT[12:]} end"}}]}},
    {{"role": "user", "content": "a {AKID[:6]}"}},
    {{"role": "assistant", "content": "{AKID[6:14]}"}},
    {{"role": "user", "content": "{AKID[14:]} b"}}])
print(json.dumps({{"ok": r.choices[0].message.content}}))
""", proxy)
    assert out == {"ok": "ok"}
    (req,) = upstream.received
    messages = req.json()["messages"]
    parts = [p["text"] for p in messages[0]["content"]]
    assert parts[0].startswith("key [MASKED:github-pat-classic:") and parts[1].endswith("] end")
    assert parts[0][len("key "):] == parts[1][:-len(" end")]  # both pieces became the one placeholder
    pieces = [messages[1]["content"][2:], messages[2]["content"], messages[3]["content"][:-2]]
    assert pieces[0].startswith("[MASKED:aws-access-key-id:") and pieces[0] == pieces[1] == pieces[2]
    assert_nowhere(rec_dir, [PAT[:12], PAT[12:], AKID[:6], AKID[6:14], AKID[14:]], before + 1)


SHAPES = {
    "spaced": lambda v: " ".join(v),
    "reversed": lambda v: v[::-1],
    "rot13": lambda v: codecs.encode(v, "rot13"),
    "line break": lambda v: v[:9] + "\n" + v[9:],
    "escaped line break in text": lambda v: v[:9] + "\\n" + v[9:],
    "mathematical bold": lambda v: "".join(chr(0x1D400 + ord(c) - 65) if c.isupper() else
                                           chr(0x1D7CE + ord(c) - 48) if c.isdigit() else c for c in v),
    "cherokee": lambda v: v.translate(str.maketrans("AKE", "\u13aa\u13e6\u13ac")),
    "lisu and coptic": lambda v: v.replace("A", "\ua4ee").replace("I", "\u2c92"),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_disguise_shapes_in_free_text_are_masked_exactly(gwr, upstream, shape):
    proxy, rec_dir = gwr
    before = _index_lines(rec_dir)
    hidden = SHAPES[shape](AKID)
    _chat_masks_the_key_once(proxy, upstream, hidden)
    assert_nowhere(rec_dir, [AKID, hidden], before + 1)


def test_stream_event_stream_header_values_are_masked(gwr, upstream):
    """AWS event-stream headers are text the client reads: a secret in one is masked and the message re-framed."""
    from addons.formats import eventstream

    proxy, rec_dir = gwr
    before = _index_lines(rec_dir)
    path = "/model/m/invoke-with-response-stream"
    payload = json.dumps({"bytes": _b64(json.dumps({"type": "message_stop"})), "p": "abcdefgh"}).encode()
    frame = eventstream.encode([(":event-type", 7, b"chunk"), (":message-type", 7, b"event"),
                                ("x-upstream-note", 7, f"key {PAT}".encode())], payload)
    upstream.route("POST", path, lambda req: harness.Reply(
        200, {"content-type": "application/vnd.amazon.eventstream"}, frame))
    out = client(f"""
import httpx
# httpx's default 5 s read timeout was hit at load 7-9 (1 of 3 runs with fresh interpreters, 2 of 3 forked)
with httpx.stream("POST", "https://bedrock-runtime.us-east-1.amazonaws.com{path}", json={{"prompt": "hi"}},
                  timeout=60) as r:
    body = r.read()
print(json.dumps({{"status": r.status_code, "body": base64.b64encode(body).decode()}}))
""", proxy)
    assert out["status"] == 200
    got = base64.b64decode(out["body"])
    (message,) = eventstream.EventStreamParser().feed(got)  # re-framed, every CRC checks
    assert message.header("x-upstream-note").startswith("key [MASKED:github-pat-classic:")
    assert message.header(":event-type") == "chunk" and message.payload == payload
    assert PAT.encode() not in got and len(upstream.received) == 1
    assert_nowhere(rec_dir, [PAT], before + 1)


def test_compressed_binary_bodies_and_parts_with_a_secret_block(gwr, upstream, tmp_path):
    """gzip of a .env as octet-stream (curl), a zip in a multipart file part (requests): read, found, blocked."""
    import io
    import zipfile

    proxy, rec_dir = gwr
    before = _index_lines(rec_dir)
    packed = tmp_path / "env.gz"
    packed.write_bytes(gzip.compress(ENV.encode()))
    out = harness.curl(proxy, "-w", "\n%{http_code}", "-H", "Content-Type: application/octet-stream",
                       "--data-binary", f"@{packed}", "https://uploads.github.com/repos/acme/api/releases/1/assets")
    assert out.returncode == 0 and out.stdout.endswith(b"\n403") and b"cannot be masked safely" in out.stdout
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("config/.env", ENV)
    zipped = tmp_path / "bundle.zip"
    zipped.write_bytes(archive.getvalue())
    result = client(f"""
import requests
with open({str(zipped)!r}, "rb") as f:
    r = requests.post("https://api.openai.com/v1/files", files={{"file": ("bundle.zip", f, "application/zip")}},
                      data={{"purpose": "assistants"}})
print(json.dumps({{"status": r.status_code, "body": r.text}}))
""", proxy)
    assert result["status"] == 403 and PAT not in result["body"]
    assert upstream.received == []
    assert_nowhere(rec_dir, [PAT, AKID], before + 2)


def test_compressed_binary_body_without_a_secret_passes_byte_for_byte(gwr, upstream):
    proxy, _ = gwr
    packed = gzip.compress(b"just some log lines\n" * 40)
    out = client(f"""
import httpx
r = httpx.post("https://api.openai.com/v1/uploads/x/parts", content={packed!r},
               headers={{"Content-Type": "application/octet-stream"}})
print(json.dumps({{"status": r.status_code}}))
""", proxy)
    assert out == {"status": 200}
    (req,) = upstream.received
    assert req.body == packed


H2_TRAILER_CLIENT = """
import os, socket, ssl, urllib.parse
import h2.config, h2.connection, h2.events

proxy = urllib.parse.urlsplit(os.environ["HTTPS_PROXY"])
sock = socket.create_connection((proxy.hostname, proxy.port), timeout=20)
sock.sendall(b"CONNECT api.openai.com:443 HTTP/1.1\\r\\nHost: api.openai.com:443\\r\\n\\r\\n")
assert b" 200 " in sock.recv(4096)
context = ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
context.set_alpn_protocols(["h2"])
tls = context.wrap_socket(sock, server_hostname="api.openai.com")
assert tls.selected_alpn_protocol() == "h2"
conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
conn.initiate_connection()
body = json.dumps({"model": "gpt-4o", "input": "hello"}).encode()
conn.send_headers(1, [(":method", "POST"), (":path", "/v1/responses"), (":scheme", "https"),
                      (":authority", "api.openai.com"), ("content-type", "application/json"), ("te", "trailers")])
conn.send_data(1, body)
conn.send_headers(1, [("x-checksum-note", TRAILER)], end_stream=True)
tls.sendall(conn.data_to_send())
status, answer, ended = None, b"", False
while not ended:
    data = tls.recv(65536)
    if not data:
        break
    for event in conn.receive_data(data):
        if isinstance(event, h2.events.ResponseReceived):
            status = int(dict(event.headers)[b":status"])
        elif isinstance(event, h2.events.DataReceived):
            answer += event.data
            conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
        elif isinstance(event, (h2.events.StreamEnded, h2.events.StreamReset)):
            ended = True
    tls.sendall(conn.data_to_send())
print(json.dumps({"status": status, "body": answer.decode("utf-8", "replace")}))
"""


@pytest.fixture(scope="module")
def h2_recorded(tmp_path_factory, upstream_session):
    """A recording proxy that speaks HTTP/2 to clients: mitmproxy offers h2 only if the upstream does or it has not
    connected upstream yet; the test upstream speaks HTTP/1.1, so connect lazily (as with api.openai.com)."""
    folder = tmp_path_factory.mktemp("content-h2")
    rec_dir = folder / "rec"
    proxy = harness.start_proxy(folder, upstream_session, "--set", f"exitguard_record_dir={rec_dir}",
                                "--set", "connection_strategy=lazy")
    yield proxy, rec_dir
    proxy.stop()


def test_http2_request_trailer_with_a_secret_is_masked_and_never_reaches_the_upstream(h2_recorded, upstream):
    """The Guard scans HTTP/2 request trailers and masks the value in place. mitmproxy 12.3 cannot pass request
    trailers on to an HTTP/1.1 upstream (the test upstream's protocol; its HTTP/1 client raises "Unexpected event:
    RequestTrailers"), so here the trailer never arrives at all; EVASION.md section 4 says so."""
    proxy, rec_dir = h2_recorded
    before = _index_lines(rec_dir)
    out = client(f"TRAILER = 'note {PAT}'\n" + H2_TRAILER_CLIENT, proxy)
    assert out["status"] is not None and PAT not in out["body"]
    for request in upstream.received:
        assert PAT not in json.dumps(request.headers) and PAT.encode() not in request.body
    assert_nowhere(rec_dir, [PAT], before + 1)
    index = "".join(p.read_text() for p in rec_dir.glob("*.jsonl"))
    assert '"location":"trailer.x-checksum-note","rule":"github-pat-classic"' in index.replace(", ", ",")


STREAM_CLIENT = """
import openai
c = openai.OpenAI(api_key="sk-test", base_url="https://api.openai.com/v1", max_retries=0)
out = {"text": ""}
try:
    for chunk in c.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}],
                                           stream=True):
        for choice in chunk.choices:
            out["text"] += choice.delta.content or ""
    out["ended"] = True
except Exception as e:
    out["error"] = type(e).__name__
print(json.dumps(out))
"""


@pytest.mark.parametrize("shape", ["spaced", "line break", "rot13"])
def test_stream_disguised_key_in_small_deltas_is_masked_whole(gwr, upstream, shape):
    """An answer streaming a spaced-out / line-broken / rot13 key three characters at a time: held back while the
    key could still complete, masked whole; the stream ends normally."""
    from tests.stream import streams as S

    proxy, rec_dir = gwr
    before = _index_lines(rec_dir)
    hidden = SHAPES[shape](AKID)
    text = f"the key: {hidden} done."
    body = S.openai_chat([text[i:i + 3] for i in range(0, len(text), 3)])
    upstream.route("POST", "/v1/chat/completions", lambda req: harness.Reply(
        200, {"content-type": "text/event-stream"}, chunks=((body[i:i + 40], 0.0) for i in range(0, len(body), 40))))
    out = client(STREAM_CLIENT, proxy)
    assert out.get("ended"), out
    assert out["text"].startswith("the key: [MASKED:aws-access-key-id:") and out["text"].endswith("] done.")
    assert_nowhere(rec_dir, [AKID, hidden], before + 1)
