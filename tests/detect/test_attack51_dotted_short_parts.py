"""attack51: prose50's token_shape took a dotted token for a generator's output only when one of its parts was long
enough (6+ chars) to change class 5 times on its own. A password cut into short parts by dots (`Tq7v.Lm29.Rx4k`,
`Xc4.mR8.tQW.p3N`) has none, so it was a "dotted code reference" to the prose scorer and the allowlist: `password:
Tq7v.Lm29.Rx4k` was found by nothing (shipped rules), though the same value with hyphens, underscores or one dot
fewer was. The parts are now also judged together (token_shape.JOINT_SHARE); code's short parts are words."""

from __future__ import annotations

import pytest

from addons.detect import Scanner
from addons.detect.token_shape import generated_part

VALUES = ["Tq7v.Lm29.Rx4k", "Xc4.mR8.tQW.p3N", "xc4m.r8tq.wp3n.y7k", "aB3d.eF6h.iJ9k", "Hx8k.Wm3q.Zt9p"]
CARRIERS = ["password: {}", "The new VPN password is {} for now.",
            "Sure, your login is admin and the password is {}."]
CODE = ["settings.auth", "np.float64", "os.path.join", "self.http2Server.getHTTPResponseCode", "Wallet.cfg.Pass9x",
        "utf8.b64.x509", "com.google.android.gms.R.id.btn2", "v1.2.3", "sha256.hexdigest", "ssl.PROTOCOL_TLSv1_2",
        "x509.NameOID.COMMON_NAME", "Qt5.QtWidgets.QApp", "base64.b64encode", "M2Crypto.X509.X509_Name",
        "ctypes.c_uint8.in_dll"]


@pytest.fixture(scope="module")
def scanner():
    return Scanner.default()


@pytest.mark.parametrize("carrier", CARRIERS)
@pytest.mark.parametrize("value", VALUES)
def test_a_password_cut_into_short_dotted_parts_is_found(scanner, value, carrier):
    text = carrier.format(value)
    assert value in [text[f.start:f.end] for f in scanner.scan(text)], text


@pytest.mark.parametrize("reference", CODE)
def test_code_references_with_short_parts_are_no_generator_output(reference):
    assert not generated_part(reference)
