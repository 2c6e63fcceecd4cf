import json
import os
import stat

import pytest

from addons.identity.tokens import TokenFileError, TokenStore
from tests.owners import give_to_another_user


def test_add_verify_revoke_and_file_holds_no_token(tmp_path):
    path = tmp_path / "tokens.json"
    store = TokenStore(path)
    token = store.add("ci", ["platform", "ci"])
    other = store.add("alice")
    store.save()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    text = path.read_text()
    assert token not in text and token.split("_", 2)[2] not in text  # only salted hashes are stored
    loaded = TokenStore.load(path)
    entry = loaded.verify(token)
    assert (entry.name, entry.groups) == ("ci", ("platform", "ci"))
    assert loaded.verify(other).name == "alice"
    assert loaded.revoke("ci") == 1
    assert loaded.verify(token) is None and loaded.verify(other).name == "alice"


def test_wrong_tokens_are_refused(tmp_path):
    store = TokenStore(tmp_path / "t.json")
    token = store.add("ci")
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    wrong_id = "egt_000000000000_" + token.split("_", 2)[2]
    for bad in (flipped, wrong_id, token + "x", "egt_", "", token.upper()):
        assert store.verify(bad) is None


def test_same_secret_never_hashes_the_same(tmp_path):
    store = TokenStore(tmp_path / "t.json")
    store.add("a")
    store.add("b")
    salts = {e.salt for e in store.list()}
    assert len(salts) == 2


def test_loose_permissions_and_broken_files_are_refused(tmp_path):
    path = tmp_path / "t.json"
    store = TokenStore(path)
    store.add("ci")
    store.save()
    os.chmod(path, 0o644)
    with pytest.raises(TokenFileError, match="chmod 600"):
        TokenStore.load(path)
    os.chmod(path, 0o600)
    path.write_text("{not json")
    with pytest.raises(TokenFileError, match="not a valid exitguard token file"):
        TokenStore.load(path)
    path.write_text(json.dumps({"version": 2, "tokens": []}))
    with pytest.raises(TokenFileError):
        TokenStore.load(path)
    with pytest.raises(TokenFileError, match="not found"):
        TokenStore.load(tmp_path / "missing.json")


def test_bad_names_and_groups(tmp_path):
    store = TokenStore(tmp_path / "t.json")
    with pytest.raises(ValueError):
        store.add("has space")
    with pytest.raises(ValueError):
        store.add("ok", ["bad,group"])


def test_token_cli_prints_token_once(tmp_path, capsys):
    from addons.cli import main as cli

    path = tmp_path / "t.json"
    assert cli.main(["token", "--file", str(path), "add", "ci", "--groups", "platform,ci"]) == 0
    token = capsys.readouterr().out.strip()
    assert TokenStore.load(path).verify(token).groups == ("platform", "ci")
    assert cli.main(["token", "--file", str(path), "list"]) == 0
    listed = capsys.readouterr().out
    assert "ci\tplatform,ci" in listed and token not in listed
    assert cli.main(["token", "--file", str(path), "revoke", "ci"]) == 0
    assert TokenStore.load(path).verify(token) is None
    assert cli.main(["token", "--file", str(path), "revoke", "ci"]) == 2  # an unknown name is an input error


def test_every_issued_token_is_found_bare_by_the_shipped_rule(tmp_path):
    # A token pasted without a context word ("egt_..." alone, or ending in "-" / "_", which defeat a \b) was found
    # by no rule; the generic ones need `NAME=` or a URL's user:password around it.
    from addons.detect import Scanner
    scanner = Scanner.default()
    store = TokenStore(tmp_path / "tokens.json")
    tokens = [store.add(f"agent-{i}") for i in range(16)]
    tokens += ["egt_3a8f506b4092_" + "HUvTCQCyEZDz_TddJ8HyS5SUkCnD8zRA9a9SkpXz9w" + end for end in "-_"]
    for token in tokens:
        for text in (token, f"why is {token} refused?", f"http://agent:{token}@exitguard:8080"):
            [found] = scanner.scan(text)
            assert (found.rule_id, text[found.start:found.end], found.tier) == \
                ("exitguard-proxy-token", token, "precise"), text


def test_a_token_file_is_a_secret_file_link_fifo_and_owner_checked(tmp_path, monkeypatch):
    # Read like every secret file (core/secretfile.py): before, a FIFO at the path hung start-up (and the reload
    # every second) waiting for a writer, and a file of another user, who chose who may pass, was trusted.
    path = tmp_path / "t.json"
    store = TokenStore(path)
    token = store.add("ci")
    store.save()
    (tmp_path / "link").symlink_to(path)
    assert TokenStore.load(tmp_path / "link").verify(token).name == "ci"  # a Kubernetes Secret is a link
    os.mkfifo(tmp_path / "fifo", 0o600)
    with pytest.raises(TokenFileError, match="not a regular file"):
        TokenStore.load(tmp_path / "fifo")
    owner = give_to_another_user(path, monkeypatch)
    with pytest.raises(TokenFileError, match=f"owned by uid {owner}"):
        TokenStore.load(path)
