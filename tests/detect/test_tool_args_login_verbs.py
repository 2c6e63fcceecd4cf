"""Tool-call arguments whose key names no password (generic-password-tool-argument, addons/detect/tool_call.py), login
verbs in any tense (signs in as U with X), and values people make passwords of (word_1234, words of another script
joined by a symbol): the tuning sets 17 and 18's commonest misses, each positive with a near miss that must stay
silent. Keys, tools, users and values are made up here, unlike the held-out sets'."""

import pytest

from addons.detect import Scanner, tool_call
from tests.detect.shipped import covered, sensitive


@pytest.fixture(scope="module")
def scanner():
    return Scanner.default()


# Each positive, then the near miss an attacker on precision would try: same call, one piece of evidence gone.
PAIRS = [
    # the tool's name says it unlocks: an entry word's value is the password
    ('{"name": "locker_unlock", "arguments": {"locker": "B-7", "keypad": "1", "combo": "Wq8!zLr3pX"}}',
     '{"name": "locker_report", "arguments": {"locker": "B-7", "combo": "Wq8!zLr3pX"}}', "Wq8!zLr3pX"),
    # another argument names the account
    ('{"name": "fetch_mail", "input": {"acct": "r.ilves", "pin": "58210447"}}',
     '{"name": "fetch_mail", "input": {"folder": "inbox", "pin": "58210447"}}', "58210447"),
    # another argument names a password field
    ("Call(name='browser_fill', args={'selector': 'input[type=password]', 'text': 'gorsequillmarten'})",
     "Call(name='browser_fill', args={'selector': 'input[type=search]', 'text': 'gorsequillmarten'})",
     "gorsequillmarten"),
    # a key of typing words alone, beside a password field; `pin_type` names the PIN's kind
    ('{"name": "browser_fill", "arguments": {"selector": "#login input[type=password]", "text_to_type": "Wq8!zLr3pX"}}',
     '{"name": "browser_fill", "arguments": {"selector": "#login input[type=password]", "pin_type": "alphanumeric"}}',
     "Wq8!zLr3pX"),
    # JSON-escaped arguments string, words one blank apart
    ('{"function": {"name": "safe_open", "arguments": "{\\"safe\\": \\"s2\\", \\"magic_words\\": '
     '\\"heron basalt quince\\"}"}}',
     '{"function": {"name": "safe_open", "arguments": "{\\"safe\\": \\"s2\\", \\"magic_words_hint\\": '
     '\\"heron basalt quince\\"}"}}', "heron basalt quince"),
]


@pytest.mark.parametrize("positive, near_miss, password", PAIRS)
def test_an_entry_word_in_a_login_call_gives_the_password(scanner, positive, near_miss, password):
    assert covered(scanner, positive, password), scanner.explain(positive)
    assert not sensitive(scanner, near_miss), scanner.explain(near_miss)


@pytest.mark.parametrize("text", [
    '{"name": "locker_unlock", "arguments": {"locker": "B-7", "combo": "$LOCKER_COMBO"}}',
    '{"name": "locker_unlock", "arguments": {"locker": "B-7", "combo": "[REDACTED]"}}',
    '{"name": "locker_unlock", "arguments": {"locker": "B-7", "combo": "********"}}',
    '{"name": "locker_unlock", "arguments": {"locker": "B-7", "combo": "{{ vault.locker }}"}}',
    '{"name": "locker_unlock", "arguments": {"locker": "B-7", "code": "none"}}',
    '{"name": "run_code", "arguments": {"user": "r.ilves", "code": "print(42)"}}',
    '{"name": "ssh_connect", "arguments": {"host": "h1", "type": "ed25519"}}',
    '{"name": "fetch_mail", "input": {"acct": "r.ilves", "pin_ref": "op://mail/pin"}}',
])
def test_placeholders_and_other_kinds_stay_silent(scanner, text):
    assert not sensitive(scanner, text), scanner.explain(text)


def test_explain_names_the_tool_call_signal(scanner):
    text = '{"name": "locker_unlock", "arguments": {"locker": "B-7", "combo": "Wq8!zLr3pX"}}'
    explained = " ".join(scanner.explain(text))
    assert "a word of the key names what is typed to get in ('combo')" in explained
    assert "the tool's name says it logs in or unlocks ('unlock')" in explained
    assert "Wq8!zLr3pX" not in explained


def test_tool_call_context_reads_name_and_siblings():
    text = '{"name": "vault_open", "arguments": {"who": "r.ilves", "words": "x"}}'
    call = tool_call.context(text, text.index('"words"'), text.index('"x"') + 2)
    assert call is not None and call.tool == "vault_open" and "open" in (call.access or "")
    assert tool_call.context('{"words": "x"}', 1, 14) is None  # no call's arguments before the key


@pytest.mark.parametrize("positive, near_miss, password", [
    # a login verb in any tense or person, `as`, an account's name, then with: a pair like a slash
    ("The nightly job signs in as svc-relay7 with quillmartenfen until we move it.",
     "The nightly job signs in as Maria with quillmartenfen until we move it.", "quillmartenfen"),
    ("yesterday she logged in as r.ilves with Wq8!zLr3pX and it worked",
     "yesterday she logged in as r.ilves with publickey and it worked", "Wq8!zLr3pX"),
    ("replication now authenticates with Wq8!zLr3pX since the upgrade",
     "replication now authenticates with Kerberos5 since the upgrade", "Wq8!zLr3pX"),
])
def test_a_login_verb_in_any_tense_pairs_user_and_password(scanner, positive, near_miss, password):
    assert covered(scanner, positive, password), scanner.explain(positive)
    assert not sensitive(scanner, near_miss), scanner.explain(near_miss)


