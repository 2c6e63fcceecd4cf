"""What a client controls in its connections reached the recording raw: the TLS server name (SNI), the ALPN
protocols it offers (any bytes, up to 255 each: mitmproxy offers them upstream, and the upstream may pick one),
the CONNECT target (the server connection's address: the record masked the request's host, not this), and
mitmproxy's connection errors, which quote the server name. The record's scrub did not look at connections at
all (the copy shares them with the live flow); the index's `claimed_hosts` was masked."""

from __future__ import annotations

from mitmproxy import certs
from mitmproxy.test import tflow

from addons.audit import index as auditlog
from addons.audit.recorder import read_flow_at
from addons.core import metakeys
from tests.audit import fakes


def every_byte_written(folder) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file())


def the_recorded_flow(folder):
    [(_, _, rec)] = [r for r in auditlog.read_records(auditlog.index_files(folder)) if r[2].get("event") == "flow"]
    return read_flow_at(folder / rec["file"], rec["offset"])


async def test_a_value_in_the_client_hello_or_connect_target_never_reaches_the_record(addon, tmp_path):
    sni_key, target_key, alpn_token, alpn_key = (fakes.aws_key_id(), fakes.aws_key_id(), fakes.github_token(),
                                                 fakes.aws_key_id())
    f = tflow.tflow(resp=True)
    f.request.host = "unlisted.example"
    f.client_conn.sni = f"{sni_key}.unlisted.example"
    f.client_conn.alpn_offers = [alpn_token.encode(), b"x " + alpn_key.encode(), b"http/1.1"]
    f.client_conn.alpn = alpn_token.encode()
    f.client_conn.error = f"The client does not trust the proxy's certificate for {sni_key}.unlisted.example"
    _, made_for_the_name = certs.create_ca(f.client_conn.sni, "made by the proxy for the name", 2048)
    f.client_conn.mitmcert = certs.Cert(made_for_the_name)
    f.server_conn.address = (f"{target_key}.unlisted.example", 443)
    f.server_conn.sni = f.client_conn.sni
    f.server_conn.alpn_offers = list(f.client_conn.alpn_offers)
    f.metadata.update({metakeys.HOST_CLASS: "observe", metakeys.DECISION: "allow"})
    await addon.response(f)
    folder = tmp_path / "rec"
    written = every_byte_written(folder)
    for value in (sni_key, target_key, alpn_token, alpn_key):
        assert value.encode() not in written
    back = the_recorded_flow(folder)
    assert back.client_conn.sni.startswith("[MASKED:aws-access-key-id:")
    assert back.server_conn.address[0].startswith("[MASKED:aws-access-key-id:")
    assert back.client_conn.alpn_offers[2] == b"http/1.1"  # what is no value stays
    assert back.client_conn.mitmcert is None  # made for the name the client gave: it carries it
    # the live flow's connections are left as they were (the copy shares nothing it changes)
    assert f.client_conn.sni == f"{sni_key}.unlisted.example" and f.server_conn.address[0].startswith(target_key)


async def test_a_lower_cased_value_in_the_server_name_or_connect_target_never_reaches_the_record(addon, tmp_path):
    """attack26: names are read upper-cased too where exitguard writes them (attack10: `outside.safe_host`), but the
    record's connections were scanned as written; a lower-cased AWS key id is no value to the engine, so an SNI
    `akia....example` (a reverse or transparent listener's TLS or QUIC client, or a tunnel whose SNI disagrees with
    its CONNECT: refused 421) and such a CONNECT target went into the .mitm raw."""
    sni_key, target_key = fakes.aws_key_id(), fakes.aws_key_id()
    f = tflow.tflow(resp=True)
    f.request.host = "unlisted.example"
    f.client_conn.sni = f"{sni_key.lower()}.unlisted.example"
    f.server_conn.address = (f"{target_key.lower()}.unlisted.example", 443)
    f.server_conn.sni = f.client_conn.sni
    f.metadata.update({metakeys.HOST_CLASS: "observe", metakeys.DECISION: "allow"})
    await addon.response(f)
    folder = tmp_path / "rec"
    written = every_byte_written(folder)
    for value in (sni_key.lower(), target_key.lower()):
        assert value.encode() not in written
    back = the_recorded_flow(folder)
    assert back.client_conn.sni.startswith("[MASKED:aws-access-key-id:") and back.client_conn.sni.endswith(
        ".unlisted.example")
    assert back.server_conn.address[0].startswith("[MASKED:aws-access-key-id:")


async def test_plain_connections_are_recorded_as_they_are(addon, tmp_path):
    f = tflow.tflow(resp=True)
    f.client_conn.sni = "api.openai.com"
    f.client_conn.alpn_offers = [b"h2", b"http/1.1"]
    f.metadata.update({metakeys.HOST_CLASS: "observe", metakeys.DECISION: "allow"})
    await addon.response(f)
    back = the_recorded_flow(tmp_path / "rec")
    assert back.client_conn.get_state() == f.client_conn.get_state()
    assert back.server_conn.get_state() == f.server_conn.get_state()


def _certificate_naming(name: str, organization: str):
    """A self-signed certificate whose subject and SAN carry ``name`` and ``organization`` (what a server, or a
    client offering a client certificate, may put there). Deterministic (an Ed25519 key derived from the names,
    fixed serial and dates; Ed25519 signatures are deterministic): random key bytes read as Latin-1 make a
    prose-password finding in about one certificate in a thousand, which would make these tests flaky."""
    import datetime
    import hashlib

    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ed25519
    from cryptography.x509.oid import NameOID

    seed = hashlib.sha256(f"{name}|{organization}".encode()).digest()
    key = ed25519.Ed25519PrivateKey.from_private_bytes(seed)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization)])
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(int.from_bytes(seed[:8], "big")).not_valid_before(start)
            .not_valid_after(start + datetime.timedelta(days=3650))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
            .sign(key, None))
    return certs.Cert(cert)


