"""prose32's generalised places (held-out set 25's weakest carriers, spent): a secret-setting command's NAME VALUE
whatever the tool, a secret store's command reading a credential NAME's value from stdin."""

import pytest

from addons.detect import Scanner

SCANNER = Scanner.default()


def found(text: str, rule_id: str) -> list[str]:
    return [text[f.start:f.end] for f in SCANNER.scan(text) if f.rule_id == rule_id]


# A CLI that sets a secret or a variable by NAME and VALUE: the NAME ending in a password word is the evidence.
@pytest.mark.parametrize("text,value", [
    ("$ gh secret set DB_PASSWORD --body 'Quoll!Fen34' --repo acme/shop", "Quoll!Fen34"),
    ("gh secret set SMTP_PASS -b 'knoll sedge marram'", "knoll sedge marram"),
    ("netlify env:set CMS_ADMIN_PASS 'MarshWillow' --context production", "MarshWillow"),
    ("netlify env:set KIOSK_PASSWORD '48213'", "48213"),
    ("cf set-env billing DB_PASSWORD Heron_Quay83", "Heron_Quay83"),
    ("glab variable set DEPLOY_PASS --value 'Gannet~Moor48'", "Gannet~Moor48"),
    ("gh secret set --repo acme/shop CLIENT_SECRET --body 'tarn.fescue.gorse'", "tarn.fescue.gorse"),
])
def test_a_secret_setting_command_gives_its_credential_name_a_value(text, value):
    assert found(text, "generic-password-cli") == [value]


@pytest.mark.parametrize("text", [
    "gh secret set DB_PASSWORD < db_password.txt",
    "gh secret set DB_PASSWORD --body \"$DB_PASSWORD\"",
    "gh secret set DB_PASSWORD --env production",
    "gh secret set DB_PASSWORD --body-file pw.txt",
    "gh secret set API_URL --body 'Quoll!Fen34'",       # the NAME names no password
    "npm config set secret-handling strict",            # a setting that holds the word, not ends in it
    "config set bypass Heron_Quay83",
    "heroku config:get SMTP_PASSWORD -a acme-mailer",
    "netlify env:unset CMS_ADMIN_PASS --context production",
])
def test_no_value_or_no_credential_name_is_not_a_password(text):
    assert found(text, "generic-password-cli") == []


def test_the_place_is_named_in_the_explanation():
    explained = " ".join(SCANNER.explain("gh secret set DB_PASSWORD --body 'Quoll!Fen34'"))
    assert "secret-setting command gives DB_PASSWORD" in explained


# The value piped into a secret store's command that reads a credential NAME's value from stdin.
@pytest.mark.parametrize("text,value", [
    ("printf '%s' 'FrigateBowler' | vercel env add DATABASE_PASSWORD production", "FrigateBowler"),
    ("printf '%s' '2159' | vercel env add DB_PASS preview", "2159"),
    ("echo -n 'heron sedge marram' | npx wrangler secret put SMTP_PASS", "heron sedge marram"),
    ("echo 'Gannet~Moor48' | docker secret create db_password -", "Gannet~Moor48"),
    ("echo 'Quoll!Fen34' | gh secret set REGISTRY_PASSWORD --repo acme/shop", "Quoll!Fen34"),
])
def test_a_value_piped_into_a_secret_store_for_a_credential_name(text, value):
    assert found(text, "generic-password-stdin-pipe") == [value]


@pytest.mark.parametrize("text", [
    "echo 'Quoll!Fen34' | vercel env add API_URL production",
    "echo \"$DB_PASSWORD\" | gh secret set DB_PASSWORD",
    "printf '%s' 'Quoll!Fen34' | vercel env ls",
    "echo 'Quoll!Fen34' | bypass set mode",
])
def test_no_credential_name_or_a_variable_is_not_piped_as_a_password(text):
    assert found(text, "generic-password-stdin-pipe") == []


# A wiki's or a markup's table whose header row names a password column, whatever the markup.
MEDIAWIKI = "{| class=\"wikitable\"\n! Host !! Account !! Password !! Note\n|-\n| nas01 || backup || %s || %s\n|}"
DOKUWIKI = "^ Service ^ Login ^ Password ^ Note ^\n| Backup NAS | backup | %s | %s |"
ASCIIDOC = "[cols=\"1,1,1\"]\n|===\n|User |Password |Note\n\n|backup\n|%s\n|%s\n|==="


@pytest.mark.parametrize("table", [MEDIAWIKI, DOKUWIKI, ASCIIDOC])
@pytest.mark.parametrize("cell,value", [("Heron!Lake27", "Heron!Lake27"),
                                        ("%%knoll.sedge.marram%%", "knoll.sedge.marram"),
                                        ("pass:[MinkFenSedge4]", "MinkFenSedge4"),
                                        ("<nowiki>Tarn_Fescue6</nowiki>", "Tarn_Fescue6")])
def test_the_password_column_of_a_wiki_table_is_found_and_the_next_column_is_not(table, cell, value):
    text = table % (cell, "Quoll!Fen34")
    assert found(text, "generic-password-wiki-table") == [value]


