import json
import time

import pytest

from addons.identity.oidc import KeySource, OidcError, OidcVerifier
from addons.identity.section import IssuerConfig
from tests.identity.jwtkit import AUDIENCE, ISSUER, JwksServer, rsa_key, sign, write_jwks
from tests.owners import give_to_another_user


@pytest.fixture(scope="module")
def keys():
    return rsa_key("k1"), rsa_key("k2")


@pytest.fixture
def verifier(tmp_path, keys):
    cfg = IssuerConfig(issuer=ISSUER, audiences=(AUDIENCE,), jwks_file=write_jwks(tmp_path / "jwks.json", keys[0]),
                       identity_claim="repository", groups_claim="groups", groups=("ci",),
                       group_map={"repository_owner": {"acme": ("platform",)}}, leeway=30)
    return OidcVerifier((cfg,))


async def test_valid_token_maps_identity_and_groups(verifier, keys):
    token = sign(keys[0], repository="acme/app", repository_owner="acme", groups=["readers"])
    found = await verifier.verify(token)
    assert found.identity == "acme/app"
    assert found.groups == ("ci", "readers", "platform")


@pytest.mark.parametrize("make, why", [
    (lambda k: sign(k[1], repository="x"), "key that issuer"),                 # unknown kid
    (lambda k: sign(k[0], lifetime=-120, repository="x"), "expired"),
    (lambda k: sign(k[0], now=time.time() + 600, repository="x"), "not valid yet"),
    (lambda k: sign(k[0], audience="someone-else", repository="x"), "wrong audience"),
    (lambda k: sign(k[0], issuer="https://evil.test", repository="x"), "wrong issuer"),
    (lambda k: sign(k[0], issuer=[ISSUER], repository="x"), "wrong issuer"),           # not a string
    (lambda k: sign(k[0]), "no 'repository' claim"),
    (lambda k: sign(k[0], exp=None, repository="x"), "no 'exp' claim"),
    # An IdP-issued name with a line feed or an escape would forge log lines and reviewers' terminals.
    (lambda k: sign(k[0], repository="acme/app\nexitguard: approved by admin"), "control characters"),
    (lambda k: sign(k[0], repository="acme/\u202eppa"), "control characters"),
])
async def test_refusals_name_what_was_wrong(verifier, keys, make, why):
    token = make(keys)
    with pytest.raises(OidcError, match=why) as e:
        await verifier.verify(token)
    assert token not in str(e.value)


async def test_wrong_signature(verifier, keys):
    from joserfc import jwt

    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "exp": now + 300, "repository": "x"}
    # Signed by another key while claiming the issuer's kid.
    impostor = jwt.encode({"alg": "RS256", "kid": "k1"}, claims, keys[1])
    with pytest.raises(OidcError, match="wrong signature"):
        await verifier.verify(impostor)
    # A genuine token whose claims were edited afterwards.
    header, _, signature = sign(keys[0], repository="x").split(".")
    edited = sign(keys[1], repository="admin").split(".")[1]
    with pytest.raises(OidcError, match="wrong signature"):
        await verifier.verify(f"{header}.{edited}.{signature}")
    with pytest.raises(OidcError, match="not a JWT"):
        await verifier.verify("not-a-jwt")


async def test_a_group_value_with_control_characters_is_dropped(verifier, keys):
    token = sign(keys[0], repository="acme/app", groups=["readers", "admins\x1b[2K", "ops\n"])
    assert (await verifier.verify(token)).groups == ("ci", "readers")


async def test_leeway_accepts_small_clock_skew(verifier, keys):
    token = sign(keys[0], lifetime=-10, repository="x")  # expired 10 s ago, leeway 30 s
    assert (await verifier.verify(token)).identity == "x"


async def test_required_claims(tmp_path, keys):
    cfg = IssuerConfig(issuer=ISSUER, audiences=(AUDIENCE,), jwks_file=write_jwks(tmp_path / "j.json", keys[0]),
                       require={"repository_owner": ("acme",)})
    v = OidcVerifier((cfg,))
    assert (await v.verify(sign(keys[0], repository_owner="acme"))).identity.startswith("repo:acme")
    with pytest.raises(OidcError, match="repository_owner"):
        await v.verify(sign(keys[0], repository_owner="someone"))


async def test_algorithm_not_allowed(tmp_path, keys):
    cfg = IssuerConfig(issuer=ISSUER, audiences=(AUDIENCE,), jwks_file=write_jwks(tmp_path / "j.json", keys[0]),
                       algorithms=("ES256",))
    with pytest.raises(OidcError, match="algorithm"):
        await OidcVerifier((cfg,)).verify(sign(keys[0]))


