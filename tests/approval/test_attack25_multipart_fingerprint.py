"""Attack25 (the user's side): the real openai SDK draws a new multipart boundary for every attempt of an upload
(captured against a local upstream: ``files.create`` retried three times, three boundaries, the same 281 bytes).

The boundary is in the body the fingerprint hashes and, since attack24, in the Content-Type it counts: a retry of a
held upload never joined its approval (each attempt opened another) and ``approve --for 10m`` never covered the same
file uploaded again. The boundary is now replaced by a fixed one (``rules.canonical_multipart``) at every ``--``
delimiter, so only bodies whose parts are the same bytes at the same places stay one request; the attacker's tries
below (content that holds the other boundary, a one-letter boundary) stay other requests."""

from __future__ import annotations

from addons.approval.rules import request_fingerprint, significant_headers
from tests.approval.support import (
    CODENAME,
    approve_for_a_window,
    assert_rides_the_window,
    chat_flow,
    deny_the_pending,
    start_hold,
)


def upload_body(boundary: str, content: bytes, purpose: bytes = b"assistants") -> bytes:
    b = boundary.encode()
    return (b"--" + b + b'\r\nContent-Disposition: form-data; name="purpose"\r\n\r\n' + purpose + b"\r\n--" + b +
            b'\r\nContent-Disposition: form-data; name="file"; filename="notes.txt"\r\n'
            b"Content-Type: text/plain\r\n\r\n" + content + b"\r\n--" + b + b"--\r\n")


def fp(boundary: str, body: bytes, quoted: bool = False) -> str:
    value = f'"{boundary}"' if quoted else boundary
    headers = [("content-type", f"multipart/form-data; boundary={value}"), ("authorization", "Bearer sk-x")]
    return request_fingerprint("agent", "POST", "api.openai.com", "/v1/files", body,
                               headers=significant_headers(headers))


# Two of the boundaries openai 3.60 sent for one files.create (captured).
SDK_A, SDK_B = "94a116c2ba72367fa2f9f85c701393f1", "4064a22363d8a730dcc52feab45a5d4f"


def test_the_sdks_retry_with_a_new_boundary_is_the_same_request():
    content = f"plan for {CODENAME}\n".encode()
    assert fp(SDK_A, upload_body(SDK_A, content)) == fp(SDK_B, upload_body(SDK_B, content))
    assert fp(SDK_A, upload_body(SDK_A, content)) == fp(SDK_B, upload_body(SDK_B, content), quoted=True)


def test_another_file_or_field_is_another_request():
    assert fp(SDK_A, upload_body(SDK_A, b"one")) != fp(SDK_B, upload_body(SDK_B, b"two"))
    assert fp(SDK_A, upload_body(SDK_A, b"one")) != fp(SDK_B, upload_body(SDK_B, b"one", purpose=b"fine-tune"))


def test_content_that_holds_the_other_requests_boundary_is_another_request():
    """The approved upload carries, inside its file, lines that are delimiters under another boundary: sent with
    that boundary, the same bytes are more parts (another purpose). Never the same request."""
    smuggled = b'x\r\n--zzz\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nfine-tune'
    approved = upload_body(SDK_A, smuggled)
    swapped = approved.replace(SDK_A.encode(), b"zzz")
    assert fp(SDK_A, approved) != fp("zzz", swapped)
    lenient = upload_body(SDK_A, smuggled.replace(b"\r\n--", b"\n--"))  # parsers that split at LF alone
    assert fp(SDK_A, lenient) != fp("zzz", lenient.replace(SDK_A.encode(), b"zzz"))


def test_a_one_letter_boundary_does_not_rename_the_content():
    assert fp("a", upload_body("a", b"cat")) != fp("b", upload_body("b", b"cbt"))


def test_a_body_holding_the_marker_or_two_boundaries_is_hashed_as_sent():
    body = upload_body(SDK_A, b"exitguard\x00boundary")
    assert fp(SDK_A, body) != fp(SDK_B, body.replace(SDK_A.encode(), SDK_B.encode()))
    two = [("content-type", f"multipart/form-data; boundary={SDK_A}; boundary={SDK_B}")]
    one = [("content-type", f"multipart/form-data; boundary={SDK_B}; boundary={SDK_A}")]
    body = upload_body(SDK_A, b"x")
    assert request_fingerprint("a", "POST", "h", "/", body, headers=significant_headers(two)) != \
        request_fingerprint("a", "POST", "h", "/", body, headers=significant_headers(one))


def upload(boundary: str):
    f = chat_flow(identity="agent-7", path="/v1/files")
    f.request.headers["content-type"] = f"multipart/form-data; boundary={boundary}"
    f.request.content = upload_body(boundary, f"plan for {CODENAME}\n".encode())
    return f


async def test_a_window_covers_the_same_upload_sent_again_with_a_new_boundary(ctx_approval):
    _, guard, approval = ctx_approval
    await approve_for_a_window(guard, approval, upload(SDK_A))
    await assert_rides_the_window(guard, approval, upload(SDK_B), "the window did not cover the same upload")


async def test_the_sdks_retry_of_a_held_upload_joins_its_approval(ctx_approval):
    _, guard, approval = ctx_approval
    first = await start_hold(guard, approval, upload(SDK_A))
    second = await start_hold(guard, approval, upload(SDK_B))
    assert len(approval.listing()) == 1, "the retry opened a second approval"
    await deny_the_pending(approval, first, second)