@pytest.mark.parametrize("table", [MEDIAWIKI, DOKUWIKI, ASCIIDOC])
@pytest.mark.parametrize("cell", ["********", "<vault>", "''see the vault''", "changeme", "(in vault)"])
def test_a_masked_or_absent_wiki_cell_is_not_a_password(table, cell):
    assert found(table % (cell, "keep"), "generic-password-wiki-table") == []


def test_a_wiki_row_split_a_cell_a_line_counts_its_cells_from_the_row_mark():
    text = "{|\n! Host !! Password !! Note\n|-\n| nas01\n| Heron!Lake27\n| Tarn_Fescue6\n|-\n| nas02\n| Quoll!Fen34\n|}"
    assert found(text, "generic-password-wiki-table") == ["Heron!Lake27", "Quoll!Fen34"]


def test_a_markdown_table_without_a_separator_is_not_read_as_asciidoc():
    assert found("| user | password |\n| admin | Heron!Lake27 |", "generic-password-wiki-table") == []


# reStructuredText's inline literal after the password word (a fence, LaTeX verbatim or <code> are not read: reading
# them in the prose rule's first stage cost clean code 2-10%).
@pytest.mark.parametrize("text,value", [
    ("The demo instance accepts ``ops`` with password ``Quoll!Fen34``; it is reset nightly.", "Quoll!Fen34"),
    ("Log in with the password ``Tarn_Gannet71``.", "Tarn_Gannet71"),
])
def test_a_value_in_an_inline_literal_after_the_password_word(text, value):
    assert found(text, "generic-password-prose") == [value]


@pytest.mark.parametrize("text", [
    "Set a password with ``passwd ops2``; it prompts twice.",
    "Forgot password? Run ``reset-pw --user ops2``.",
])
def test_an_inline_literal_holding_a_command_is_not_a_password(text):
    assert found(text, "generic-password-prose") == []


# A bracket that points to where the password is kept names a place, not the value (set 25's one hard negative hit).
@pytest.mark.parametrize("text", [
    "BIOS supervisor password: set (see the Intune BIOS profile 'Fleet-2026')",
    "Admin password: rotated (in the vault as 'Prod-2026')",
    "the router password is kept elsewhere (per the runbook 'Net-Ops-7')",
])
def test_a_reference_aside_is_not_a_password(text):
    assert [f.rule_id for f in SCANNER.scan(text) if f.rule_id.startswith("generic-password")] == []


@pytest.mark.parametrize("text,value", [
    ("the password (see the mail) is Quoll!Fen34", "Quoll!Fen34"),
    ("db.login('ops', 'Quoll!Fen34')", "Quoll!Fen34"),
])
def test_a_value_outside_the_aside_or_in_a_call_is_still_found(text, value):
    assert value in [text[f.start:f.end] for f in SCANNER.scan(text)]


# A key / value table copied as TSV: the row whose key names a password gives its value, whatever tool copied it.
@pytest.mark.parametrize("text,value", [
    ("Session Storage\nKey\tValue\ntheme\tdark\nauth.pwd\tjigsaw wrench pliers\nui.sidebar\tcollapsed",
     "jigsaw wrench pliers"),
    ("CI/CD Settings > Variables\nType\tKey\tValue\tOptions\nVariable\tDEPLOY_PASS\tQuoll!Fen34\tProtected",
     "Quoll!Fen34"),
    ("Name\tValue\nloginPass\tCardamomVanilla", "CardamomVanilla"),
    ("Key\tValue\nkiosk_pin_pwd\t48213377", "48213377"),
])
def test_the_value_of_a_password_key_in_a_key_value_table(text, value):
    assert found(text, "generic-password-key-value-row") == [value]


@pytest.mark.parametrize("text", [
    "Type\tKey\tValue\tOptions\nVariable\tDEPLOY_PASS\t*****\tProtected, Masked",
    "Key\tValue\ntheme\tdark\nlastRoute\t/settings/password",
    "Key\tValue\nbypassMode\tQuoll!Fen34",                   # a key that holds the word, not ends in it
    "Key\tValue\npassword_policy\tminimum twelve characters",
    "Name\tValue\tNote\nDB_PASSWORD\tdefault\tQuoll!Fen34",  # the note column is not the value column
    "Key\tValue\nDB_PASSWORD\t$DB_PASSWORD",
])
def test_a_key_value_row_giving_no_password_is_not_one(text):
    assert found(text, "generic-password-key-value-row") == []


def _any_password_finding_covers(text: str, value: str) -> bool:
    at = text.index(value)
    return any(f.start <= at and at + len(value) <= f.end for f in SCANNER.scan(text))


# Open (EVASION.md, prose32): a value in a fence, LaTeX verbatim or <code> after the word; reading them in the prose
# rule's first stage cost clean code 2-10% (bench_detect), so they stay unread until a cheaper form is found.
@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="open: prose32, a value in code markup after the password word (EVASION.md)")
@pytest.mark.parametrize("text,value", [
    ("The kiosk password is:\n```\nQuoll!Fen34\n```\n", "Quoll!Fen34"),
    ("admin password \\begin{verbatim}Tarn_Gannet71\\end{verbatim}", "Tarn_Gannet71"),
    ("<p>Your password: <code>Heron!Lake27</code></p>", "Heron!Lake27"),
])
def test_open_a_value_in_code_markup_after_the_password_word(text, value):
    assert _any_password_finding_covers(text, value)
