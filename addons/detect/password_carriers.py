"""Passwords whose evidence is the place they stand in, not a word beside them: the password argument of a command-line
tool (`sshpass -p ...`, `mysql -p...`, `smbclient -U user%...`, `curl -u user:...`), a config value whose comment on
the line before names a password, a cell in the password column of a Markdown table, a form field named password that
a tool call or a browser script fills (`"label": "Password", "value": ...`, `page.fill("#password", ...)`), a cell in
the password column of a CSV / TSV export, and the password of a user / password pair written as a protocol or a
shorthand (FTP `USER x` then `PASS y`, `u: x p: y`, RADIUS `[user/pass]`), a Wi-Fi passphrase, an expect script's
send, a value echoed into a command that reads a password from stdin (`echo X | sudo -S`, `echo "user:X" | chpasswd`,
`... | docker login --password-stdin`), the passphrase an unlock or decrypt call or command is given
(Account.decrypt(ks, 'X'), unlockAccount(addr, 'X'), walletpassphrase X), the password a SQL statement gives an
account (`IDENTIFIED BY`, `ALTER ROLE ... PASSWORD '...'`), the password an installer or admin command sets
(kickstart `rootpw`, Windows `net user NAME X`), any tool's `--x-password VALUE`, a `password VALUE` directive alone
on its line (msmtprc, .netrc), a value a CI job masks (`::add-mask::`), and an XML element's value attribute beside a
name / key attribute naming a password, and a password an attack tool reports it found or dumped (netexec `[+]
DOMAIN\\user:X`, secretsdump's DefaultPassword, john / hashcat --show), and a value after a cleartext scheme's
prefix in a password store (Dovecot's `user:{PLAIN}X`, LDIF's `userPassword: {CLEARTEXT}X`).

The rules (generic-password-cli, generic-password-commented, generic-password-table,
generic-password-form-field, generic-password-csv, generic-password-user-pass, generic-password-wifi,
generic-password-expect, generic-password-sql, generic-password-os-account, generic-password-named-value,
generic-password-directive, generic-ci-masked-value, generic-password-stdin-pipe, generic-password-cracked,
generic-password-column-header, generic-password-plain-scheme, generic-password-secrets-entry)
find the place; `place_signals` names it and what counts
against it, for letters_password.score_match, which then judges the token itself (a letters-only token by the
closed class of words that describe a password, any other by its shape: context_score.shape_signals). Fixed
weights, printed by `Scanner.explain` like every other context signal. No rule starts at any `key:` (a value
followed by a comment naming a password is not looked for): the stream masker would hold back every `word:` for it.
"""

from __future__ import annotations

import re

from .context_score import LINE_READS, NEGATIVE, line_bounds, secret_name_signals

# The tools whose password argument the CLI rule knows (the regex part before the value starts with the tool).
# A flag the CLI rule starts at when it looks behind for its tool (curl ... -u, mysql ... -p).
CLI_FLAG = re.compile(r"^[\s\"',]-|^[ \t][\"']?/p:")  # /p: is FreeRDP's
CLI_TOOL = re.compile(r"[\"']?(?P<tool>mysql\w*|mariadb[\w-]*|sshpass|htpasswd|smbclient|curl|redis-cli"
                      r"|mosquitto_\w+|rabbitmqctl|ldap\w+|mongo\w*|docker|podman|buildah|nerdctl|oras|skopeo|helm"
                      r"|sqlcmd|bcp|osql|isql|tsql|vsql|zip|unzip|zipcloak|ipmitool|plink|pscp|psftp|putty|openssl|[\w-]{0,8}freerdp3?"
                      r"|sqlplus|lftp|altool|xe|racadm|7z[arz]?|rar|unrar|winrar|rasdial|rdesktop"  # prose51
                      r"|ssh-keygen|mutool"  # prose55: ssh-keygen -P, mutool -p
                      r"|snmp[a-z]{0,12})\b")  # prose56: net-snmp's -A / -X passphrases
# prose36: steamcmd's +login USER X: a +command's two arguments (generic-password-cli).
PLUS_LOGIN = re.compile(r"\+login[ \t]+[^\s\"'$+]{1,64}[ \t]+[\"']?")
# prose57: a login command's account given as an e-mail address, then its password (mega-login U X, any tool's
# `login U X`): the command's own two arguments, as steamcmd's +login's.
LOGIN_COMMAND_TARGETS = frozenset({"production", "staging", "development", "testing", "default", "password",
                                   "username", "interactive", "browser", "device"})
LOGIN_COMMAND_ACCOUNT = re.compile(r"[\w.-]{0,30}[-_]?login[ \t]+(?:-{1,2}[a-z][\w-]{0,20}[ \t]+){0,3}"
                                   r"[^\s\"'$<@-][^\s\"'$<@]{0,63}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+"
                                   r"[ \t]+[\"']?")
# prose34: generic-password-cli's -u USER -p X of any tool: the user's flag right before the password's.
# prose56: and the same pair in capitals (-U USER -P X) or with a prefix (sendemail's -xu USER -xp X).
# prose59: not a conjunction: "the -n and -p options" names two flags (CPython's pydoc), it gives no user.
_FLAG_USER = r"[ \t]+(?!(?:and|or|und|oder|et|ou|y|o|e|i|og|en)[ \t])[^\s\"'$<-][^\s\"']{0,63}[ \t]+"
# prose59: -n USER -p X (beeline's), and -pw after any user flag (nzsql -u U -pw X, plink -l U -pw X).
# prose63: any letter's prefixed pair (vmrun's guest login -gu U -gp X), and -w after a Kerberos principal (kadmin
# -p name/instance@REALM -w X: the principal is the user, -w its password).
USER_THEN_PASSWORD_FLAG = re.compile(rf"[ \t]-(?:[un]{_FLAG_USER}-p|U{_FLAG_USER}-P|[a-z]u{_FLAG_USER}-[a-z]p"
                                     rf"|(?:[ulU]|user){_FLAG_USER}-pw"
                                     r"|p[ \t]+[A-Za-z][\w.-]{0,63}[/@][\w./@-]{1,127}[ \t]+-w)[ \t]+[\"']?$")
# prose63: an option that takes the user and the password as its two words, another option after them (sapcontrol
# -user U X -function F); and a daemon's control tool registering an account on a host (ejabberdctl / prosodyctl
# register U HOST X, change_password U HOST X).
USER_OPTION_PAIR = re.compile(r"[ \t]-user[ \t]+[^\s\"'$<-][^\s\"']{0,63}[ \t]+[\"']?")
OPTION_AFTER = re.compile(r"[\"']?[ \t]+-[A-Za-z]")
CONTROL_TOOL_ACCOUNT = re.compile(r"(?P<tool>[a-z][\w-]{0,23}ctl(?:\.sh)?)[ \t]+"
                                  r"(?:register|change_password|set_password)[ \t]+[^\s\"'$<-][^\s\"'$]{0,63}[ \t]+"
                                  r"[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}[ \t]+[\"']?")
# prose59: a cleartext scheme's prefix before a stored password (generic-password-plain-scheme: Dovecot's
# user:{PLAIN}X, LDIF's userPassword: {CLEARTEXT}X).
PLAIN_SCHEME = re.compile(r"\{(?:PLAIN|PLAINTEXT|CLEAR|CLEARTEXT|PLAIN-TRUNC)\}")
# prose61: an IPsec secrets file's entry (strongSwan's and Libreswan's ipsec.secrets): the selectors, a colon, the
# secret's kind in capitals, the secret quoted (generic-password-secrets-entry: `: PSK "X"`, `carol : EAP "X"`).
# attack62: or a private key's file and the passphrase that opens it (: RSA bob.key "X", : P12 host.p12 "X")
SECRETS_ENTRY = re.compile(r":[ \t]{1,8}(?:PSK|EAP|XAUTH|NTLM|(?:RSA|ECDSA|BLISS|PKCS8|P12)[ \t]{1,8}[^\s\"']{1,200})"
                           r"[ \t]{1,8}[\"']")
# prose59: Samba's -U USER%X, whichever of its tools (smbclient, rpcclient, smbcacls, net), quoted or not.
SAMBA_USER = re.compile(r"[ \t](?:-U|--user=?)[ \t]*[\"']?[A-Za-z0-9][^\s%\"'$(){}]{0,63}%")
USER_FLAG_READS = 96
# Any tool's long option naming a password, then a blank and its value (`--admin-pass 'X'`, `--db-password X`).
# prose24: keytool's and jarsigner's single-dash -storepass / -keypass. prose27: a word run into password
# (Proxmox's --cipassword).
CLI_LONG_OPTION = re.compile(r"[ \t]--(?:[a-z0-9]+[-.]){0,3}"  # prose59: a dotted one's last part too
                             r"(?:password|passwd|pass|passphrase|[a-z]{1,8}(?:password|passwd))[ \t]+[\"']?"
                             r"|[ \t]-(?:src|dest)?(?:store|key)pass[ \t]+[\"']?"
                             # prose38: a Windows program's /password "X" (the rule wants its .exe or /user before)
                             r"|[ \t]/(?i:password|passwd|pass|pwd|pw)(?::|[ \t]+)[\"']?")
