"""A wrong option value the bundle refuses while mitmproxy loads it is one line, not a traceback (newuser43).

`exitguard up --set exitguard_approval_timeout=-5` (or `exitguard_record_rotate=daily`,
`exitguard_allow_upstreams=localhost`) passed up's checks, and mitmproxy then printed "error in script
.../bundle.py", a Python traceback through the addon's configure, and the addon's own sentence at its bottom. An
OptionsError is a sentence written for the operator: the log says it and no traceback. Other exceptions (a bug)
keep theirs.
"""

from __future__ import annotations

import logging

from mitmproxy import exceptions

from addons.core import logmask

SCRIPT_LOGGER = "mitmproxy.addons.script"  # mitmproxy's script_error_handler logs there


def logged(caplog, error: Exception) -> str:
    logmask.install()
    try:
        with caplog.at_level(logging.INFO):
            try:
                raise error
            except Exception as e:
                logging.getLogger(SCRIPT_LOGGER).error("error in script %s", "/x/addons/bundle.py",
                                                       exc_info=(type(e), e, e.__traceback__))
    finally:
        logmask.uninstall()
    [record] = [r for r in caplog.records if r.name == SCRIPT_LOGGER]
    assert record.exc_info is None
    return record.getMessage()


def test_an_option_error_at_load_is_one_line_naming_the_option(caplog):
    message = logged(caplog, exceptions.OptionsError("exitguard_approval_timeout must be a positive number"))
    assert message == ("error in script /x/addons/bundle.py: exitguard_approval_timeout must be a positive "
                       "number")
    assert "Traceback" not in caplog.text


def test_any_other_exception_keeps_its_traceback(caplog):
    message = logged(caplog, KeyError("a bug"))
    assert "Traceback" in message and "KeyError" in message