@pytest.mark.parametrize("positive, near_miss, password", [
    ("the passphrase for the lab box is marten_4471, ok", "the passphrase for the lab box is retry_3, ok",
     "marten_4471"),
    ("the passphrase for the lab box is marten_4471, ok", "the passphrase for the lab box is max_len_4471, ok",
     "marten_4471"),
    ('{"name": "door_unlock", "arguments": {"door": "d1", "code": "лиса_ёлка"}}',
     '{"name": "door_unlock", "arguments": {"door": "d1", "code": "лиса ёлка"}}', "лиса_ёлка"),
])
def test_shapes_people_make_passwords_of(scanner, positive, near_miss, password):
    assert covered(scanner, positive, password), scanner.explain(positive)
    assert not sensitive(scanner, near_miss), scanner.explain(near_miss)


@pytest.mark.parametrize("positive, near_miss, password", [
    # the command after the pipe reads a password from stdin: the echoed value is one
    ("echo 'Kx4!marlPod' | sudo -S -u postgres psql", "echo 'Kx4!marlPod' | sudo -u postgres psql", "Kx4!marlPod"),
    ('echo "r.ilves:fernquaylodge" | sudo chpasswd', 'echo "r.ilves:fernquaylodge" | sudo tee -a users.txt',
     "fernquaylodge"),
    ("echo -n 'tansy moor pelican' | passwd --stdin r.ilves", "echo -n 'tansy moor pelican' | wc -c",
     "tansy moor pelican"),
    ('{"cmd": "printf \'%s\\\\n\' \'Kx4!marlPod\' | podman login -u ci --password-stdin q.test"}',
     '{"cmd": "printf \'%s\\\\n\' \'Kx4!marlPod\' | podman push q.test/app"}', "Kx4!marlPod"),
])
def test_a_value_piped_into_a_stdin_password_reader(scanner, positive, near_miss, password):
    assert covered(scanner, positive, password), scanner.explain(positive)
    assert not sensitive(scanner, near_miss), scanner.explain(near_miss)


@pytest.mark.parametrize("text", [
    'echo "$DB_PW" | sudo -S true',
    "echo $(pass show db) | passwd --stdin r.ilves",
    'echo "r.ilves:$NEW_PW" | chpasswd',
    "echo 'password' | sudo -S ls",
    'echo "r.ilves:[REDACTED]" | chpasswd',
])
def test_variables_and_words_piped_into_a_reader_stay_silent(scanner, text):
    assert not sensitive(scanner, text), scanner.explain(text)


@pytest.mark.parametrize("positive, near_miss, password", [
    # speech turned into text: a filler and its commas are no words between the word and the value
    ("so the login is r.ilves and the password is, um, marten4471, ok?",
     "so the password is, um, something I forgot, marten4471 is the wifi", "marten4471"),
    # digits only, given by a copula or separator: a numeric password; a run of one digit is not
    ("the new passcode for the lab box is 58210447, ok", "the new passcode for the lab box is 11111111, ok",
     "58210447"),
    ("the new passcode for the lab box is 58210447, ok", "the new passcode for the lab box has 58210447 users",
     "58210447"),
])
def test_speech_fillers_and_numeric_passwords(scanner, positive, near_miss, password):
    assert covered(scanner, positive, password), scanner.explain(positive)
    assert not sensitive(scanner, near_miss), scanner.explain(near_miss)


@pytest.mark.parametrize("positive, near_miss, password", [
    # help chat: what was done with the value, and talk of logging in on its line
    ("help, im typing Kx4!marlPod and the vpn says invalid credentials", "help, im typing Kx4!marlPod and nothing "
     "happens in the search box", "Kx4!marlPod"),
    ("the router login wont take 'Kx4!marlPod' since the update", "the router wont take 'Kx4!marlPod' as a name",
     "Kx4!marlPod"),
    ("i paste Kx4!marlPod and it says sign-in id or password incorrect", "i paste node-18 and it says login incorrect",
     "Kx4!marlPod"),
])
def test_entry_verbs_of_help_chat(scanner, positive, near_miss, password):
    assert covered(scanner, positive, password), scanner.explain(positive)
    assert not sensitive(scanner, near_miss), scanner.explain(near_miss)


@pytest.mark.parametrize("positive, near_miss, password", [
    # a clause naming what the password is for, then the copula of its language (Serbian је, Welsh yw)
    ("нова лозинка за r.ilves на серверу је Kx4!marlPod, промени је", "нова лозинка за r.ilves на серверу, "
     "видиш ли Kx4!marlPod у логу и све остало што пише", "Kx4!marlPod"),
])
def test_a_purpose_clause_then_the_copula_of_its_language(scanner, positive, near_miss, password):
    assert covered(scanner, positive, password), scanner.explain(positive)
    assert not sensitive(scanner, near_miss), scanner.explain(near_miss)


def test_printf_repeating_the_password_masks_both_copies(scanner):
    text = "printf 'Kx4!marlPod\\nKx4!marlPod\\n' | sudo smbpasswd -s -a r.ilves"
    values = sensitive(scanner, text)
    assert sum(value.count("Kx4!marlPod") for value in values) == 2, scanner.explain(text)