# prose32: a command that sets a secret or variable by NAME and VALUE, whatever the tool (gh secret set N --body X,
# netlify env:set N X, cf set-env APP N X): the NAME ends in a password word, so its value is one
# (generic-password-cli); not a setting that only holds one (secret-handling, bypass).
SECRET_SETTER = re.compile(r"(?:(?:secrets?|env|variables?|vars?|config)[ \t:](?:set|update)|set-env[ \t]+[\w.-]+)"
                           r"[ \t]+(?:-{1,2}[a-z][\w-]*(?:[ \t=]+[^\s-]\S*)?[ \t]+){0,3}"
                           r"(?P<name>[\w.-]*(?i:password|passwd|passphrase|(?<![a-zA-Z])(?:pass|pwd|pw|secret)))[ \t]+"
                           r"(?:-{1,2}(?:body|value|data|b)[ \t=]+)?[\"']?")
# macOS `security find-generic-password -w`: the password alone on the line after the command (prose24).
KEYCHAIN_ANSWER = re.compile(r"security[ \t]+find-(?:generic|internet)-password\b.*[ \t]-[a-zA-Z]*w[a-zA-Z]*\b"
                             r".*\r?\n\n?")
# The words the comment and table rules look for (rules/generic.yaml repeats them).
PASSWORD_WORD = re.compile(r"(?i)passw|passphrase|kennwort|\bpwd?\b|mot de passe|contrase.a|senha|wachtwoord"
                           r"|has[lł]o|heslo|l[öo]senord")
# The comment mark the commented rule looks behind for: a line's (or a string's) first non-blank. (?m): searched in
# the view from where the line is read. leak34: not a `;` before a quote, the delimiter between a CSV's quoted cells
# (`"login";"mot_de_passe"` was a comment naming a password, and any later token after a quote scored as its value).
COMMENT_MARK = re.compile(r"(?m:^|[\"'])[ \t]*(?:#|;(?![ \t]*[\"'])|//)")
# The user / password pairs of generic-password-user-pass: the match's head from its user word to the value.
# prose62: or a key that names the pair (netcam_userpass, CURLOPT_USERPWD), its value `user:X`.
USER_PASS = re.compile(r"(?:USER\s.*PASS|(?i:u|usr|user)\s*:.*:|(?i:u/p|user/pass|login/pass)\b.*/"
                       r"|(?i:user)[_-]?(?i:pass(?:word)?|pwd|pw)(?![A-Za-z])[^\n]*:"
                       r"|Login (?:OK|incorrect).*\[.*/)\s*$", re.DOTALL)
# The start of a Markdown table row the table rule looks behind for.
TABLE_MARK = re.compile(r"(?m:^|[\"'])[ \t]*\|")
FORM_FIELD = re.compile(r"(?i)\"(?:label|name|field|selector|id|placeholder|aria-label|element|target|locator)\""
                        r"|\.(?:fill|type|send_?keys|setValue|press_?sequentially)\(|\)\.(?:send_?keys|fill|type)\(")
# The key's last part names something that is not the password: `relay_user:`, `min_length =`, `item_id =`.
OTHER_KEY = re.compile(r"(?i)(?:^|[_.-])(?:user(?:name)?|login|host(?:name)?|port|name|id|uuid|url|uri|path|file"
                       r"|dir|timeout|length|len|min|max|count|mode|method|type|enabled|at|date|time|hash|salt|algo"
                       r"|algorithm|policy|hint|email|mail|version|expiry|expires|rotated)\W*$")
KEY = re.compile(r"(?P<key>[\w.-]+)[\"']?[ \t]*[:=][ \t]*[\"'`]?$")
# `[mail]`, `[client "smtp"]`: an INI section header on a line of its own (or a string's first, as in a JSON body, or
# after a sentence's colon: an answer's `Sure: [smtp]`, stream37), ending in LF or CRLF.
INI_SECTION = re.compile(r"(?m)(?:^|[\"']|:[ \t])[ \t]*\[[\w .\"-]{1,64}\][ \t]*\r?$")
INI_READS = 2000
# A CSV / TSV header cell that names a password: the word may have a prefix (db_password, WLAN-Passwort) but
# nothing after it (password_changed_at, password_sha256, "Password changed at" name something else).
CSV_DELIMITERS = ",;\t"
CSV_PASSWORD_CELL = re.compile(r"(?i)[\w .-]{0,24}?(?:passwor[dt]s?|passwd|passphrase|pass|pwd?|kennwort"
                               r"|secret|mot[ _]de[ _]passe|contrase.a|clave|mdp|senha|wachtwoord|has[lł]o)")
# A header cell that is the short word alone names a password only beside a user column: `name,pass,zone` is a bus
# pass, `test,pass,duration` a result, `pwd` a directory; `host,user,pass` is a login.
CSV_AMBIGUOUS_CELL = re.compile(r"(?i)pass|pwd?|clave|mdp")
CSV_USER_CELL = re.compile(r"(?i)[\w .-]{0,24}?(?:user(?:name)?|login|account|uid|e-?mail|usuario|utilisateur"
                           r"|identifiant|benutzer(?:name)?|nutzer|gebruiker)s?")
# A header cell holds no code or comment punctuation: a line of code or a comment has commas too.
_CELL = r"[^\n,;\t\"'()\[\]{}=#:<>*&|\\]{0,40}"
# Not indented: an export's header starts its line, a docstring's "username, password, host" does not.
CSV_HEADER_LINE = re.compile(r'(?![ \t])(?:"{0,2}' + _CELL + r'"{0,2}[,;\t]{1,2}){1,15}"{0,2}' + _CELL + r'"{0,2}\r?')
# Where a string opens in a JSON body: a CSV pasted into a chat message starts there, not at the line's start; or
# where a sentence's colon and a blank end (an answer's `Sure: app,client_secret`, stream37).
STRING_OPENS = re.compile(r"[:\[(,]\s*[\"']|:[ \t]{1,4}(?=[^ \t])")
# The Wi-Fi places of generic-password-wifi: nmcli's password word (the tool looked for before it on the line),
# `wpa_passphrase SSID`, a `psk=` key, a WIFI: QR payload's P field, a dialog's key a line or three under its
# `Security: WPA...` line; the match's head up to the value.
WIFI_NMCLI_WORD = re.compile(r"[ \t](?:password|(?:wifi-sec|802-11-wireless-security)\.psk)[ \t]+[\"']?")
WIFI_NMCLI = re.compile(r"(?<![\w-])nmcli\b")
WIFI_PLACE = re.compile(r"wpa_passphrase[ \t].*|(?:wpa_psk|psk|wpa_passphrase)[ \t]*=[ \t]*[\"']?|(?i:wifi):.*P:[\"']?"
                        r"|WPA[\w -]*\r?\n\n?(?:.*\n\n?){0,2}?[ \t]*"
                        r"(?i:key|passphrase|network[ \t]key|pre-shared[ \t]key|psk|password)[ \t]*:[ \t]*"
                        # prose24: a key naming the pre-shared key, Android's XML, netsh's answer, a UCI wifi-iface
                        r"|(?i:pre[-_]?shared[-_]?key)[\"']{0,2}[ \t]*[=:][ \t]*[\"']?|PreSharedKey[\"']>(?:&quot;)?"
                        r"|Key[ \t]Content[ \t]*:[ \t]*"
                        r"|option[ \t]+encryption[ \t]+[\"']?(?:psk|sae|wpa).*\r?\n\n?(?:.*\n\n?){0,4}?[ \t]*"
                        r"option[ \t]+key[ \t]+[\"']?"
                        # prose30: a house manual's or a card's Wifi: NETWORK / KEY
                        # (leak46: a name of up to three words, NBSPs, no blank around the slash)
                        r"|(?i:wi-?fi|wlan)[ \t\xa0]*:[ \t\xa0]*[^\s/:;,]{1,32}(?:[ \t\xa0][^\s/:;,]{1,32}){0,2}"
                        r"[ \t\xa0]*/[ \t\xa0]*[\"']?"
                        # prose31: "the venue wifi is NETWORK with the key X"
                        r"|(?i:wi-?fi|wlan)[ \t]+(?i:network[ \t]+)?(?i:is|:)[ \t]+[^\s,;:]{1,32}[ \t]+(?i:with)[ \t]+"
                        r"(?i:the[ \t]+)?(?i:key|password|passphrase)[ \t]+[\"']?"
                        # prose36: a note's `WPA2 key X`
                        r"|WPA[23]?(?:-(?i:psk|personal|sae))?[ \t]+(?i:key|passphrase|password|psk)"
                        r"(?:[ \t]*[:=]|[ \t]+is)?[ \t]+[\"']?")
