import random
import re
import string

import pytest

from addons.detect import allowlist, entropy


@pytest.mark.parametrize("alphabet", ["0123456789abcdef", string.ascii_lowercase + string.digits,
                                      string.ascii_letters + string.digits])
@pytest.mark.parametrize("length", [12, 16, 24, 32, 48])
def test_random_tokens_pass_auto_entropy(alphabet, length):
    rng = random.Random(length)
    values = ["".join(rng.choice(alphabet) for _ in range(length)) for _ in range(300)]
    assert sum(entropy.passes(value, "auto") for value in values) >= 0.96 * len(values)


@pytest.mark.parametrize("value", ["xxxxxxxxxxxxxxxxxxxxxxxx", "aaaaaaaabbbbbbbb", "abababababababababab",
                                   "getTokenFromEnvironment"])
def test_low_entropy_values_fail_auto(value):
    assert not entropy.passes(value, "auto")


def test_prefix_is_not_counted_as_randomness():
    assert entropy.random_part("sk_07b34e2ef967c93af10c67a940f18db9") == "07b34e2ef967c93af10c67a940f18db9"
    assert entropy.random_part("short_abc") == "short_abc"


def test_fixed_entropy_threshold():
    assert entropy.passes("aB3dE6gH9jK2mN5p", 3.5) and not entropy.passes("aaaaaaaaaaaaaaab", 3.5)


@pytest.mark.parametrize("value", [
    "YOUR_API_KEY", "sk-xxxxxxxxxxxxxxxxxxxx", "${DB_PASSWORD}", "{{ vault_password }}", "$DB_PASSWORD",
    "os.environ[", "process.env.OPENAI_API_KEY", "<your-key>", "AKIAIOSFODNN7EXAMPLE", "********",
    "[MASKED:openai-api-key:a1b2c3]", "true", "null", "changeme", "%(password)s", "sk-proj-...",
    "000000000000", "1234567890",
])
def test_placeholders_for_every_tier(value):
    assert allowlist.reason(value, "precise") is not None


@pytest.mark.parametrize("value", ["self.password", "get_password()", "/run/secrets/db_password",
                                   "DB_PASSWORD", "userPassword", "https://vault.internal/v1/secret",
                                   "Optional[str]"])
def test_generic_tier_drops_references_paths_and_words(value):
    assert allowlist.reason(value, "generic") is not None
    assert allowlist.reason(value, "precise") is None


@pytest.mark.parametrize("value", ["aB3dE6gH9jK2mN5p", "Tr0ub4dor&3", "q9X2mV7kL4pR8sT1wZ6yB3nC"])
def test_real_looking_secrets_are_kept(value):
    assert allowlist.reason(value, "generic") is None


def test_pii_is_left_to_validators():
    assert allowlist.reason("4111 1111 1111 1111", "precise", "pii") is None


def test_grouped_markers_find_what_the_flat_alternation_finds():
    """MARKERS groups its alternatives by first char for speed: same first hit, same kind, as the plain
    `(?P<placeholder>...)|(?P<reference>...)` alternation of the same markers."""
    flat = re.compile(f"(?P<placeholder>{'|'.join(allowlist.PLACEHOLDER_MARKERS)})"
                      f"|(?P<reference>{'|'.join(allowlist.REFERENCE_MARKERS)})")
    rng = random.Random(3)
    pieces = ["example", "your_key", "<token>", "xxxxxx", "***", "...", "${", "{{", "os.environ", "env[",
              "process.env", "!ref ", "vault:", "secretmanager", "<%", "[masked:", "e", "x", "$", "<", "a", "9"]
    for _ in range(3000):
        value = "".join(rng.choice(pieces + list("abcxyz019._-<>$")) for _ in range(rng.randint(1, 8)))
        expected = flat.search(value)
        found = allowlist.MARKERS.search(value)
        assert (found and found.start()) == (expected and expected.start()), value
        assert allowlist.marker_kind(value) == (expected and expected.lastgroup), value


def _flat_marker_kind(value: str) -> str | None:
    flat = re.compile(f"(?P<placeholder>{'|'.join(allowlist.PLACEHOLDER_MARKERS)})"
                      f"|(?P<reference>{'|'.join(allowlist.REFERENCE_MARKERS)})")
    found = flat.search(value)
    return found and found.lastgroup


