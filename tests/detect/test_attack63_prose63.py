"""attack63: prose63's new shapes (its head 6aa0072, merged here at 0290ad3) said another way. Each text is a shape
prose63 claims, typed as people and tools also type it: a shell line continued with a backslash, the flags in the
other order, an option before the subcommand, a string prefix, a typographic apostrophe or a line break before the
answer, an adjective on the reset, Markdown code, a no-break space or a line break inside a gapped clause, and the
gapped sentence opening a JSON string (a tool call's argument, found by the stream sweep's JSON leg). Each failed on
prose63's head and on main b67f1f4; all are open (strict xfails, EVASION.md attack63's prose63 rows): the owner's to
close. A look-alike prose63 masks is kept as a strict xfail too."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()

OPEN_EVASIONS = [
    # the command line continued onto the next line, as a script or a README writes a long one
    ("vmrun -T fusion -gu j.moreau \\\n  -gp Ferment#4471x runScriptInGuest /vm/cellar.vmx /bin/sh", "Ferment#4471x"),
    ("kadmin -p m.kowal/admin@FORGE.TEST \\\n    -w Chmiel#4471x -q listprincs", "Chmiel#4471x"),
    ("sapcontrol -nr 02 -host s4.forge.test -user ops.kb \\\n  Tarn!Fescue6 -function Stop", "Tarn!Fescue6"),
    ("prosodyctl register p.novak xmpp.ferry.test \\\n  Quay!Lantern52", "Quay!Lantern52"),
    # the flags in the other order, the option's words quoted, an option before the subcommand
    ("vmrun -T fusion -gp Ferment#4471x -gu j.moreau runScriptInGuest /vm/cellar.vmx /bin/sh", "Ferment#4471x"),
    ("kadmin -w Chmiel#4471x -p m.kowal/admin@FORGE.TEST -q listprincs", "Chmiel#4471x"),
    ('sapcontrol -nr 02 -user "ops.kb" "Tarn!Fescue6" -function Stop', "Tarn!Fescue6"),
    ("ejabberdctl --node ejabberd@chat register k.olsen chat.forge.test Heron_Quay83", "Heron_Quay83"),
    # a string prefix on the literals of a call naming user and password
    ("mqttc.username_pw_set('kiln-07', r'Glaze_Kiln_7781')", "Glaze_Kiln_7781"),
    ('client.username_pw_set(b"kiln-07", b"Glaze_Kiln_7781")', "Glaze_Kiln_7781"),
    # the reset: a typographic apostrophe or a line break before the answer, an adjective on the reset
    ("The door panel asks for its password after each reset. It\u2019s Kelenn#2291x, user ops.", "Kelenn#2291x"),
    ("The door panel asks for its password after each reset.\nIt's Kelenn#2291x, user ops.", "Kelenn#2291x"),
    ("The hive scale's password since the last reset is Honey!Comb58.", "Honey!Comb58"),
    ("The hive scale's password since the factory reset is Honey!Comb58.", "Honey!Comb58"),
    # gapping: Markdown code, a no-break space, a line break, the PIN; the sentence opening a JSON string or a quote
    ("For the kiln controller, r.ostrowska is the user and `Glaze_Kiln_7781` the password.", "Glaze_Kiln_7781"),
    ("For the kiln controller, r.ostrowska is the user and Glaze_Kiln_7781\u00a0the password.", "Glaze_Kiln_7781"),
    ("For the kiln controller, r.ostrowska is the user and Glaze_Kiln_7781 the\npassword.", "Glaze_Kiln_7781"),
    ("For the kiln controller, r.ostrowska is the user and Glaze_Kiln_7781 the PIN.", "Glaze_Kiln_7781"),
    ('{"note": "t.lind is the login, Tarn!Fescue6 the password; both are case-sensitive."}', "Tarn!Fescue6"),
    ('{"note": "m.kowal is the account and Chmiel#4471x the password."}', "Chmiel#4471x"),
    ('"t.lind is the login, Tarn!Fescue6 the password; both are case-sensitive."', "Tarn!Fescue6"),
    # digits before their word after an account, the word on the next line
    ("Your account on the portal is b.okafor, and 58203914 is the\npassword.", "58203914"),
    # letters first: the copula not contracted
    ("Login kiln-07 on the glaze tablet. SaggarKilnwash -- that is the password.", "SaggarKilnwash"),
    # the dotted account's clause: a colon after "is now", another verb
    ("Kiln app: the glaze-room password for m.kowal is now: saggarkilnwash.", "saggarkilnwash"),
    ("Kiln app: the glaze-room password for m.kowal has become saggarkilnwash.", "saggarkilnwash"),
]


@pytest.mark.xfail(strict=True, reason="open (EVASION.md, attack63 on prose63): prose63's signals read the shape on "
                   "one line, flags in one order, the apostrophe ', `after a/each/every reset`, the gapped clause at a "
                   "line's start (not a JSON string's), plain blanks and no Markdown between value and word")
@pytest.mark.parametrize("text,value", OPEN_EVASIONS)
def test_open_evasions(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


OPEN_LOOK_ALIKES = [
    'admin.set_user_password(user_id, "new-password-here")',  # a placeholder phrase as the new password
]


@pytest.mark.xfail(strict=True, reason="open (EVASION.md, attack63 on prose63): a call naming user and password "
                   "takes its second literal whatever it reads as (a hyphenated placeholder phrase)")
@pytest.mark.parametrize("text", OPEN_LOOK_ALIKES)
def test_open_look_alikes(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)