# A Wi-Fi standard or security mode after the slash is no key (Wi-Fi: 802.11ac / 802.11ax, WPA2 / WPA3-Personal);
# stream37: only a mode's own suffixes after its hyphen (WPA2-PSK-AES, WEP-128), not any word (WEP-Tern81x is a key).
WIFI_MODE = re.compile(r"(?i)(?:wpa[23]?|wep|sae|owe|802\.11[a-z]{0,2}|open|none)"
                       r"(?:-(?:personal|enterprise|psk|sae|eap|tkip|aes|ccmp|gcmp|mixed|transition|only|\d{1,3}(?:bit)?"
                       r"|\d{1,3}-bit))*")
WIFI_PAYLOAD = re.compile(r"(?i)wifi:")
WIFI_ESCAPE = re.compile(r"\\[;,]")
WIFI_SLASH = re.compile(r"(?i)(?:wi-?fi|wlan)[ \t\xa0]*:[^/;]*/")
# leak46: with no blank around the slash, a list is a spec sheet's (802.11a/b/g/n/ac, 2.4GHz/5GHz/6GHz), a rate or a
# band no key (867Mbps/1300Mbps).
WIFI_NARROW_SLASH = re.compile(r"[^ \t\xa0]/[^ \t\xa0]")
WIFI_SPEC = re.compile(r"(?i)[^/]*/.*|\d+(?:[.,]\d+)?[ \t]?(?:[kmg]bps|[mg]hz|dbm|mw)")
WPA_PASSPHRASE_MIN = 8  # IEEE 802.11i: a WPA / WPA2 passphrase is 8 to 63 characters
WIFI_KEY_TRAIL = "\"'.,;:!?)"  # a closing quote or the sentence's punctuation after the key
# The prompt of generic-password-expect was looked behind; the head is the send word up to the string's quote.
EXPECT_SEND = re.compile(r"(?:send(?:line)?|exp_send|puts|write)[ \t]*(?:--[ \t]+)?(?:\([ \t]*[rbRB]{0,2}[\"']|[\"'{])")
# The head of generic-password-stdin-pipe: echo or printf, a quote, chpasswd's user name and colon.
STDIN_ECHO = re.compile(r"(?i)(?:echo(?:[ \t]+-[neE]{1,3})?|printf(?:[ \t]+[\"']%s(?:\\{1,2}n|\\?\n\n)?[\"'])?)"
                        r"[ \t]+[\"']?(?:[\w.@+-]{1,64}:)?")
# What it is piped into (the rule's regex ends there): sudo -S, chpasswd, passwd --stdin, a --password-stdin login.
# prose33: or a file whose name calls it a password (echo X > /tmp/pw.txt, | tee ~/.vault_pass): a tool reads it there.
STDIN_FILE = re.compile(r"(?i)(?:\\{1,2}n|\\?\n\n)?[\"']?[ \t]*"
                        r"(?:>{1,2}|\|[ \t]*(?:sudo[ \t]+)?tee(?:[ \t]+-a)?[ \t])[ \t]*"
                        r"(?P<file>[^\s\"'|;&<>]{0,80}?"
                        r"(?:password|passwd|passphrase|(?<![^\s/._~-])(?:pw|pwd|pass|secret))s?"
                        r"(?:[._-](?!(?:log|lock|pid|sh|py|md|html?|js|ts|rb|go|rs|c|h)\b)[a-z0-9]{1,10})?)"
                        r"(?=[\s\"';&|)]|$)")  # a log, a lock or a script is no password file (password-reset.log)
STDIN_READER = re.compile(r"(?i)\|[ \t]*(?P<reader>sudo\b[^|\n]*?(?:-S|--stdin)\b|(?:sudo[ \t]+)?(?:chpasswd|passwd"
                          r"[ \t]+--stdin|smbpasswd|kinit|cryptsetup|htpasswd)\b|[\w-]+(?:[ \t]+registry)?[ \t]+login\b"
                          r"[^|\n]*?--password-stdin\b|gpg\b[^|\n]*?--passphrase-fd[ \t]+0\b"
                          r"|(?:sudo[ \t]+)?openconnect\b[^|\n]*?--passwd-on-stdin\b"
                          # prose32: a secret store's command reading the value of a NAME ending in a password word
                          r"|(?:[\w-]+[ \t]+){1,2}(?:secrets?|env|variables?)[ \t:](?:add|set|put|create)[ \t]+"
                          r"(?:-{1,2}[\w-]+[ \t]+){0,2}[\w.-]*"
                          r"(?:password|passwd|passphrase|[_.-](?:pass|pwd|pw|secret)|\b(?:pass|pwd|pw|secret))\b)")
STDIN_READS = 200  # characters after the value the pipe is looked for in (the rule's regex reads as far)
# The head of generic-password-sql: its CREATE / ALTER / GRANT (ROLE / USER / LOGIN) was looked behind for.
SQL_IDENTIFIED = re.compile(r"(?i)identified[ \t]+(?:with[ \t]+\w+[ \t]+)?by[ \t]+[\"'`]?"
                            r"|password[ \t]*=?[ \t]*N?'")
# The head of a generic-password-directive match: the key word starts its line, a blank, then the value; or a key
# that ends in the word (MqttPassword, rcon_password: the match starts at the word, the key's start before it), or
# prose62: in its short form pw (nslcd's bindpw, slapd's rootpw).
DIRECTIVE = re.compile(r"\n?[ \t]*(?:password|passwd|passphrase|Password|PASSWORD|Passwd|Passphrase|pass|pw)"
                       r"[ \t]+[\"']?")
DIRECTIVE_KEY_START = re.compile(r"[ \t]{0,8}(?:/set[ \t]+(?:[A-Za-z][\w-]{0,30}\.){0,6})?"  # prose28: an IRC /set
                                 r"[A-Za-z][A-Za-z0-9]{0,30}[_.-]?"
                                 r"|[ \t]{0,8}[a-z][a-z0-9_.-]{0,30}")  # prose62: a key in pw (ldap_bindpw)
DIRECTIVE_READS = 160
# attack31: a key that names a setting about passwords, its verb or limit before the password word (ResetPassword
# OnNextLogin, SyncPassword LDAP, hashPassword bcrypt): no password. Not `Default` (Winlogon's DefaultPassword holds
# one) nor an account's or a service's name (MqttPassword, ServerAdminPassword).
DIRECTIVE_SETTING = re.compile(r"(?i)[ \t]{0,8}(?:reset|sync|hash|encrypt|expire|expiry|store|save|generate|require"
                               r"|allow|force|remember|show|validate|verify|check|rotate|change|min|max|minimum|maximum"
                               r"|empty|blank|no|ask|prompt|cache|enable|disable"
                               r"|c|ch|chg)[_.-]?")  # attack62: kadmin's cpw PRINCIPAL (change_password): an account
# The head of a generic-ci-masked-value match: GitHub Actions' workflow command that masks a value in the log.
CI_MASK = re.compile(r"::add-mask::")
# prose34: the head of a generic-password-sip2 or generic-password-console-option match: a SIP2 Login's CN user then
# CO, a patron id (AA) then its password (AD); a console command's user option then its password option, each a
# letter and a colon run into the value (Crestron ADDUSER -N:ops -P:X).
PROTOCOL_FIELD = re.compile(r"93[0-9]{2}CN[^|\n]{1,64}\|CO|\|AA[^|\n]{1,64}(?:\|AC[^|\n]{0,64})?\|AD"
                            r"|(?i:[-/](?:n|u|user|name):[\"'\\]{0,3}[^\s\"'\\|]{1,64}[\"'\\]{0,3}[ \t]{1,8}"
                            r"[-/](?:p|pw|pwd|pass|password):[\"'\\]{0,3})")
# The head of a generic-password-os-account match: kickstart's rootpw, Windows' net user NAME, a built-in account
# set to the value ("the local Administrator was set to X"), a Debian preseed's passwd/user-password answer.
OS_ACCOUNT = re.compile(r"(?i)(?:rootpw[ \t]+(?:--plaintext[ \t]+)?|net[ \t]+user[ \t]+\S+[ \t]+"
                        r"|(?:administrator(?:[ \t]account)?|admin[ \t]account|root[ \t](?:account|user))"
                        r"[ \t]+(?:was|has[ \t]+been)[ \t]+(?:now[ \t]+)?(?:re)?set[ \t]+to[ \t]+"
                        r"|passwd/(?:user|root)-password(?:-again)?[ \t]+password[ \t]+)[\"']?")  # prose27: preseed
