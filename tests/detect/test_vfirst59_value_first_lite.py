"""vfirst59: the value before its word, shipped where it costs clean code nothing (rules/value-first.yaml, rule
generic-password-value-first-lite). The opt-in rule (rules/opt-in/value-first.yaml) starts its regex at every
`password`, `pwd` or `pin` (clean code 80 -> 46 MB/s); this one starts it at the words rare in code (other scripts'
marked words, Turkish şifre, the table's Latin words) and at the common words only in a prose shape (`is my password`,
`as the PIN`, `ko password`). The sentences are written here, none taken from an eval set; every positive failed on
main c79445d with the shipped rules (the rule was opt-in), the look-alikes pass both ways."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from addons.detect import Scanner, prefilter, rules, word_table
from addons.detect.scanner import default_rules_dir

from .shipped import covered, sensitive

ROOT = Path(__file__).resolve().parents[2]
SCANNER = Scanner.default()
RULE = "generic-password-value-first-lite"
OPT_IN_RULE = "generic-password-value-first"
LITE = ROOT / "rules" / "value-first.yaml"

# (family, sentence, value): one chat line each, the value before its word, as a native writer links them
POSITIVES = [
    # the marked words of other scripts (the first stage sees their first two letters as \x01\x02)
    ("other scripts", "Depo-kamera için Kumo#5120をパスワードにしました", "Kumo#5120"),
    ("other scripts", "와이파이는 Hangang!27을 비밀번호로 바꿨어요", "Hangang!27"),
    ("other scripts", "新路由器 Xiamen_905 是密码", "Xiamen_905"),
    ("other scripts", "गोदाम का Ganga#7731 मेरा पासवर्ड है", "Ganga#7731"),
    ("other scripts", "Склад: Volga_4482 — мой пароль от камеры", "Volga_4482"),
    ("other scripts", "Nil#40512 هي كلمة المرور للكاميرا", "Nil#40512"),
    # Turkish şifre (Hyperscan reads ş as `?`)
    ("Turkish", "Depo kamerası için Kartal#904 benim şifrem", "Kartal#904"),
    ("Turkish", "Lütfen Marmara_77'yi şifre olarak kullan", "Marmara_77"),
    ("Turkish", "Yeni modem: Efes!3318 bizim şifremiz", "Efes!3318"),
    ("Turkish", "Bodrum#6025 şifresiyle giriş yap", "Bodrum#6025"),
    ("Turkish", "Anadolu_58x yeni şifre olsun", "Anadolu_58x"),
    # the table's Latin words, rare in code
    ("Latin-script words", "Rhein#8812 ist das Kennwort für die Kamera", "Rhein#8812"),
    ("Latin-script words", "Schelde_341 is het wachtwoord van de router", "Schelde_341"),
    ("Latin-script words", "Vltava#318 je moje heslo k routeru", "Vltava#318"),
    ("Latin-script words", "Wawel!993 to moje hasło do kamery", "Wawel!993"),
    ("Latin-script words", "Mahakam_61 adalah kata sandi saya", "Mahakam_61"),
    ("Latin-script words", "Ebro#5530 es la contraseña del almacén", "Ebro#5530"),
    # a word common in code, in its prose shape
    ("prose shape", "use Heron#4471 as the PIN for the side gate", "Heron#4471"),
    ("prose shape", "Osprey_92 is my passcode for the alarm panel", "Osprey_92"),
    ("prose shape", "set Plover!35 as the passphrase of the backup disk", "Plover!35"),
    ("prose shape", "godown ke liye Kestrel7x ko password banao", "Kestrel7x"),
    ("prose shape", "Tern#6610 mera password hai, kisi ko mat batana", "Tern#6610"),
]


@pytest.mark.parametrize("family,text,value", POSITIVES, ids=[f"{p[0]}-{i}" for i, p in enumerate(POSITIVES)])
def test_a_value_before_its_word_is_found_by_the_shipped_rules(family, text, value):
    assert covered(SCANNER, text, value), (family, SCANNER.explain(text, RULE))


LOOK_ALIKES = [
    "    password = config.get('db_password')",  # bench_detect's clean code: the bare word never reaches the regex
    "if pwd is None: pwd = os.getcwd()",
    "v2.3.1 is the password policy version",
    "python3.12 as the password manager runtime",
    "Kx7q2mz9 password reset",
    "node-18 is the pin of the base image",  # a lower-case pin: a version pin in dev talk
    "Ubuntu-24.04 のパスワード欄",
    "x86_64 şifre alanı boş kalmasın",
    "ISO-27001 ist das Kennwort-Handbuch",  # a compound's first part (Kennwort-Handbuch)
    "Python3 ko password hashing ke liye use karo",
    "[MASKED:generic-password:abc123] is my password",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes_are_no_finding(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


# The table's Latin words the first stage leaves out: each begins words of code or English prose.
LEFT_OUT = {"accesso": "accessor", "hase": "hasEntry", "focal": "focal_length", "tremen": "tremendous"}


def _rule_source() -> str:
    return LITE.read_text(encoding="utf-8")


def test_the_rule_spells_the_table_s_words_but_those_code_begins_with():
    regex_part, first_stage = _rule_source().split("first_stage:", 1)
    words = "|".join(w for w in word_table.first_stage_words().split("|") if w not in LEFT_OUT)
    for part in (regex_part, first_stage):
        assert words in "".join(part.split())
    marked = "|".join(sorted({word[:2] for word in prefilter.CJK_CREDENTIAL_WORDS}))
    assert marked in "".join(regex_part.split())
    for word, code in LEFT_OUT.items():
        assert code.lower().startswith(word)


def test_the_first_stage_never_reads_the_bare_words_common_in_code():
    """The cost this rule avoids: no first-stage alternative is `password`, `pwd`, `pins?` or `passphrase` alone."""
    first_stage = _rule_source().split("first_stage:", 1)[1].split("examples:", 1)[0]
    bare = re.compile(r"\\b\(\?:[^()]*\b(?:passwor\[dt\]|pwd|pins\?|passphrase)\b")
    alternatives = [line for line in first_stage.splitlines() if bare.search(line) and " is|was" not in line]
    assert alternatives == []


def test_the_first_stage_has_no_end_on_bench_detect_s_clean_code_and_few_on_dense_credentials():
    """Where its first stage ends the rule's regex runs: on the clean code corpus the speed guard measures none, on
    dense credentials not a twentieth of the opt-in rule's (one per `password` there). Counted, not timed."""
    hyperscan = pytest.importorskip("hyperscan")
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench_detect

    rule = SCANNER.rule(RULE)
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(expressions=[prefilter.hyperscan_source(rule.first_stage).encode()], ids=[0], elements=1)
    opt_in = next(r for r in rules.load_paths([default_rules_dir() / "opt-in" / "value-first.yaml"])[0]
                  if r.id == OPT_IN_RULE)
    full = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    full.compile(expressions=[prefilter.hyperscan_source(opt_in.first_stage).encode()], ids=[0], elements=1)

    def ends(built, text: str) -> int:
        found: list[int] = []
        built.scan(prefilter.ascii_bytes(text), match_event_handler=lambda _id, _s, end, _f, _c: found.append(end))
        return len(found)

    assert ends(database, bench_detect.clean_code(0.3)) == 0
    dense = bench_detect.dense_credentials(0.3)  # its filler is random words: `be password`, `as password` occur
    assert ends(database, dense) * 20 < ends(full, dense)


def test_the_opt_in_rule_beside_it_takes_the_same_value_once():
    both = Scanner.from_rules([default_rules_dir(), default_rules_dir() / "opt-in" / "value-first.yaml"])
    text = "Depo kamerası için Kartal#904 benim şifrem"
    findings = [f for f in both.scan(text) if text[f.start:f.end] == "Kartal#904"]
    assert len(findings) == 1
