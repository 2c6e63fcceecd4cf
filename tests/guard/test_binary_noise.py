"""Audio (and any binary) uploaded to a guarded host: a value its printable strings hold amid random characters is a
chance match, not a finding (detect/noise.py).

Quiet 16-bit PCM (samples of 32-126) reads as UTF-16 text drawn evenly from the 95 printable characters, where the
e-mail address, phone and IP address rules and a password rule's short words find values nobody wrote; a value in a
binary cannot be masked, so transcription uploads were refused 403 (attack21 reported it: 3 of 12 one-second
clips, in a WAV body or in the multipart upload an SDK sends). A key in a clip's metadata, and personal data written
as text into a binary, are still found and refused."""

from __future__ import annotations

import gzip
import io
import random
import string
import struct
import tarfile
import wave
import zipfile
import zlib

import pytest

from addons.core import runtime
from addons.detect.noise import NOISE_DISTINCT, WINDOW, lies_in_noise
from tests import fakes
from tests.guard.support import EMAIL, POLICY, Upstream, exchange, guard_chain, request_flow

LIMIT = 1 << 20
TRANSCRIBE = ("api.openai.com", "/v1/audio/transcriptions")
PRINTABLE = "".join(chr(c) for c in range(32, 127))


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> runtime.Runtime:
    folder = tmp_path_factory.mktemp("binary-noise")
    policy = folder / "policy.yaml"
    policy.write_text(POLICY.split("rules:\n")[0].replace("max_body_bytes: 4096", f"max_body_bytes: {LIMIT}"))
    return runtime.build(str(policy), [str(runtime.DEFAULT_RULES_DIR)], folder / "fingerprint.key")


@pytest.fixture
def chain(shipped):
    with guard_chain(shipped) as tctx:
        yield tctx


def quiet_samples(seed: int, seconds: float = 1.0, rate: int = 16000) -> bytes:
    rng = random.Random(seed)
    return b"".join(struct.pack("<h", rng.randint(32, 126)) for _ in range(int(rate * seconds)))


def wav(samples: bytes, info: bytes = b"") -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(samples)
    data = out.getvalue()
    if not info:
        return data
    chunk = b"LIST" + struct.pack("<I", 4 + 8 + len(info)) + b"INFOICMT" + struct.pack("<I", len(info)) + info
    return b"RIFF" + struct.pack("<I", len(data) - 8 + len(chunk)) + data[8:] + chunk


def multipart(content_type: str, data: bytes) -> tuple[bytes, str]:
    boundary = "exitguard-test-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"note.wav\"\r\n"
            f"Content-Type: {content_type}\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


async def sent(chain, body: bytes, content_type: str):
    flow = request_flow(*TRANSCRIBE, body)
    flow.request.headers["content-type"] = content_type
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    return [r.content for r in upstream.received], flow


@pytest.mark.parametrize("shape", ["wav", "multipart audio/wav", "multipart octet-stream"])
async def test_quiet_audio_clips_are_sent_as_they_are(chain, shape):
    for seed in range(12):  # seeds 0, 2 and 6 were refused before, in each shape
        clip = wav(quiet_samples(seed))
        body, content_type = {"wav": (clip, "audio/wav"),
                              "multipart audio/wav": multipart("audio/wav", clip),
                              "multipart octet-stream": multipart("application/octet-stream", clip)}[shape]
        received, flow = await sent(chain, body, content_type)
        assert received == [body], (seed, flow.response and flow.response.get_text())


@pytest.mark.parametrize("content_type", ["audio/wav", "application/octet-stream"])
async def test_a_key_in_a_clips_metadata_is_refused(chain, content_type):
    key = fakes.github_pat(21)
    clip = wav(quiet_samples(3, seconds=0.25), info=f"uploaded with {key}".encode() + b"\x00")
    received, flow = await sent(chain, clip, content_type)
    assert received == [] and flow.response is not None and flow.response.status_code == 403
    assert key not in flow.response.get_text()


@pytest.mark.parametrize("noise_around", [False, True])
async def test_a_key_amid_noise_is_still_refused(chain, noise_around):
    """Fixed-shape keys are never judged by the noise around them: their shape is their evidence."""
    rng = random.Random(5)
    noise = "".join(rng.choice(PRINTABLE) for _ in range(200)) if noise_around else "x" * 200
    key = fakes.github_pat(22)
    samples = (noise + " " + key + " " + noise).encode("utf-16-le")
    received, flow = await sent(chain, wav(samples), "audio/wav")
    assert received == [] and flow.response is not None and flow.response.status_code == 403


@pytest.mark.parametrize("written", [
    f"contact: {EMAIL}, the account owner for the northwind region; call before noon",
    f'{{"owner":"{EMAIL}","region":"northwind","tier":"gold","seats":12,"renewal":"2027-01-01"}}',
])
async def test_personal_data_written_as_text_into_a_binary_is_still_refused(chain, written):
    filler = bytes(range(256)) * 4  # no printable run of 8
    for blob, content_type in [(filler + written.encode() + filler, "application/octet-stream"),
                               (wav(filler + written.encode("utf-16-le") + filler), "audio/wav")]:
        received, flow = await sent(chain, blob, content_type)
        assert received == [] and flow.response is not None and flow.response.status_code == 403, content_type