# prose28, generic-password-os-account: a command whose argument is an account's password by the tool's syntax
# (samba-tool's positional one, composer's http-basic pair, FNDCPASS apps/X, RACF / IBM i PASSWORD(X)), and a quoted
# literal PowerShell makes a SecureString of or a framework sets or hashes as a password.
ADMIN_COMMAND = re.compile(r"(?i)(?:samba-tool[ \t]+user[ \t]+(?:create|add)[ \t]+\S+[ \t]+"
                           r"|composer[ \t]+config[ \t]+(?:(?:--global|-g)[ \t]+)?http-basic\.\S+[ \t]+\S+[ \t]+"
                           r"|fndcpass[ \t]+\w+/|(?:altuser|adduser|chgusrprf|crtusrprf)[ \t].*[ \t]PASSWORD\([ \t]*"
                           r"|convertto-securestring[ \t]+(?:-\w+[ \t]+)*"
                           r"|(?:set_?password|hash_?password|make_password|password_hash|generate_password_hash"
                           r"|hash::make|bcrypt\.hash(?:sync)?)[ \t]*\([ \t]*(?:\$?[\w.]+[ \t]*,[ \t]*)?"
                           r"|getconnection[ \t]*\([ \t]*(?:(?:\"[^\"\n]*\"|'[^'\n]*'|[\w.]+)[ \t]*,[ \t]*){2})"
                           r"[\"']{0,2}")
PASSWORD_CALL = re.compile(r"(?i)(?:set_?password|hash_?password|make_password|password_hash|generate_password_hash"
                           r"|hash::make|bcrypt\.hash(?:sync)?|getconnection)[ \t]*\(")
# prose33: the head of an unlock or decrypt call's literal second argument (Account.decrypt(keystore, 'X'),
# unlockAccount(addr, 'X', 300)) or of bitcoind's walletpassphrase X (a command, a call or a JSON-RPC body's params).
UNLOCK_CALL = re.compile(r"(?i)(?:decrypt|unlock_?account)[ \t]*\(.*,[ \t]*[\"']"
                         r"|walletpassphrase(?:change)?(?:[ \t]+[\"']?|[ \t]*\([ \t]*[\"']|[\"'].*\[[ \t]*[\"'])")
# A decrypt call's second argument that names an encoding or an algorithm (decrypt(data, "base64"), "aes-256-cbc",
# "RSA-OAEP", "HS256"): an option of the call, not its passphrase.
DECRYPT_OPTION = re.compile(r"(?i)base(?:16|32|64)(?:url)?|hex|utf-?(?:8|16|32)(?:le|be)?|latin-?1|ascii|binary|raw"
                            r"|iso-?8859-?\d{1,2}|(?:aes|des|3des|tripledes|chacha20|xchacha20|rsa|blowfish|camellia"
                            r"|sha\d*|pkcs|oaep|gcm|cbc|ctr|ecb)[\w-]{0,24}|[hrep]s\d{3}|a\d{3}(?:gcm)?kw|dir")
CALL_WORD_CHARS = 10  # a letters-only literal in a call: two words run together are longer than one word of code
# NickServ's IDENTIFY [nick] X: the password ends the command (a line's end, a `;` or a quote); a token after the
# value makes it the nick (`IDENTIFY lvogt <password>`).
NICKSERV = re.compile(r"(?i)nickserv[ \t]+:?identify[ \t]+(?:[^\s\"';]+[ \t]+)?[\"']?")
COMMAND_ENDS = re.compile(r"[ \t]*(?:[;\"'\r\n]|$)")
SYNTAX_PLACE = ("an account's password by a command's or a call's syntax (RACF / IBM i PASSWORD(X), samba-tool, "
                "FNDCPASS, ConvertTo-SecureString, set_password, Hash::make, bcrypt.hash)")
# Where the syntax itself says password, 4 or 5 digits are a PIN (shape_signals wants 6 for digits alone); four that
# read as a year are not (generic-password's PIN branch likewise). Longer digits are a numeric password there however
# often a digit repeats (shape_signals' low entropy: 998886).
SHORT_PIN = re.compile(r"(?!(?:19|20)\d\d$)\d{4,5}")
LONG_PIN = re.compile(r"\d{6,12}")
# prose28, generic-xml-credential: the element's tag (and Windows unattend's <Value> child) up to its text.
# prose30: an opening tag's attributes (FileZilla's <Pass encoding="base64">, KeePass's <Value ProtectInMemory="True">),
# and KeePass 2 XML's <Key>Password</Key><Value>: the key element names the value element beside it.
# attack34: single-quoted values too (<Value ProtectInMemory='True'>), and the rule's up to 6 of them
XML_ATTRIBUTES = r"(?:[ \t]{1,4}[\w:-]{1,30}=(?:\"[^\"<>\n]{0,40}\"|'[^'<>\n]{0,40}')){0,6}"
XML_CDATA = r"(?:<!\[CDATA\[)?"  # attack34: <Pass><![CDATA[X]]></Pass> is the same text
# prose36: an element named by its key or name attribute (<entry key="passwd">X</entry>, <property name="x.password">).
XML_NAMED = r"(?:[ \t]{1,4}(?i:key|name)=[\"'](?:[\w-]{1,30}\.){0,4}(?P<named>[\w-]{1,50})[\"'])?"
XML_ELEMENT = re.compile(r"<(?:[\w.-]{1,30}:)?(?P<tag>[\w-]{1,50})" + XML_NAMED + XML_ATTRIBUTES
                         + r">(?:\s*<(?:[\w.-]{1,30}:)?"
                         r"(?i:value)" + XML_ATTRIBUTES + r">)?[ \t]*" + XML_CDATA +
                         r"|<(?i:key)>[ \t]*(?P<key>[\w-]{1,50})[ \t]*</(?i:key)>\s*<(?i:value)" + XML_ATTRIBUTES
                         + r">[ \t]*" + XML_CDATA)
# prose35: a qualified password's tag too (Icecast's <source-password>, <admin_password>).
XML_PASSWORD_TAG = re.compile(r"(?i)(?:[a-z][a-z0-9]{0,19}[_-])?[a-z]{0,20}(?:password|passwd|passphrase|passcode)"
                              r"|(?:client[_-]?)?secret(?:[_-]?key)?")
# <Pass> alone names a password only beside a user element (FileZilla's site manager): <pass>passed</pass> is a
# result, a season <pass> a ticket. prose52: <Pwd> and <Pswd> likewise (a shell's pwd is a folder).
XML_SHORT_TAG = re.compile(r"(?i)pass|pwd|pswd")
XML_USER_ELEMENT = re.compile(r"(?i)<(?:[\w.-]{1,30}:)?(?:user|username|login|user_?name)" + XML_ATTRIBUTES
                              + r">[^<>\n]{1,64}</")
# stream37: a FileZilla entry's <Comments> may stand between <User> and <Pass> (attack34 wrote 420 characters of it);
# a longer one still hides the user element (EVASION.md).
XML_USER_READS = 4000
# The heads of generic-password-cracked (prose27): an attack tool's report of a password it found or dumped.
CRACKED = re.compile(r"\[\+\][ \t]+[\w.-]+\\{1,2}[\w.$@-]+:"   # netexec / crackmapexec success line
                     r"|\[\*\][ \t]DefaultPassword[ \t]*\r?\n\n?(?:[\w.-]+\\{1,2}[\w.$@-]+|\(Unknown User\)):"
                     r"|(?:john|hashcat)\b[^\n]*[ \t]--show\b[^\n]*\r?\n\n?(?:[^\n]*\r?\n\n?)*?"
                     r"[^\s:]+:(?:[0-9a-fA-F]{32,128}:)?")  # john's user:X:uid..., hashcat's [user:]hash:X
# leak46: the status lines a tool or a server prints right after a credential it found or was given: john's
# `1 password hash cracked, 0 left`, an FTP / SMTP reply (`230 Logged in`, `235 2.7.0 Authentication successful`),
# POP3's `+OK`. They belong to that credential's block (Scanner._second_look blanks them with it): no context for the
# next credential, and no CSV header above the next export. Matched from the end of the value's line.
BLOCK_TRAIL = re.compile(r"(?:\n(?:[ \t\r]*\n){0,4}[ \t]*(?:\d{1,9}[ \t]+password[ \t]+hash(?:es)?[ \t]+cracked\b"
                         r"|[1-5][0-5]\d(?:[ -](?:\d\.\d{1,3}\.\d{1,3}[ \t])?[A-Z][^\n]*)?(?=\r?(?:\n|$))"
                         r"|[+-](?:OK|ERR)\b)[^\n]*)+")
# The heads of generic-password-named-value, from the password word that ends a name to the value: an env entry's
# `value:`, a Terraform variable's `default =`, a table row's label cell. A row labelled only pass / pw / pwd wants
# a user row within USER_ROW_READS before it.
NAMED_VALUE = re.compile(
    r"(?i)(?P<env>[\w-]*[\"']{0,2}[ \t]*\r?\n\n?[ \t]*value:[ \t]*[\"']{0,2})"
    r"|(?P<variable>[\w-]*\"{1,2}[ \t]*\{.*default[ \t]*=[ \t]*\"{1,2})"
    r"|(?P<row>[\w-]*[ \t*]*\|{1,2}[ \t]*`?)"
    r"|(?P<attribute>[\w-]*[\"'][ \t]+value=[\"'])"
    r"|(?P<object>[\w-]*[\"']{1,2}[ \t]*(?::[ \t]*\{[ \t]*|,[ \t]*)[\"']{1,2}value[\"']{1,2}[ \t]*:[ \t]*[\"']{1,2})",
    re.DOTALL)
