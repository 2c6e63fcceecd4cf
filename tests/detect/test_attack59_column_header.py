"""attack59 on prose57's generic-password-column-header (a password in the column a comment header names, pppd's
chap-secrets / pap-secrets): its header in other spellings, its rows as pppd writes them, its table in other
markups; and the real files a false positive could mask (measured, not a test: /etc, /usr/share/doc, /usr/share/perl
and /usr/lib/python3 on this machine, 360 files naming a secret or password: no finding of the rule).

Held: either case, German `Passwort`, CRLF, a quoted passphrase or a PIN; a markdown, CSV, semicolon or tab table
(other rules: generic-password-table, -csv). Open (strict xfails, EVASION attack59): the rows pppd itself accepts
that have another number of fields than the header (its man page: three words mean any IP address, more words
are several addresses), a row below the eighth, and column names the rule's words do not spell (`secrets`, `pwd`,
`pass`, another language's word), blanks other than space and tab between the columns, an HTML table."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered

SCANNER = Scanner.default()
VALUE = "Quoll!Fen34"
HEADER = "# client\tserver\tsecret\t\tIP addresses\n"

HELD = {
    "pppd tabs": HEADER + f"k.olsen\t*\t{VALUE}\t*",
    "capitals": f"# CLIENT\tSERVER\tSECRET\tIP\nk.olsen\t*\t{VALUE}\t*",
    "German Passwort": f"# Benutzer  Server  Passwort  IP\nk.olsen  *  {VALUE}  *",
    "CRLF": f"# client\tserver\tsecret\tIP\r\nk.olsen\t*\t{VALUE}\t*\r\n",
    "pap-secrets quoted": f"# Secrets for authentication using PAP\n{HEADER}\"k.olsen\"\t*\t\"{VALUE}\"\t*",
    "markdown table": f"| client | server | secret | IP |\n|---|---|---|---|\n| k.olsen | * | {VALUE} | * |",
    "CSV": f"client,server,secret,ip\nk.olsen,*,{VALUE},*",
    "semicolons": f"client;server;secret;ip\nk.olsen;*;{VALUE};*",
    "tabs, no comment": f"client\tserver\tsecret\tip\nk.olsen\t*\t{VALUE}\t*",
}

OPEN = {
    # pppd's own rows: "If there are only 3 words on the line ... any IP address"; more words, several addresses.
    "pppd row of three words": HEADER + f"k.olsen\t*\t{VALUE}",
    "pppd row with two addresses": HEADER + f"k.olsen\t*\t{VALUE}\t10.0.0.1 10.0.0.2",
    "the tenth row": HEADER + "".join(f"u{i}\t*\tXylo!Bam{i}7\t*\n" for i in range(9)) + f"k.olsen\t*\t{VALUE}\t*",
    "secrets, plural": f"# client  server  secrets  IP\nk.olsen  *  {VALUE}  *",
    "pwd": f"# host  user  pwd  note\nnas01  backup  {VALUE}  nightly",
    "pass": f"# host  user  pass  note\nnas01  backup  {VALUE}  nightly",
    "Spanish contraseña": f"# cliente  servidor  contraseña  IP\nk.olsen  *  {VALUE}  *",
    "French mot de passe": f"# client  serveur  mot de passe  IP\nk.olsen  *  {VALUE}  *",
    "no-break spaces between columns": "# client\u00a0\u00a0server\u00a0\u00a0secret\u00a0\u00a0IP\n"
                                       f"k.olsen\u00a0\u00a0*\u00a0\u00a0{VALUE}\u00a0\u00a0*",
    "HTML table": "<table><tr><th>client</th><th>server</th><th>secret</th></tr>"
                  f"<tr><td>k.olsen</td><td>*</td><td>{VALUE}</td></tr></table>",
}


@pytest.mark.parametrize("name", HELD)
def test_the_column_a_header_names_in_these_spellings_is_found(name):
    assert covered(SCANNER, HELD[name], VALUE)


@pytest.mark.xfail(strict=True, reason="open (EVASION attack59): the rule wants the header's number of fields in "
                                       "the row, rows up to the eighth below it, the words secret/password/passwd/"
                                       "passphrase (English, German), columns two spaces or a tab apart")
@pytest.mark.parametrize("name", OPEN)
def test_the_column_a_header_names_in_these_spellings_is_missed(name):
    assert covered(SCANNER, OPEN[name], VALUE)