async def test_issuer_url_discovery_cache_refresh_and_offline(tmp_path, keys, monkeypatch):
    monkeypatch.setattr("addons.identity.oidc.MIN_REFETCH_INTERVAL", 0.0)
    server = JwksServer()
    try:
        from tests.identity.jwtkit import jwks
        server.doc = jwks(keys[0])
        cfg = IssuerConfig(issuer=server.issuer, audiences=(AUDIENCE,), refresh=60)
        v = OidcVerifier((cfg,), cache_dir=tmp_path)
        assert (await v.verify(sign(keys[0], issuer=server.issuer))).identity
        assert server.fetches == 1
        await v.verify(sign(keys[0], issuer=server.issuer))
        assert server.fetches == 1  # cached
        # Key rotation: an unknown kid triggers a refresh.
        server.doc = jwks(keys[0], keys[1])
        await v.verify(sign(keys[1], issuer=server.issuer))
        assert server.fetches == 2
        # Issuer down: the cached keys keep working, also after a restart (disk cache).
        server.down = True
        # stale (within max_key_age): a refresh is attempted and fails
        v.sources[server.issuer].fetched_at = time.time() - cfg.refresh - 1
        await v.verify(sign(keys[0], issuer=server.issuer))
        restarted = OidcVerifier((cfg,), cache_dir=tmp_path)
        assert (await restarted.verify(sign(keys[1], issuer=server.issuer))).identity
        nothing_cached = OidcVerifier((cfg,), cache_dir=tmp_path / "empty")
        with pytest.raises(OidcError, match="not available"):
            await nothing_cached.verify(sign(keys[0], issuer=server.issuer))
    finally:
        server.close()


async def test_unknown_kid_does_not_hammer_the_issuer(keys):
    calls = []

    def fetch(url):
        calls.append(url)
        from tests.identity.jwtkit import jwks
        return jwks(keys[0])

    cfg = IssuerConfig(issuer="https://issuer.test", audiences=(AUDIENCE,), jwks_uri="https://issuer.test/k")
    v = OidcVerifier((cfg,), fetch=fetch)
    for _ in range(5):
        with pytest.raises(OidcError):
            await v.verify(sign(keys[1]))
    assert len(calls) == 1
    assert isinstance(v.sources[cfg.issuer], KeySource)


async def test_a_link_planted_at_the_jwks_caches_old_temporary_name_is_not_followed(tmp_path, keys):
    # The cache used to be written through `<cache>.tmp` opened O_CREAT|O_TRUNC: a local user who can write the
    # folder points that name at a file of the proxy's user, and the refresh writes the JWKS into it.
    from tests.identity.jwtkit import jwks
    cfg = IssuerConfig(issuer="https://issuer.test", audiences=(AUDIENCE,), jwks_uri="https://issuer.test/k")
    source = KeySource(cfg, tmp_path, fetch=lambda url: jwks(keys[0]))
    victim = tmp_path / "victim.txt"
    victim.write_text("the proxy user's own file\n")
    cache = source._cache_file()
    assert cache is not None
    cache.with_suffix(".tmp").symlink_to(victim)
    await source._refresh()
    assert victim.read_text() == "the proxy user's own file\n"
    assert cache.exists() and not cache.is_symlink() and (cache.stat().st_mode & 0o777) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left
    assert (await OidcVerifier((cfg,), cache_dir=tmp_path,
                               fetch=lambda url: (_ for _ in ()).throw(OSError("down"))).verify(
        sign(keys[0], issuer="https://issuer.test"))).identity  # the cache written is the one read back


@pytest.mark.parametrize("planted_by", ["another user", "a group-writable file"])
async def test_a_jwks_cache_someone_else_could_have_written_is_not_trusted(tmp_path, keys, planted_by,
                                                                            monkeypatch):
    # Keys read from the cache decide whose JWTs pass: a cache whose content another user may have chosen would
    # let them sign their own tokens. It is ignored (and the issuer asked) unless it is private to the proxy.

    from tests.identity.jwtkit import jwks
    cfg = IssuerConfig(issuer="https://issuer.test", audiences=(AUDIENCE,), jwks_uri="https://issuer.test/k")
    cache = KeySource(cfg, tmp_path)._cache_file()
    assert cache is not None
    cache.write_text(json.dumps(jwks(keys[1])))  # the attacker's key
    cache.chmod(0o600)
    if planted_by == "another user":
        give_to_another_user(cache, monkeypatch)
    else:
        cache.chmod(0o666)

    def down(url):
        raise OSError("issuer down")

    with pytest.raises(OidcError, match="not available"):
        await OidcVerifier((cfg,), cache_dir=tmp_path, fetch=down).verify(sign(keys[1], issuer="https://issuer.test"))


async def test_refreshes_racing_on_one_cache_leave_a_whole_file_and_no_temporary_ones(tmp_path, keys):
    import asyncio

    from tests.identity.jwtkit import jwks
    cfg = IssuerConfig(issuer="https://issuer.test", audiences=(AUDIENCE,), jwks_uri="https://issuer.test/k")
    documents = [jwks(keys[0]), jwks(keys[1]), jwks(keys[0], keys[1])]
    sources = [KeySource(cfg, tmp_path, fetch=lambda url, d=d: d) for d in documents * 10]  # replicas, one folder
    await asyncio.gather(*(asyncio.to_thread(s._save_disk_cache, d) for s, d in zip(sources, documents * 10)))
    cache = sources[0]._cache_file()
    assert json.loads(cache.read_text()) in documents  # one writer's whole document, never a mix
    assert [p.name for p in tmp_path.iterdir()] == [cache.name]