ROW_LABEL = re.compile(r"(?i)[ \t]*\|{1,2}[ \t*]*(?P<label>[\w -]{0,24}?)[ \t*]*$")
ROW_USER = re.compile(r"(?im)^[ \t]*\|{1,2}[ \t*]*(?:user(?:name)?|login|account|benutzer(?:name)?)[ \t*]*\|")
USER_ROW_READS = 400
NAMED_AMBIGUOUS = re.compile(r"(?i)pass|pwd?")
ROW_WORD = re.compile(r"\w*")
NEGATION = re.compile(r"(?i)\b(?:no|not|without|kein|keine|sans|sin|sem|geen|brak)\b")


# prose38: a URL's user-info (generic-url-credentials-letters): scheme://user: before a letters-only password.
# prose52: or //user: with no scheme, the blank or quote before it the rule's own (mount_smbfs //user:X@nas/share)
URL_USERINFO = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]{1,30}:/{2,4}|[\s\"'=(,]?//)(?P<user>[^\s:/@\"'`<>]{1,64}):")
# The words docs put in that slot (anonymous:anonymous@, admin:administrator@): accounts' names, not passwords.
URL_EXAMPLE_WORDS = frozenset(["anonymous", "administrator", "password", "username", "changeme", "example"])


def place_signals(view: str, match_start: int, value_start: int, value_end: int) -> list[tuple[str, int]] | None:
    """The signals of the place a carrier rule matched, or None when the match is not one of those places."""
    head = view[match_start:value_start]
    userinfo = URL_USERINFO.fullmatch(head)
    if userinfo is not None:
        value = view[value_start:value_end].lower()
        if value == userinfo.group("user").lower() or value in URL_EXAMPLE_WORDS:
            return [("the user's name or an example's word again in the password slot (postgres:postgres@)", -8)]
        return [("letters in the password slot of a URL's user-info (scheme://user:X@host)", 4)]
    # The CLI, comment and table rules look behind for the tool, the comment mark and the header's first cells
    # (the stream masker then holds from the flag or the password word): read them from the match's line, as far as
    # context_score.LINE_READS back (their lookbehinds read 170 at most; the whole line per value was quadratic).
    line_start, _ = line_bounds(view, match_start, match_start)
    wifi = _wifi_place(view, line_start, match_start, head)
    if wifi is not None:
        return wifi
    xml = XML_ELEMENT.fullmatch(head)
    if xml is not None:
        named = xml.group("named")
        named = named if named and XML_PASSWORD_TAG.fullmatch(named) else None
        return _xml_signals(named or xml.group("tag") or xml.group("key"), view, value_start, value_end, match_start)
    if CRACKED.fullmatch(head):
        return [("a password an attack tool reports it found or dumped ([+] DOMAIN\\user:X, secretsdump "
                 "DefaultPassword, john / hashcat --show)", 4)]
    named = NAMED_VALUE.fullmatch(head)
    if named is not None:
        return _named_signals(view, line_start, match_start, named, value_end)
    if SQL_IDENTIFIED.fullmatch(head):
        return [("the password a SQL statement gives an account (IDENTIFIED BY, ROLE ... PASSWORD)", 4)]
    if DIRECTIVE.fullmatch(head) and (match_start == 0 or view[match_start - 1] == "\n" or head[:1] == "\n"
                                      or DIRECTIVE_KEY_START.fullmatch(view, line_start, match_start)):
        signals = [("a directive on a line of its own: the key word, a blank, the value (msmtprc, .netrc)", 4),
                   *_short_pin(view, value_start, value_end)]
        if DIRECTIVE_SETTING.fullmatch(view, line_start, match_start):
            signals.append(("the key names a setting about passwords (ResetPassword, SyncPassword)", -6))
        # The entry's other lines (machine example.org, a comment above): documentation, not a config.
        above = NEGATIVE.search(view, max(0, line_start - DIRECTIVE_READS), line_start)
        if above:
            signals.append((f"negative context word {above.group().lower()!r} in the lines above", -3))
        return signals
    if PROTOCOL_FIELD.fullmatch(head):
        return [("the password field of a protocol message or a console command after its user's (SIP2 CN.. CO, "
                 "AA.. AD; ADDUSER -N:U -P:X)", 4), *_short_pin(view, value_start, value_end)]
    if CI_MASK.fullmatch(head):
        return [("a value a CI job masks as a secret (::add-mask::)", 4)]
    if OS_ACCOUNT.fullmatch(head):
        return [("the password an installer or admin command sets (rootpw, net user)", 4)]
    if UNLOCK_CALL.fullmatch(head):
        signals = [("the passphrase an unlock or decrypt call or command is given (Account.decrypt(ks, X), "
                    "unlockAccount(addr, X), walletpassphrase X)", 4), *_short_pin(view, value_start, value_end)]
        if DECRYPT_OPTION.fullmatch(view, value_start, value_end):
            signals.append(("the argument names an encoding or an algorithm (base64, aes-256-cbc, HS256)", -8))
        return signals
    if ADMIN_COMMAND.fullmatch(head):
        signals = [(SYNTAX_PLACE, 4), *_short_pin(view, value_start, value_end)]
        value = view[value_start:value_end]
        if PASSWORD_CALL.match(head) and value.isalpha() and value.islower() and len(value) < CALL_WORD_CHARS:
            # A test's or a type check's literal (zipfile's `setpassword("unicode")` in CPython's tests).
            signals.append(("a short lower-case word in a call: a literal of code, not a password", -6))
        return signals
    if NICKSERV.fullmatch(head):
        if COMMAND_ENDS.match(view, value_end) is None:
            return [("NickServ IDENTIFY: another token follows, so this one is the nick", -8)]
        return [("the password NickServ IDENTIFY gives", 4), *_short_pin(view, value_start, value_end)]
    if EXPECT_SEND.fullmatch(head):
        return [("sent by an expect script after a password prompt", 4)]
    if STDIN_ECHO.fullmatch(head):
        file = STDIN_FILE.match(view, value_end)
        if file is not None:
            signals = [(f"written into a file its name calls a password ({file.group('file')})", 4),
                       *_short_pin(view, value_start, value_end)]
            value = view[value_start:value_end]
            if value.isalpha() and value.islower() and len(value) < CALL_WORD_CHARS:
                # A status word a script writes (echo done > /tmp/passwd.state): two words run together are longer.
                signals.append(("a short lower-case word written to a file: a status, not a password", -6))
            return signals
        reader = STDIN_READER.search(view, value_end, min(len(view), value_end + STDIN_READS))
        if reader is None:
            return None
        return [(f"echoed into a command that reads a password from stdin ({reader.group('reader').strip()})", 4),
                *_short_pin(view, value_start, value_end)]
    if CLI_LONG_OPTION.fullmatch(head):
        return [("the value of a command-line option named a password (--x-password VALUE, -storepass VALUE, "
                 "/password VALUE)", 4),
                *_short_pin(view, value_start, value_end)]
    setter = SECRET_SETTER.fullmatch(head)
    if setter is not None:
        return [(f"the value a secret-setting command gives {setter.group('name')}", 4),
                *_short_pin(view, value_start, value_end)]
    if KEYCHAIN_ANSWER.fullmatch(head):
        return [("the line a keychain query with -w answers: the password alone", 4)]
    if USER_THEN_PASSWORD_FLAG.search(view, max(line_start, match_start - USER_FLAG_READS), value_start):
        return [("the password flag after the user flag of any tool (-u U -p X, -U U -P X, -gu U -gp X, "
                 "-p PRINCIPAL -w X)", 4),
                *_short_pin(view, value_start, value_end)]
    if USER_OPTION_PAIR.fullmatch(head) and OPTION_AFTER.match(view, value_end):
        return [("the second word of an option taking the user and the password, another option after them "
                 "(-user U X -function F)", 4), *_short_pin(view, value_start, value_end)]
    control = CONTROL_TOOL_ACCOUNT.fullmatch(head)
    if control is not None:
        return [(f"the password {control.group('tool')} registers an account on a host with (register U HOST X)", 4),
                *_short_pin(view, value_start, value_end)]
    if PLAIN_SCHEME.fullmatch(head):
        return [("after a cleartext scheme's prefix in a password store ({PLAIN}X, {CLEARTEXT}X)", 4),
                *_short_pin(view, value_start, value_end)]
    if SECRETS_ENTRY.fullmatch(head):
        value = view[value_start:value_end]
        if value.upper() in head.upper().split():  # attack62: `: PSK "PSK"`, `: EAP "eap"`: the kind's own name
            return [("the secret is the entry's own kind or file named again: a placeholder", -8)]
        return [("the secret of an IPsec secrets file's entry (: PSK \"X\", : EAP \"X\", : RSA key \"X\")", 4),
                *_short_pin(view, value_start, value_end)]
    if SAMBA_USER.fullmatch(head):
        return [("the password argument of Samba's -U USER%X, after the %", 4),
                *_short_pin(view, value_start, value_end)]
    if PLUS_LOGIN.fullmatch(head):
        return [("the password after the user of a tool's +login USER X (steamcmd)", 4),
                *_short_pin(view, value_start, value_end)]
    if LOGIN_COMMAND_ACCOUNT.fullmatch(head):
        signals = [("the password after a login command's account, an e-mail address (mega-login U X)", 4),
                   *_short_pin(view, value_start, value_end)]
        if view[value_start:value_end].lower() in LOGIN_COMMAND_TARGETS:
            signals.append(("an environment or a word of a login's form after the account, not a password", -8))
        return signals
    tool = CLI_TOOL.match(head) or (CLI_FLAG.match(head) and _last(CLI_TOOL, view[line_start:match_start]))
    if tool:
        return [(f"the password argument of {tool.group('tool')}", 4), *_short_pin(view, value_start, value_end)]
    columns = _commented_columns_signals(view, line_start, match_start, value_start, value_end) \
        if "\n" in head and COLUMN_WORD.match(head) else None
    if columns is not None:
        return columns
    # A comment's or a table's match goes on to the next line: its mark is looked for only then.
    # Searched in the view, not a slice: `^` is a line's start, never where a long line's reading was cut.
    mark = COMMENT_MARK.search(view, line_start, match_start) if "\n" in head or "\\n" in head else None
    if head.startswith("secret") and (mark or ("\n" in head and PRINTED_FILE.search(view, line_start, match_start))):
        return _secrets_file_signals(head, view, match_start, value_start, value_end)
    if mark:
        return [("a comment on the line before names a password", 3),
                *_key_signals(head, _first_line(view, line_start, match_start)[mark.end() - line_start:],
                              _ini(view, line_start, mark.group()))]
    wiki = _wiki_header(view, line_start, match_start) if "\n" in head else None
    if wiki is not None:
        return _wiki_table_signals(*wiki, view, value_start, value_end)
    table = TABLE_MARK.search(view, line_start, match_start) if "\n" in head else None
    if table:
        return _table_signals(view[table.end() - 1:value_start], view[value_start:value_end])
    if USER_PASS.fullmatch(head):
        signals = [("a user / password pair (USER x PASS, u: x p:, u/p: x /, RADIUS [user/pass])", 4),
                   *_short_pin(view, value_start, value_end)]  # prose62: `proxy_userpass = relay:4821` too
        rest_end = view.find("\n", value_end)
        rest = view[value_end:rest_end if rest_end >= 0 else len(view)]
        if head[:5] in ("USER ", "USER\t") and rest.strip(" \t\r\"'`\\}])"):  # not CURLOPT_USERPWD's key
            # A protocol command line holds the value alone: "USER and PASS commands are sent ..." is prose.
            signals.append(("words follow PASS's value on its line", -8))
        return signals
    if FORM_FIELD.search(head):
        return [("a form field named password is filled with it", 4), *_field_name_signals(head)]
    key_value = KEY_VALUE_HEADER.match(head) if "\n" in head else None
    if key_value is not None:
        return _key_value_signals(view, line_start, match_start, value_start, value_end)
    line = _first_line(view, line_start, match_start) if "\n" in head else ""
    header = _csv_header(line) if line else None
    if header is not None:
        return _csv_signals(header, view, value_start, value_end, labelled=len(header) < len(line))
    return None