def test_noise_is_told_by_how_many_different_characters_surround_a_value():
    rng = random.Random(9)
    reach = WINDOW // 2
    noise, more = ("".join(rng.choice(PRINTABLE) for _ in range(reach)) for _ in range(2))
    value = "dana@northwind.example"
    assert lies_in_noise(noise + value + more, reach, reach + len(value))
    prose = ("the quarterly report for the northwind region was sent to " * 2)[:reach]
    assert not lies_in_noise(prose + value + prose, reach, reach + len(value))
    assert not lies_in_noise(noise[:10] + value + more, 10, 10 + len(value))  # too little on one side to tell
    code = "".join(string.ascii_letters + string.digits)[:NOISE_DISTINCT - 1]
    assert not lies_in_noise((code * 2)[:reach] + value + (code * 2)[:reach], reach, reach + len(value))
    # attack22: the noise must be of the value's own run (runs are joined by line breaks) or line
    assert not lies_in_noise(noise + value + more[:-1] + "\n", reach, reach + len(value))
    assert not lies_in_noise("\n" + noise[1:] + value + more, reach, reach + len(value))


# attack22: ordinary data that made a written value lie "in noise". A random-looking neighbour is no sign of chance
# when it is another string of the binary (its printable runs are joined by line breaks), another line of a text,
# or a whole text inside a compressed part: generated secrets, base64 and tokens are drawn from as many characters
# as noise is.
GENERATED = string.ascii_letters + string.digits + string.punctuation
PASSWORD = "Tr0ub4dor&3horse"


def generated_env(seed: int) -> str:
    rng = random.Random(seed)
    generated = ("".join(rng.choice(GENERATED) for _ in range(64)) for _ in range(2))
    return (f"SESSION_SECRET={next(generated)}\nDB_PASSWORD={PASSWORD}\nADMIN_EMAIL={EMAIL}\n"
            f"SESSION_SECRET_OLD={next(generated)}\n")


def zipped(name: str, text: str, method: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        z.writestr(name, text)
    return out.getvalue()


def tarred(name: str, text: str, mode: str) -> bytes:
    out = io.BytesIO()
    data = text.encode()
    with tarfile.open(fileobj=out, mode=mode) as t:
        info = tarfile.TarInfo(name)
        info.size, info.mtime = len(data), 1_700_000_000
        t.addfile(info, io.BytesIO(data))
    return out.getvalue()


def png_with_text(seed: int, keyword: bytes, text: bytes) -> bytes:
    """A PNG whose tEXt chunk sits between chunks of random-looking (compressed) bytes."""
    rng = random.Random(seed)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 256, 256, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", rng.randbytes(1 << 15)) + chunk(b"tEXt", keyword + b"\x00" + text)
            + chunk(b"IDAT", rng.randbytes(1 << 15)) + chunk(b"IEND", b""))


@pytest.mark.parametrize("shape", ["zip deflated", "zip stored", "tar", "tar.gz", "gzip"])
async def test_a_password_and_an_email_between_generated_secrets_in_an_archived_env_are_refused(chain, shape):
    """A project's .env, archived and uploaded: the lines around DB_PASSWORD and ADMIN_EMAIL hold 64 generated
    characters each, and both values were judged chance matches and sent (zip, tar, gzip alike)."""
    env = generated_env(1)
    body = {"zip deflated": lambda: zipped("app/.env", env, zipfile.ZIP_DEFLATED),
            "zip stored": lambda: zipped("app/.env", env, zipfile.ZIP_STORED),
            "tar": lambda: tarred("app/.env", env, "w"),
            "tar.gz": lambda: tarred("app/.env", env, "w:gz"),
            "gzip": lambda: gzip.compress(env.encode(), mtime=0)}[shape]()
    received, flow = await sent(chain, body, "application/octet-stream")
    assert received == [] and flow.response is not None and flow.response.status_code == 403, shape
    assert PASSWORD not in flow.response.get_text() and EMAIL not in flow.response.get_text()


@pytest.mark.parametrize("seed", range(4))
async def test_an_email_in_an_images_text_chunk_between_compressed_data_is_refused(chain, seed):
    """The printable strings of compressed image data around a short string were read as the noise around it."""
    image = png_with_text(seed, b"Author", EMAIL.encode())
    received, flow = await sent(chain, image, "image/png")
    assert received == [] and flow.response is not None and flow.response.status_code == 403, seed


@pytest.mark.parametrize("shape", ["zip deflated", "tar"])
async def test_an_email_between_random_values_on_one_line_of_an_archived_config_is_refused(chain, shape):
    """One line of JSON, no line break near the value: only because an ASCII run, or a compressed part's whole text,
    is written text (never chance) is the e-mail address not judged by the secrets around it."""
    rng = random.Random(7)
    first, second = ("".join(rng.choice(GENERATED) for _ in range(64)).replace('"', "'").replace("\\", "/")
                     for _ in range(2))
    config = f'{{"nonce":"{first}","admin_email":"{EMAIL}","salt":"{second}"}}'
    body = zipped("config.json", config, zipfile.ZIP_DEFLATED) if shape == "zip deflated" \
        else tarred("config.json", config, "w")
    received, flow = await sent(chain, body, "application/octet-stream")
    assert received == [] and flow.response is not None and flow.response.status_code == 403, shape
