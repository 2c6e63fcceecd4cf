"""Passwords in the places prose27 added (held-out set 21's weak carriers, spent): an attack tool's report of a
password it found or dumped (netexec / crackmapexec success lines, secretsdump's DefaultPassword, john and hashcat
--show), a long option that runs a word into password (Proxmox --cipassword), a Windows unattend file's <Value>
under a password element, and a Debian preseed's passwd/user-password answer."""

import pytest

from addons.detect import Scanner

SCANNER = Scanner.default()


def _values(text: str) -> list[str]:
    """The values the password rules report (an address in a tool's output line is another finding's)."""
    return [text[f.start:f.end] for f in SCANNER.scan(text)
            if f.classification not in ("public", "test-value") and f.rule_id.startswith("generic-")]


@pytest.mark.parametrize("text,value", [
    ("SMB  10.0.5.20  445  FILESRV01  [+] corp.test\\k.olsen:Tarn!Fescue6 (Pwn3d!)", "Tarn!Fescue6"),
    ("SMB  10.0.5.20  445  FILESRV01  [+] corp.test\\k.olsen:quillmarten\nSMB  10.0.5.21", "quillmarten"),
    ("[*] Dumping LSA Secrets\n[*] DefaultPassword\nCORP\\k.olsen:gannet shoal heron marram\n[*] Cleaning up...",
     "gannet shoal heron marram"),
    ("[*] DefaultPassword\n(Unknown User):Gannet~Moor48", "Gannet~Moor48"),
    ("$ john --show shadow.txt\nk.olsen:QuollFenKestrel:1001:1001:,,,:/home/k.olsen:/bin/bash\n\n1 password hash "
     "cracked, 0 left", "QuollFenKestrel"),
    ("$ hashcat -m 1000 --username ntds.txt --show\nk.olsen:8a4f1c2e97b3d05f6e1a2b3c4d5e6f70:Heron_Quay83",
     "Heron_Quay83"),
    ("hashcat -m 0 hashes.txt --show\n5f4dcc3b5aa765d61d8327deb882cf99:Marten^Gorse5", "Marten^Gorse5"),
    # A JSON string holding the output: \n reads as two newlines, the domain's backslash is doubled.
    ('{"stdout": "[+] corp.test\\\\k.olsen:Tarn!Fescue6 (Pwn3d!)\\n"}', "Tarn!Fescue6"),
    ('{"stdout": "[*] DefaultPassword\\nCORP\\\\k.olsen:Gannet~Moor48"}', "Gannet~Moor48"),
    ("qm set 9000 --ciuser ops --cipassword 'Kettle!Basalt7' --ipconfig0 ip=dhcp", "Kettle!Basalt7"),
    ("<AdministratorPassword>\n  <Value>Acacia4662+</Value>\n  <PlainText>true</PlainText>\n</AdministratorPassword>",
     "Acacia4662+"),
    ("<AutoLogon><Password><Value>55280909</Value><PlainText>true</PlainText></Password></AutoLogon>", "55280909"),
    ("d-i passwd/username string ops\nd-i passwd/user-password password mauvemazurka\n", "mauvemazurka"),
    ("d-i passwd/root-password-again password 5136499", "5136499"),
])
def test_a_tool_report_or_installer_answer_is_found(text, value):
    assert value in _values(text)


@pytest.mark.parametrize("text", [
    "SMB  10.0.5.20  445  FILESRV01  [+] corp.test\\administrator:31d6cfe0d16ae931b73c59d7e0c089c0 (Pwn3d!)",
    "$ john --show unshadowed.txt\n\n0 password hashes cracked, 3 left",
    "$ hashcat --show -m 1000 ntds.txt\nSession..........: hashcat\nStatus...........: Exhausted",
    "[*] DefaultPassword\n[*] Cleaning up...",
    "john --show lists the cracked passwords as user:X:uid:gid, one a line",
    "[+] Enumerated shares: corp.test\\NETLOGON:READ",
    "qm set 9000 --ciuser ops --cipassword \"$CI_PW\"",
    "update VM 9000: -ciuser ops -cipassword <hidden> -ipconfig0 ip=dhcp",
    "<AdministratorPassword>\n  <Value></Value>\n  <PlainText>true</PlainText>\n</AdministratorPassword>",
    "<PasswordPolicy><Value>Complex</Value></PasswordPolicy>",
    "d-i passwd/user-password password ${PRESEED_PW}",
    "d-i passwd/root-password password",
])
def test_look_alikes_give_none(text):
    assert _values(text) == []