# prose57, generic-password-column-header: a comment header of blank-separated columns (two blanks or a tab
# between them; a column's name may hold one blank: IP addresses), one naming a secret or password; a row below
# holds as many fields (a quoted one may hold blanks), the value the field in that column (pppd's chap-secrets).
COLUMNS_HEADER = re.compile(r"[ \t]*[#;][ \t]*")
COLUMN_SPLIT = re.compile(r" {2,}|\t+")
COLUMN_WORD = re.compile(r"(?i)secret|passwor[dt]|passwd|passphrase")
ROW_FIELD = re.compile(r"\"{1,2}[^\"\n]*\"{1,2}|[^\s\"]+")  # a JSON-escaped quote reads as two


def _commented_columns_signals(view: str, line_start: int, match_start: int, value_start: int,
                               value_end: int) -> list[tuple[str, int]] | None:
    """The value's field is in the column its comment header names and its row has the header's columns; None when
    the header has no columns or the row is a key's (`# password  for ops` then `smtp_pass: X`: the commented
    rule's)."""
    mark = max(view.rfind("#", line_start, match_start), view.rfind(";", line_start, match_start))
    opening = view[line_start:mark].strip(" \t")
    if mark < 0 or (opening not in ("", '"', "'") and not opening.endswith((': "', ":\"", "'"))):
        return None  # the comment opens its line or a string (a chat body's first line)
    header_end = view.find("\n", match_start)
    columns = [name for name in COLUMN_SPLIT.split(view[mark + 1:header_end].strip(" \t\r")) if name]
    column = len(COLUMN_SPLIT.findall(view[mark + 1:match_start].lstrip(" \t")))
    row_start = view.rfind("\n", 0, value_start) + 1
    row_end = view.find("\n", value_end)
    row = view[row_start:row_end if row_end >= 0 else len(view)].rstrip("\r")
    row = JSON_STRING_ENDS.split(row, maxsplit=1)[0]  # the row is a chat body's last line: its string ends there
    if len(columns) < 2 or row.lstrip().startswith(("#", ";")):
        return None
    fields = list(ROW_FIELD.finditer(row))
    here = [i for i, field in enumerate(fields) if row_start + field.start() <= value_start < row_start + field.end()]
    if len(fields) != len(columns) or here != [column]:
        if KEY_BEFORE_VALUE.search(view, row_start, value_start):
            return None
        return [("a comment header's columns, but the field is not in the column it names or its row has another "
                 "number of fields", -8)]
    return [("the field in the column a comment header names a secret or password, its row as many fields "
             "(pppd's chap-secrets: client  server  secret  IP addresses)", 4),
            *_short_pin(view, value_start, value_end)]


KEY_BEFORE_VALUE = re.compile(r"[:=]")
JSON_STRING_ENDS = re.compile(r"(?<!\")\"(?!\")[ \t]*[,}\]]")


# The field's name when it is one identifier ("PasswordMinLength", "password_hint"): a label with blanks is a person's.
FIELD_NAME = re.compile(r"\"(?P<name>[\w.-]{0,40}?(?i:passw|pass\b|pwd)[\w.-]{0,20})\"")


def _xml_signals(tag: str, view: str, value_start: int, value_end: int, match_start: int) -> list[tuple[str, int]]:
    """An XML element's text: a password's element gives any password (letters, a passphrase, a PIN); a token's or
    key's element (<token>, <ApiKey>) no word (a tokenizer's <token>hello</token>)."""
    if XML_SHORT_TAG.fullmatch(tag):
        if XML_USER_ELEMENT.search(view, max(0, match_start - XML_USER_READS), match_start) is None:
            return [("an XML element named only pass with no user element before it (a result, a ticket)", -8)]
        return [("the text of a <Pass> element after a user element (FileZilla's site manager)", 4),
                *_short_pin(view, value_start, value_end)]
    if XML_PASSWORD_TAG.fullmatch(tag):
        return [("the text of an XML element named a password or secret (<password>X</password>)", 4),
                *_short_pin(view, value_start, value_end)]
    signals = [("the text of an XML element named a token or key (<ApiKey>X</ApiKey>)", 4)]
    if view[value_start:value_end].isalpha():
        signals.append(("letters only in a token's or key's element: a word", -6))
    return signals


def _short_pin(view: str, value_start: int, value_end: int) -> list[tuple[str, int]]:
    if SHORT_PIN.fullmatch(view, value_start, value_end) is not None:
        return [("4 or 5 digits where the syntax gives a password: a PIN (offsets the short-token penalties)", 7)]
    if LONG_PIN.fullmatch(view, value_start, value_end) is not None:
        return [("6 to 12 digits where the syntax gives a password: a numeric password", 2)]
    return []


def _first_line(view: str, line_start: int, match_start: int) -> str:
    """The match's first line (a comment's, a CSV header's: 16 cells of up to 40 characters fit its reach)."""
    return view[line_start:line_bounds(view, match_start, match_start, 2 * LINE_READS)[1]]


def _field_name_signals(head: str) -> list[tuple[str, int]]:
    """A field named as one identifier is scored as a key: `{"name": "PasswordMinLength", "value": "14"}` names a
    policy's bound, a word after the password word names something else (key_names.key_signals)."""
    from . import key_names  # key_names imports tool_call, which this module must not wait for at import

    field = FIELD_NAME.search(head)
    if field is None:
        return []
    return [signal for signal in key_names.key_signals(field.group("name")) if signal[1] < 0 and "else" in signal[0]]


