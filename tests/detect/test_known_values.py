"""Documented test values are `test-value`, published addresses `public`; real ones keep their class."""

import pytest

from addons.core.vocabulary import SELECTORS
from addons.detect import Scanner
from addons.detect.vocabulary import Classification


@pytest.fixture(scope="module")
def scanner():
    return Scanner.default()


@pytest.mark.parametrize("text, rule_id, classification", [
    ("test card 4111 1111 1111 1111 exp 12/30", "payment-card", "test-value"),
    ("use 4242424242424242 in test mode", "payment-card", "test-value"),
    ("Visa 4539148803436467", "payment-card", "regulated"),
    ("SSN: 123-45-6789", "us-ssn", "test-value"),
    ("applicant ssn 536-22-8817 on file", "us-ssn", "regulated"),
    ("# Author: Jane Doe <jane.doe@gmail.com>\nimport os", "email-address", "public"),
    (" * @author Max Mustermann <max.mustermann@web.de>", "email-address", "public"),
    ("mailto:alice@example.org", "email-address", "public"),
    ("From: noreply@github.com", "email-address", "public"),
    ("Please email maria.gonzalez@gmail.com about the refund", "email-address", "confidential"),
])
def test_reclassified(scanner, text, rule_id, classification):
    (finding,) = [f for f in scanner.scan(text) if f.rule_id == rule_id]
    assert finding.classification == classification


def test_test_value_is_the_least_strict_class_and_a_policy_selector():
    assert next(iter(Classification)) == Classification.TEST_VALUE
    assert Classification.PUBLIC.is_stricter_than("test-value")
    assert "test-value" in SELECTORS


# Authors and list addresses as CPython's standard library credits them (scripts/eval_stdlib.py found them).
@pytest.mark.parametrize("text", [
    '__author__ = "Nadeem Vawda <nadeem.vawda@gmail.com>"',
    "Written by Marc-Andre Lemburg (mal@lemburg.com).",
    "# Released to the public domain 16-Jan-2001, by Tim Peters (tim@python.org).",
    "# Long option support added by Lars Wirzenius <liw@iki.fi>.",
    "#   by Timothy O'Malley <timo@alum.mit.edu>",
    "Adapted by Raymond Hettinger from zlib_codec.py which was written\nby Marc-Andre Lemburg (mal@lemburg.com).",
    "#  Author:      Fred L. Drake, Jr.\n#               fdrake@acm.org",
    "# Copyright (c) 1999-2008 by Fredrik Lundh.  All rights reserved.\n#\n# fredrik@pythonware.com",
    "# Contact: email-sig@python.org",
    "# Thanks to Masazumi Yoshikawa (yosikawa@isi.edu)",
    "# Copyright (C) 2006 - 2010  Gregor Lingl\n# email: glingl@aon.at",
    "# Author: Zooko O'Whielacronx\n# http://zooko.com/\n# mailto:zooko@zooko.com",
    "For support, use the optik-users@lists.sourceforge.net mailing list",
    "please contact Secret Labs AB (info@pythonware.com).",
])
def test_credited_authors_and_role_mailboxes_are_public(scanner, text):
    (finding,) = [f for f in scanner.scan(text) if f.rule_id == "email-address"]
    assert finding.classification == "public"


def test_every_address_of_a_multi_line_author_tuple_is_public(scanner):
    text = ('__author__ = ("Guido van Rossum <guido@python.org>, "\n'
            '              "Mike Verdone <mike.verdone@gmail.com>, "\n'
            '              "Mark Russell <mark.russell@zen.co.uk>")\n')
    findings = [f for f in scanner.scan(text) if f.rule_id == "email-address"]
    assert [f.classification for f in findings] == ["public"] * 3


@pytest.mark.parametrize("text", [
    "From: Jörg Weber <joerg.weber@web.de>",
    "ticket created by Maria Gonzalez <maria.gonzalez@gmail.com>",  # a comment-only verb, in a record
    "Contact: maria.gonzalez@gmail.com",
    "email: maria.gonzalez@gmail.com",  # a label without a header block above
    "Thanks to maria.gonzalez@gmail.com for the invoice",  # `thanks to` credits only in a code comment
    "Maria Gonzalez <maria.gonzalez@gmail.com>\nTom Nguyen <t.nguyen@acme-corp.io>",  # an export, no header
    "# Author: Jane Doe\nnotify('maria.gonzalez@gmail.com')",  # code after the header block
    "# Copyright 2024 ACME\n\n# maria.gonzalez@gmail.com",  # a blank line ends the block
    "mailto:maria.gonzalez@gmail.com?subject=support",  # a role word elsewhere is no role mailbox
])
def test_personal_addresses_near_credit_like_words_stay_confidential(scanner, text):
    findings = [f for f in scanner.scan(text) if f.rule_id == "email-address"]
    assert findings and all(f.classification == "confidential" for f in findings)