def test_token_values_skip_the_marker_search_only_when_no_marker_can_match():
    """fast43: marker_kind answers a token of letters, digits, `-` and `_` holding none of TOKEN_MARKER_WORDS without
    the marker search. Tokens built from every marker word, their near misses and their parts, with random chars,
    separators and non-ASCII letters around them: the same kind as the flat alternation's first hit."""
    assert allowlist.TOKEN_MARKER_WORDS  # the gate is live: a marker without a literal start would switch it off
    rng = random.Random(43)
    pieces = [*allowlist.TOKEN_MARKER_WORDS, "your_k", "your-k", "your k", "yourk", "replace_me", "replace-me",
              "insert_key", "inserttoken", "insertyour", "change-me", "xxxx", "exampl", "placehold", "redacte", "dumm",
              "secretmanage", "envs", "vault", "ssm", "arn", "getenv", "ref", "data", "sub", "é", "ß"]
    alphabet = string.ascii_lowercase + string.digits + "-_"
    for _ in range(6000):
        value = "".join(rng.choice(pieces) if rng.random() < 0.3 else rng.choice(alphabet)
                        for _ in range(rng.randint(1, 12)))
        assert allowlist.marker_kind(value) == _flat_marker_kind(value), value
    tokens = ["sk-proj-" + "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(60))
              for _ in range(200)]
    for value in [*tokens, "ghp_abc", "a-b_c", "-", "_", "", "yourapikey", "db-password-example"]:
        assert allowlist.marker_kind(value) == _flat_marker_kind(value), value


@pytest.mark.parametrize(("pattern", "prefix"), [("example", "example"), (r"your[_\- ]?[a-z]", "your"),
                                                 (r"replace[_-]?me", "replace"), (r"\benv:", "env:"),
                                                 (r"os\.environ", "os.environ"), ("ab?c", "a"), ("ab*", "a"),
                                                 ("ab{2}", "a"), ("ab+", "ab"), (r"\d+x", ""), ("(?:a|b)", ""),
                                                 (r"\[masked:", "[masked:"), ("•••", "•••")])
def test_literal_prefix(pattern, prefix):
    assert allowlist.literal_prefix(pattern) == prefix
    for match in (m for m in (re.match(pattern, prefix + "zz"), ) if m):
        assert match.group().startswith(prefix)


def test_alphanumeric_values_can_only_be_plain_words():
    """_generic_reason decides an alphanumeric value by PLAIN_WORDS alone: no other check can match it."""
    rng = random.Random(5)
    values = ["".join(rng.choice(string.ascii_letters + string.digits) for _ in range(rng.randint(1, 40)))
              for _ in range(2000)] + ["userPassword", "DBPASSWORD", "password", "Optional", "ä1ßé", "x"]
    for value in values:
        assert not (allowlist.URL.fullmatch(value) or allowlist.FILE_PATH.fullmatch(value)
                    or allowlist.CODE_REFERENCE.fullmatch(value) or allowlist.CODE_EXPRESSION.search(value)
                    or allowlist.BARE_PREFIX.fullmatch(value)), value
        expected = "plain word or identifier" if allowlist.PLAIN_WORDS.fullmatch(value) else None
        assert allowlist._generic_reason(value) == expected, value


def _alphabet_by_sets(value: str) -> int:
    """alphabet_size's definition, by sets of chars (what its string-method fast path must agree with)."""
    chars, hexdigits = set(value), set("0123456789abcdefABCDEF")
    if chars <= set(string.digits):
        return 10
    if "-" in chars and chars - {"-"} <= hexdigits and len(chars) > 2:
        return 16
    if chars <= hexdigits and (chars <= set("0123456789abcdef") or chars <= set("0123456789ABCDEF")):
        return 16
    if chars <= set(string.digits + string.ascii_lowercase) or chars <= set(string.digits + string.ascii_uppercase):
        return 36
    if chars <= set(string.digits + string.ascii_letters):
        return 62
    if chars <= set(string.digits + string.ascii_letters + "+/=-_"):
        return 64
    return 94


def test_alphabet_size_is_the_smallest_alphabet_holding_every_char():
    rng = random.Random(5)
    alphabets = ["0123456789", "0123456789abcdef", "0123456789ABCDEF", string.hexdigits, "-0123456789abcdef",
                 string.digits + string.ascii_lowercase, string.digits + string.ascii_uppercase,
                 string.digits + string.ascii_letters, string.digits + string.ascii_letters + "+/=-_",
                 string.printable, "aé²٣Ⅻǅß1", "aA", "ab-"]
    values = ["", "²", "٣", "Ⅻ", "ǅ", "ß", "ﬁ", "abc", "ABC", "aBc", "123", "dead", "DEAD", "DeAd", "a-b-c", "12-34"]
    values += ["".join(rng.choice(a) for _ in range(rng.randint(1, 24))) for a in alphabets for _ in range(400)]
    for value in values:
        assert entropy.alphabet_size(value) == _alphabet_by_sets(value), value