def _named_signals(view: str, line_start: int, match_start: int, named: re.Match[str],
                   value_end: int) -> list[tuple[str, int]]:
    """A value a sibling names: an env entry's `value:`, a Terraform default, a table row labelled a password."""
    if named.group("env") is not None:
        return [("the value of an env entry whose name is a password's (- name: X_PASS / value:)", 4),
                *_short_pin(view, match_start + named.end(), value_end)]  # prose35: a PIN there is one
    if named.group("object") is not None:
        return [("the value of a JSON credential object of a password ({\"password\": {\"value\": X}}, "
                 "{\"type\": \"password\", \"value\": X})", 4), *_short_pin(view, match_start + named.end(), value_end)]
    if named.group("attribute") is not None:
        return [("the value attribute of an element whose name / key attribute is a password's", 4)]
    if named.group("variable") is not None:
        return [("the default of a variable named a password (Terraform variable)", 4)]
    prefix = ROW_LABEL.search(view, line_start, match_start)  # the label's words before the password word
    label = (prefix.group("label") if prefix else "") + ROW_WORD.match(named.group("row")).group()  # type: ignore[union-attr]
    if NAMED_AMBIGUOUS.fullmatch(label.strip()) and \
            ROW_USER.search(view, max(0, line_start - USER_ROW_READS), line_start) is None:
        return [("a row labelled only pass / pw with no user row above it (a count, pass/fail)", -8)]
    return [("a table row whose label cell names a password", 4)]


def _wifi_place(view: str, line_start: int, match_start: int, head: str) -> list[tuple[str, int]] | None:
    """The signals of a Wi-Fi passphrase's place (generic-password-wifi), or None when the head is no such place."""
    if WIFI_PLACE.fullmatch(head) or (
            WIFI_NMCLI_WORD.fullmatch(head) and WIFI_NMCLI.search(view, line_start, match_start)):
        if WIFI_SLASH.match(head):
            after = view[match_start + len(head):_token_end(view, match_start + len(head))]
            if WIFI_MODE.fullmatch(after):
                return [("a Wi-Fi standard or security mode after the slash, not a key", -8)]
            slash = match_start + head.rfind("/")
            if WIFI_NARROW_SLASH.match(view, slash - 1) and WIFI_SPEC.fullmatch(after):
                return [("a list, a rate or a band after a slash with no blank around it, not a key", -8)]
            if len(after.strip(WIFI_KEY_TRAIL)) < WPA_PASSPHRASE_MIN:
                # attack34: "Wifi: Guest / Staff", "300Mbps / 867Mbps", "Wi-Fi6 / Wi-Fi6E" are a spec sheet's pairs
                return [("shorter than a WPA passphrase after the slash (8 to 63 characters), not a key", -8)]
        signals = [("a Wi-Fi passphrase's place (nmcli password, wpa_passphrase, psk=, WIFI: P:, WPA dialog Key:, "
                    "pre-shared-key=, PreSharedKey, netsh Key Content, UCI option key)", 4)]
        if WIFI_PAYLOAD.match(head) and WIFI_ESCAPE.search(view, match_start + len(head), _token_end(
                view, match_start + len(head))):
            # leak46: `P:puffin\;krillcove`: the payload's writer escaped the delimiter the passphrase holds, as the
            # format says (a generator's output, not a word of prose).
            signals.append(("a delimiter escaped in a WIFI: payload's passphrase (\\; \\,)", 3))
        return signals
    return None


def _token_end(view: str, start: int) -> int:
    end = start
    while end < len(view) and not view[end].isspace():
        end += 1
    return end


def _key_signals(head: str, comment: str, ini: bool) -> list[tuple[str, int]]:
    signals = [("a key, then : or =, then the value", 1)]
    key = KEY.search(head)
    if key and OTHER_KEY.search(key.group("key")):
        signals.append((f"the key names something else ({key.group('key')!r})", -6))
    if head.rstrip(" \t").endswith("="):
        signals.append(("unquoted after = in an INI file: its values are unquoted", 0) if ini
                       else ("unquoted after =: may be a name in code", -2))
    negative = NEGATIVE.search(comment)
    if negative:
        signals.append((f"negative context word {negative.group().lower()!r} in the comment", -3))
    negation = NEGATION.search(comment)
    if negation:
        signals.append((f"the comment says there is none ({negation.group().lower()!r})", -4))
    return signals


# prose62: an entry of a file of secrets (rsyncd.secrets, an app's .secrets): a name, a colon and the value, no blank
# between, as such a file writes `user:X` (a YAML or INI setting, `key: value`, `key = value`, is another file's).
SECRETS_FILE_ENTRY = re.compile(r"[ \t]*[^\s:=#\"']{1,64}:$")
# attack63: ppp's pap- and chap-secrets entry, `client server secret [addresses]` (a field may be quoted, `*` any),
# read only under a file so named: the head's last line up to the secret.
PPP_SECRETS_FILE = ("chap-", "pap-", "srp-")
PPP_ENTRY = re.compile(r"[ \t]*(?:\"[^\"\n]{1,64}\"|[^\s\"#]{1,64})[ \t]+(?:\"[^\"\n]{0,64}\"|[^\s\"]{1,64})[ \t]+\"?")
# attack63: a command that prints a file, its lines after it (a shell's or PowerShell's prompt before it, sudo too):
# `$ sudo cat /etc/rsyncd.secrets`, `less`, `Get-Content`. Searched from the line's start to the file's name.
PRINTED_FILE = re.compile(r"(?<![\w.-])(?:cat|tac|less|more|head|tail|bat|nl|type|Get-Content|gc)[ \t]")
# attack62: a setting's key no account is named (level:debug, image:nginx-1.25), or one in camelCase (apiVersion:v1):
# an account's name is lower case, as the systems that read such files write it.
SETTING_KEY = re.compile(r"(?i:^(?:level|image|tag|kind|env|region|locale|lang|format|profile|stage)$)|[a-z][A-Z]")


def _secrets_file_signals(head: str, view: str, match_start: int, value_start: int,
                          value_end: int) -> list[tuple[str, int]]:
    """A value under a comment that names a file of secrets by its name's end (`# /etc/rsyncd.secrets`), or under the
    command printing it: the file's entry `name:X` is a secret whatever the name (a user's: kyaw.min is no minimum),
    and so is ppp's `client server X` under pap- or chap-secrets; a setting is not one."""
    entry = head.rsplit("\n", 1)[-1]
    if view[max(0, match_start - 5):match_start].endswith(PPP_SECRETS_FILE) and PPP_ENTRY.fullmatch(entry):
        return [("the secret of a ppp secrets file's entry (client server X) under the file's name", 4),
                *_short_pin(view, value_start, value_end)]
    if SECRETS_FILE_ENTRY.fullmatch(entry) is None:
        return [("a setting under a comment naming a file of secrets, not an entry of it (name:X)", -6)]
    key = entry.strip(" \t:")
    # A setting's key (uid:nobody, secrets_file:...) rather than an account's name; an account with a dot, a hyphen
    # or an @ in it is a user's whatever its parts read as (kyaw.min).
    if (OTHER_KEY.search(key) or SETTING_KEY.search(key) or key.lower() in ("uid", "gid")) \
            and not any(mark in key for mark in ".-@"):
        return [(f"a setting's key under a comment naming a file of secrets ({key!r}), not an account", -6)]
    return [("an entry of a file of secrets the comment above names (rsyncd.secrets: name:X)", 4),
            *_short_pin(view, value_start, value_end)]


def _ini(view: str, line_start: int, mark: str) -> bool:
    """An INI file: a `;` comment, or a `[section]` line among the lines before (read up to INI_READS back)."""
    return mark.lstrip(" \t\"'").startswith(";") or \
        INI_SECTION.search(view, max(0, line_start - INI_READS), line_start) is not None


# A header cell that names the secret itself ("Secret", "Starter secret", "Shared secret"), not a secret's name, key or
# path ("Secret name", "Secret ARN", "secret_ref").
SECRET_CELL = re.compile(r"(?:[a-z]+[ -])?secret")


def _table_signals(head: str, value: str) -> list[tuple[str, int]]:
    """A Markdown table: is the value's cell in the column the header row names a password? A column named the
    secret may list secrets' names (attack31: `| api | redis-auth-v3 |`): the value's shape says."""
    header, _, rest = head.partition("\n")
    cells = [cell.strip(" \t*`").lower() for cell in header.strip(" \t").strip("|").split("|")]
    named = [i for i, cell in enumerate(cells) if PASSWORD_WORD.search(cell) or cell in ("pass", "pw")
             or SECRET_CELL.fullmatch(cell)]
    row = rest.rsplit("\n", 1)[-1]
    column = row.strip(" \t").count("|") - 1
    if column in named:
        by_secret = SECRET_CELL.fullmatch(cells[column]) is not None and not PASSWORD_WORD.search(cells[column])
        return [("a table cell in the column its header names a password", 4),
                *(secret_name_signals(value) if by_secret else [])]
    return [("a table cell, but not in the password column", -8)]


