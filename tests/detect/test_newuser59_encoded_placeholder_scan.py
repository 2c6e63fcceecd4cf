"""newuser59: exitguard's own placeholder, percent-encoded as it leaves in a query, is read as a generic secret
after a secret-naming key. An answer that echoes the request URL (a pagination link, an error quoting the URL)
then carries a "secret" in the response: the client gets `[MASKED:generic-secret:...]` over the placeholder the
upstream got, and the index a response finding nobody sent. The record no longer re-masks the request's own path
(addons/audit/scrub.py reads it with placeholders.readable); the engine still does, here."""

import pytest

from addons.detect import Scanner

ENCODED = "%5BMASKED%3Agithub-pat-classic%3A0d9f2a%5D"


@pytest.fixture(scope="module")
def scanner():
    return Scanner.default()


@pytest.mark.xfail(strict=True, reason="the engine skips a placeholder only as written, not percent-encoded "
                                       "(addons/detect, not changed by newuser59: others were changing it)")
@pytest.mark.parametrize("text", [
    f'{{"next": "https://api.example.com/v1/files?token={ENCODED}&page=3"}}',
    f"GET /v1/files?access_token={ENCODED}: 404 not found",
])
def test_an_encoded_placeholder_is_not_a_finding(scanner, text):
    assert scanner.scan(text) == []


def test_the_same_placeholder_as_written_is_not_one(scanner):
    assert scanner.scan("https://api.example.com/v1/files?token=[MASKED:github-pat-classic:0d9f2a]&page=3") == []
