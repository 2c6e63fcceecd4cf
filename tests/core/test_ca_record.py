"""core/ca_record.py (faults49, EVASION.md section 5: "the CA key removed, then a restart"): the record of the CA a
confdir's proxy served with, and the refusal of a start with another one.
Live: tests/core/test_faults48_ca_key_live.py."""

from __future__ import annotations

import hashlib

import pytest

from addons.cli import ca
from addons.core import ca_record

OLD, NEW = hashlib.sha256(b"old CA").digest(), hashlib.sha256(b"new CA").digest()


def test_a_first_start_records_its_ca_and_says_nothing(tmp_path):
    assert ca_record.check(tmp_path, OLD) is None
    record = tmp_path / ca_record.RECORD
    assert record.read_text().splitlines()[0] == OLD.hex()
    assert record.stat().st_mode & 0o777 == 0o600  # the proxy's user's alone, as the rest of the confdir
    assert ca_record.check(tmp_path, OLD) is None  # the same CA again: served


def test_another_ca_is_refused_naming_the_key_and_the_record_every_time(tmp_path):
    ca_record.check(tmp_path, OLD)
    for _ in range(2):  # the refusal changes nothing: the next start is refused too
        changed = ca_record.check(tmp_path, NEW)
        assert changed is not None
        said = changed.message()
        assert str(tmp_path / "mitmproxy-ca.pem") in said and str(tmp_path / ca_record.RECORD) in said
        assert OLD.hex()[:16] in said and NEW.hex()[:16] in said and "missing" in said
    assert (tmp_path / ca_record.RECORD).read_text().startswith(OLD.hex())


def test_removing_the_record_takes_the_new_ca_on_purpose(tmp_path):
    ca_record.check(tmp_path, OLD)
    (tmp_path / ca_record.RECORD).unlink()
    assert ca_record.check(tmp_path, NEW) is None
    assert ca_record.check(tmp_path, OLD) is not None


@pytest.mark.parametrize("content", [b"", b"not a fingerprint\n", b"\xff" * 64])
def test_a_record_that_is_not_one_refuses_rather_than_passes(tmp_path, content):
    (tmp_path / ca_record.RECORD).write_bytes(content)
    changed = ca_record.check(tmp_path, OLD)
    assert changed is not None and "unreadable" in changed.message()


def test_a_directory_at_the_records_name_refuses(tmp_path):
    (tmp_path / ca_record.RECORD).mkdir()
    assert ca_record.check(tmp_path, OLD) is not None


def test_a_record_that_cannot_be_written_is_logged_and_the_start_goes_on(tmp_path, caplog):
    missing = tmp_path / "gone"  # mkstemp fails as in a read-only confdir, where mitmproxy could not make a CA
    assert ca_record.check(missing, OLD) is None
    assert "cannot record the CA" in caplog.text


def test_the_fingerprint_of_a_pem_certificate_is_mitmproxys(tmp_path):
    from mitmproxy import certs

    store = certs.CertStore.from_store(tmp_path, "mitmproxy", 2048)
    pem = (tmp_path / "mitmproxy-ca-cert.pem").read_bytes()
    assert ca_record.cert_fingerprint(pem) == store.default_ca.fingerprint()


def test_exitguard_ca_init_records_a_ca_it_makes_and_leaves_the_record_of_one_it_finds(tmp_path):
    confdir = tmp_path / "conf"
    files, created = ca.init(confdir)
    assert created
    made = ca_record.cert_fingerprint(files.cert.read_bytes())
    assert (confdir / ca_record.RECORD).read_text().startswith(made.hex())  # recorded by init, before any start
    (confdir / ca_record.RECORD).write_text(OLD.hex() + "\n")
    ca.init(confdir)  # the key is there: not a new CA, the record stays as it was
    assert ca_record.check(confdir, made) is not None