def _der_of(cert) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return cert.to_cryptography().public_bytes(serialization.Encoding.DER)


async def test_a_value_in_a_certificate_of_either_side_never_reaches_the_record(addon, tmp_path):
    """Session 11: the server's certificate chain (what an upstream of the agent's choosing presents) and a client
    certificate (the agent's own, when the proxy asks for one) were recorded as received: a key in a subject or a
    SAN went into the .mitm (as PEM, so base64 of the raw bytes) and `mitmdump -nr` showed it. Certificates
    cannot be masked and stay certificates; one that holds a detected value is not kept, and the record says so
    with each one's SHA-256."""
    server_key, client_token = fakes.aws_key_id(), fakes.github_token()
    f = tflow.tflow(resp=True)
    f.request.host = "unlisted.example"
    leaf = _certificate_naming(f"{server_key.lower()}.unlisted.example", "Unlisted Ltd")
    clean_root = _certificate_naming("root.unlisted.example", "Unlisted Ltd")
    f.server_conn.certificate_list = [leaf, clean_root]
    f.client_conn.certificate_list = [_certificate_naming("agent.internal", client_token)]
    f.metadata.update({metakeys.HOST_CLASS: "observe", metakeys.DECISION: "allow"})
    await addon.response(f)
    folder = tmp_path / "rec"
    back = the_recorded_flow(folder)
    recorded = [*back.server_conn.certificate_list, *back.client_conn.certificate_list]
    for value in (server_key, server_key.lower(), client_token):
        assert value.encode() not in every_byte_written(folder)
        assert all(value.encode() not in _der_of(cert) for cert in recorded)
    assert back.server_conn.certificate_list == [] and back.client_conn.certificate_list == []
    [note] = [c for c in back.metadata[metakeys.COVERAGE] if "certificate" in c.get("reason", "")]
    assert note["certificates"] == sorted({f"sha256:{c.fingerprint().hex()}" for c in
                                          (leaf, clean_root, *f.client_conn.certificate_list)})
    [(_, _, rec)] = [r for r in auditlog.read_records(auditlog.index_files(folder)) if r[2].get("event") == "flow"]
    assert any("certificate" in c.get("reason", "") for c in rec["coverage"])
    # the live flow keeps what it was given
    assert f.server_conn.certificate_list == [leaf, clean_root]


async def test_clean_certificates_are_recorded_as_they_are(addon, tmp_path):
    f = tflow.tflow(resp=True)
    chain = [_certificate_naming("api.openai.com", "OpenAI"), _certificate_naming("ca.example.net", "Some CA")]
    f.server_conn.certificate_list = list(chain)
    f.metadata.update({metakeys.HOST_CLASS: "observe", metakeys.DECISION: "allow"})
    await addon.response(f)
    back = the_recorded_flow(tmp_path / "rec")
    assert back.server_conn.certificate_list == chain
    assert not [c for c in back.metadata.get(metakeys.COVERAGE, []) if "certificate" in c.get("reason", "")]


def _certificate_with_wide_strings(value: str):
    """A certificate whose organization is a BMPString (UTF-16BE) and whose unit a UniversalString (UTF-32BE): the
    two X.509 string types that are not one byte a character."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.name import _ASN1Type
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "wide.unlisted.example"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, value, _type=_ASN1Type.BMPString),
                         x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, value,
                                            _type=_ASN1Type.UniversalString)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + datetime.timedelta(days=1)).sign(key, hashes.SHA256()))
    return certs.Cert(cert)


async def test_a_value_in_a_wide_certificate_string_never_reaches_the_record(addon, tmp_path):
    """Attack14: the certificate scan read the DER as Latin-1, one byte a character; a BMPString or UniversalString
    attribute reads as the key with NULs between its letters, which no rule matches: the chain was kept, and the
    record held the key (UTF-16BE / UTF-32BE inside the PEM's DER), shown by ``mitmdump -nr`` as the subject."""
    key = fakes.github_token()
    f = tflow.tflow(resp=True)
    f.request.host = "unlisted.example"
    wide = _certificate_with_wide_strings(key)
    f.server_conn.certificate_list = [wide]
    f.metadata.update({metakeys.HOST_CLASS: "observe", metakeys.DECISION: "allow"})
    await addon.response(f)
    back = the_recorded_flow(tmp_path / "rec")
    assert back.server_conn.certificate_list == []
    for cert in back.server_conn.certificate_list:
        assert key.encode("utf-16-be") not in _der_of(cert)


async def test_a_value_right_after_an_alphanumeric_length_byte_never_reaches_the_record(addon, tmp_path):
    """Attack14: read whole, a string value follows its DER length byte; 51 characters are 0x33, the digit 3, so a
    key at its start touched a word character and rules that start at a word boundary missed it."""
    key = fakes.github_token()
    organization = key + " Widgets Co"
    assert chr(len(organization)).isalnum()
    f = tflow.tflow(resp=True)
    f.request.host = "unlisted.example"
    f.server_conn.certificate_list = [_certificate_naming("plain.unlisted.example", organization)]
    f.metadata.update({metakeys.HOST_CLASS: "observe", metakeys.DECISION: "allow"})
    await addon.response(f)
    assert key.encode() not in every_byte_written(tmp_path / "rec")
    assert the_recorded_flow(tmp_path / "rec").server_conn.certificate_list == []
