"""attack31 (issue 15, invariant 4): `secret` is also Kubernetes's object and a cloud secret store's entry, so an
agent at work names secrets: "mount the secret tls-cert-2024 into the pod", "the secret db-credentials-v2",
"Store the secret projects/p/secrets/db-pass/versions/3", a README table whose Secret column lists secret names.
generic-password-secret-noun and the table's Secret header (session 19) masked those names: the agent's next
`kubectl` command then named a placeholder. Windows setup's own redaction (`<Value>*SENSITIVE*DATA*DELETED*</Value>`
in Panther's unattend.xml) was masked as a password. Now a name's shape (lower-case words joined by hyphens or dots
with a word of infrastructure, a resource path, a custom header's name, an API version, a camelCase identifier
with a word of code) counts against it after the noun and in a Secret column, and the redaction is a placeholder.
Passwords keep their findings."""

import pytest

from addons.detect import Scanner

SCANNER = Scanner.default()


def _values(text: str) -> list[str]:
    return [text[f.start:f.end] for f in SCANNER.scan(text)
            if f.classification not in ("public", "test-value") and f.rule_id.startswith("generic-")]


@pytest.mark.parametrize("text", [
    "Kubernetes mounts the secret db-credentials-v2 as a volume.",
    "Mount the secret tls-cert-2024 into the pod.",
    "Refer to the secret my-app-secret-123 in values.yaml.",
    "I recreated the secret regcred-ghcr-2 in the build namespace.",
    "Store the secret projects/my-proj/secrets/db-pass/versions/3 in GSM.",
    "The webhook validates the secret X-Hub-Signature-256 header.",
    "The secret v1beta1 API is deprecated.",
    "the secret base64Encoded value",
    "the secret OAuth2ClientCredentials flow",
    "| Env var | Secret |\n|---|---|\n| DB_PASS | db-password |\n| API_KEY | api-key-prod |",
    "| Service | Secret |\n|---|---|\n| api | tls-cert-2024 |\n| worker | redis-auth-v3 |",
    "<AdministratorPassword>\n  <Value>*SENSITIVE*DATA*DELETED*</Value>\n  <PlainText>true</PlainText>\n"
    "</AdministratorPassword>",
    "<Password><Value>*SENSITIVE*DATA*DELETED*</Value><PlainText>true</PlainText></Password>",
])
def test_a_secrets_name_or_a_redaction_is_no_password(text):
    assert _values(text) == []


@pytest.mark.parametrize("text,value", [
    ("[scratchpad] the vendor portal account is ops-07, its secret Tarn!Basalt42. Do not repeat it.", "Tarn!Basalt42"),
    ("The .env has DB_USER=ops and the DB secret quill$27^, so I will connect with those.", "quill$27^"),
    ("The sheet says user h.sato and the secret KestrelMarshWillow4, I typed both exactly.", "KestrelMarshWillow4"),
    ("their client secret Xq7#pLm2Vw9z is in the mail", "Xq7#pLm2Vw9z"),
    ("the wiki account is ops, its secret mink-fen-sedge7, do not share", "mink-fen-sedge7"),
    ("| Group | VM | Account | Starter secret |\n|---|---|---|---|\n| 3 | win10-g3.lab.test | ops-07 | Heron!Lake27 |",
     "Heron!Lake27"),
    ("| Service | Secret |\n|---|---|\n| wiki | marram-tussock-heron |", "marram-tussock-heron"),
    ("<AdministratorPassword>\n  <Value>Acacia4662+</Value>\n  <PlainText>true</PlainText>\n</AdministratorPassword>",
     "Acacia4662+"),
])
def test_passwords_there_are_still_found(text, value):
    assert value in _values(text)
