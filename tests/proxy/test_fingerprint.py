import os
import stat

from addons.core.fingerprint import Fingerprinter


def test_key_file_is_created_0600_and_reused(tmp_path):
    path = tmp_path / "sub" / "key"
    a = Fingerprinter.load_or_create(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    b = Fingerprinter.load_or_create(path)
    assert a.digest("s3cret-value") == b.digest("s3cret-value")
    assert len(a.digest("x")) == 16 and a.tag("x") == a.digest("x")[:6]


def test_different_keys_give_different_fingerprints_and_repr_hides_the_key(tmp_path):
    a = Fingerprinter(b"k" * 32)
    b = Fingerprinter(b"j" * 32)
    assert a.digest("value") != b.digest("value")
    assert "k" * 8 not in repr(a)