# prose32: a wiki's or a markup's table whose header row names a password column, whatever the markup: MediaWiki
# (`! a !! Password`, rows `| x || y` or a cell a line, split by `|-`), DokuWiki (`^ a ^ Password ^`, rows `| x | y |`),
# AsciiDoc (`|===` then `|a |Password`, then cells in order, one or more a line). generic-password-wiki-table's match
# starts at the header's password word; the value's cell must be in that column.
WIKI_HEADER = re.compile(r"(?m:^|[\"'])[ \t]*(?P<mark>[!^|])")  # at the line's start or a JSON string's
ASCIIDOC_TABLE = re.compile(r"(?:^|[\"'])[ \t]*\|===[ \t]*$")
ASCIIDOC_READS = 40  # characters above the header row its `|===` line is looked for in


def _wiki_header(view: str, line_start: int, match_start: int) -> tuple[str, int] | None:
    """The header row's markup and where the row starts: `!` MediaWiki, `^` DokuWiki, `|` AsciiDoc (the line
    right after `|===`)."""
    header = WIKI_HEADER.search(view, line_start, match_start)
    if header is None:
        return None
    mark, start = header.group("mark"), header.start("mark")
    line = view[start:view.find("\n", start)]
    if mark == "!":
        return ("!", start) if "!!" in line else None
    if mark == "^":
        return ("^", start) if line.count("^") >= 2 else None
    above = view[max(0, start - ASCIIDOC_READS):start].rstrip("\r\n").rsplit("\n", 1)[-1]
    return ("|", start) if ASCIIDOC_TABLE.search(above) else None


WIKI_PLACE = "a wiki or markup table cell in the column its header names a password"


def _wiki_cells(line: str, separators: str) -> list[str]:
    """A table line's cells (the text after each separator; a line's leading separator opens the first)."""
    return re.split(separators, line.strip(" \t\r"))[1:]


def _wiki_table_signals(mark: str, header_start: int, view: str, value_start: int,
                        value_end: int) -> list[tuple[str, int]]:
    header_end = view.find("\n", header_start)
    header = view[header_start:header_end]
    body = view[header_end + 1:value_start]
    if mark == "!":  # MediaWiki: a header cell a line (`! a` then `! b`) is not read, only `! a !! b`
        names = _wiki_cells(header, r"!!|!")
        cells = 0
        for line in body.split("\n"):
            stripped = line.strip(" \t\r")
            if stripped.startswith(("|-", "|}", "{|", "|+")):
                cells = 0
            elif stripped.startswith(("|", "!")):
                cells += len(_wiki_cells(stripped, r"\|\||!!|\||!"))
        column = cells - 1
    elif mark == "^":  # DokuWiki: a row a line, cells opened by | or ^
        names = [cell for cell in _wiki_cells(header, r"[|^]") if cell.strip()]
        column = len(_wiki_cells(body.rsplit("\n", 1)[-1], r"[|^]")) - 1
    else:  # AsciiDoc: cells in order after the header, as many a row as the header has
        names = [cell for cell in _wiki_cells(header, r"\|") if cell.strip()]
        cells = sum(len(_wiki_cells(line, r"\|")) for line in body.split("\n") if line.strip(" \t\r"))
        column = (cells - 1) % max(len(names), 1)
    if 0 <= column < len(names):
        cell = names[column].strip(" \t*'\"").lower()
        if PASSWORD_WORD.search(cell) or cell in ("pass", "pw") or SECRET_CELL.fullmatch(cell):
            return [(WIKI_PLACE, 4), *_short_pin(view, value_start, value_end)]
    return [("a table cell, but not in the password column", -8)]


CSV_PLACE = "a CSV cell in the column its header names a password"
# stream37: under a header after a sentence's colon, a line that starts with a label of its own is the next labelled
# line (a docstring's `Returns: user, password` then `Raises: KeyError, ValueError`, YAML's `scopes: a,b,secret` then
# `token: ...`), not a row of the example.
CSV_ROW_LABEL = re.compile(r"[ \t]*[\w .-]{1,40}:[ \t]")


def _csv_signals(header: str, view: str, value_start: int, value_end: int,
                 labelled: bool = False) -> list[tuple[str, int]]:
    """A CSV / TSV export: is the value's cell in a column whose header cell names a password, in a row with the
    header's number of delimiters? (Quoted cells holding a delimiter are not split: such a row counts as ragged.)
    `labelled`: the header does not start its line (`Sure: app,client_secret`, a JSON string's)."""
    delimiter = max(CSV_DELIMITERS, key=header.count)
    row_start = view.rfind("\n", 0, value_start) + 1
    row_end = view.find("\n", value_end)
    row = view[row_start:row_end if row_end >= 0 else len(view)]
    if labelled and CSV_ROW_LABEL.match(row):
        return [("a labelled line under a header after a colon (Returns: a, b then Raises: c, d): no CSV row", -8)]
    if len(_cells(row, delimiter)) != len(_cells(header, delimiter)):
        return [("a row with another number of cells than the CSV header", -8)]
    column = len(_cells(view[row_start:value_start], delimiter)) - 1
    cell = _cells(header, delimiter)[column].strip(" \t\"'\r")
    if not CSV_PASSWORD_CELL.fullmatch(cell):
        return [("a CSV cell, but its column's header does not name a password", -8)]
    user_column = any(CSV_USER_CELL.fullmatch(other.strip(" \t\"'\r")) for other in _cells(header, delimiter))
    if CSV_AMBIGUOUS_CELL.fullmatch(cell) and not user_column:
        return [("a CSV column named only pass / pw / pwd with no user column beside it (a bus pass, pass/fail)", -8)]
    if not user_column:
        return [(CSV_PLACE, 4)]
    # prose30: a user column beside the password column makes the rows logins (a password manager's or a browser's
    # export, an account list): the cell is the password however it is shaped (letters, a PIN, word_72).
    return [(CSV_PLACE, 4), ("a user column beside it: each row is a login (a password manager's export)", 2),
            *_short_pin(view, value_start, value_end)]


# prose32: a key / value table copied as TSV (Session Storage, a CI's variables screen): the match starts at the
# header's Key / Name / Variable cell; the value's row has the key naming a password in that column, the value in
# the Value one.
KEY_VALUE_HEADER = re.compile(r"(?i)(?:key|name|variable)\t")
KEY_VALUE_NAMES = ("key", "name", "variable")
KEY_VALUE_KEY = re.compile(r"[\w.-]*(?:(?i:password|passwd|passphrase)|(?<![a-zA-Z])(?i:pass|pwd|pw|secret)"
                           r"|[a-z](?:Pass|Pwd|Secret))")


def _key_value_signals(view: str, line_start: int, match_start: int, value_start: int,
                       value_end: int) -> list[tuple[str, int]]:
    opens = view.rfind('"', line_start, match_start) + 1  # a JSON string may open the header row
    header = _cells(_first_line(view, max(line_start, opens), match_start), "\t")
    names = [cell.strip(" \t\r\"'").lower() for cell in header]
    row_start = view.rfind("\n", 0, value_start) + 1
    row = _cells(view[row_start:value_start], "\t")
    value_column, key_column = len(row) - 1, len(row) - 2
    if "value" not in names or names.index("value") != value_column or key_column < 0 \
            or names[key_column] not in KEY_VALUE_NAMES:
        return [("a key / value row, but the value is not in the Value column beside the Key", -8)]
    key = row[key_column].strip(" \t\"'")
    if not KEY_VALUE_KEY.fullmatch(key):
        return [("a key / value row whose key does not end in a password word", -8)]
    return [(f"the value of the key {key} in a key / value table", 4),
            *_short_pin(view, value_start, value_end)]


def _csv_header(line: str) -> str | None:
    """The CSV header the line holds: all of it, or the part after a JSON string opens in it or a colon and a blank."""
    if CSV_HEADER_LINE.fullmatch(line):
        return line
    for opens in STRING_OPENS.finditer(line):
        start = opens.end() - (opens.group()[-1] in "\"'")  # a string's cells start at its quote
        if CSV_HEADER_LINE.fullmatch(line, start):
            return line[start:]
    return None


def _cells(row: str, delimiter: str) -> list[str]:
    """A row's cells; a JSON-escaped tab reads as two tabs, one delimiter. stream37: a delimiter inside a quoted cell
    (`"Mail, work"`, RFC 4180) splits nothing (a row's prefix may end inside its value's open quote)."""
    if delimiter == "\t":
        row = row.replace(delimiter * 2, delimiter)
    if '"' not in row:
        return row.split(delimiter)
    cells, start, at, size = [], 0, 0, len(row)
    while at < size:
        if at == start and row[at] == '"':  # a quoted cell (its first character), "" inside it a quote; a quote
            close = at + 1                   # anywhere else is a character (a JSON body's `"}` after a row)
            while close < size and (row[close] != '"' or row.startswith('""', close)):
                close += 2 if row[close] == '"' else 1
            if close < size:  # unclosed: the quote a JSON string opens before a header, a character
                at = close
        elif row[at] == delimiter:
            cells.append(row[start:at])
            start = at + 1
        at += 1
    cells.append(row[start:])
    return cells


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(text):  # noqa: B007 (the last one is wanted)
        pass
    return found
