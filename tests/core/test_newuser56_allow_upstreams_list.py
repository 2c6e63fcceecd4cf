"""newuser56: two local stand-ins, allowed with one value `127.0.0.2:18711,127.0.0.3:18712`, got "an IPv6 address
needs brackets" (the comma list read as one host with colons). The option takes one HOST:PORT per value: the
error now says to give it once for each."""

import pytest
from mitmproxy import exceptions

from addons.guard.hostpolicy import parse_upstreams

ONE_PER_VALUE = "one HOST:PORT per value: give the option once for each"


@pytest.mark.parametrize("spec", [
    "127.0.0.2:18711,127.0.0.3:18712",
    "127.0.0.2:18711, 127.0.0.3:18712",
    "127.0.0.2:18711 127.0.0.3:18712",
    "localhost:8000;localhost:8001",
    "[::1]:8000,[::1]:8001",
])
def test_a_list_in_one_value_says_to_repeat_the_option(spec):
    with pytest.raises(exceptions.OptionsError) as refused:
        parse_upstreams([spec])
    message = str(refused.value)
    assert ONE_PER_VALUE in message and "IPv6" not in message


def test_the_error_spells_the_repeated_option_with_the_values_given():
    with pytest.raises(exceptions.OptionsError) as refused:
        parse_upstreams(["127.0.0.2:18711,127.0.0.3:18712"])
    assert "(--set exitguard_allow_upstreams=127.0.0.2:18711 --set exitguard_allow_upstreams=127.0.0.3:18712)" in str(
        refused.value)


def test_repeated_values_are_what_it_takes():
    assert parse_upstreams(["127.0.0.2:18711", "127.0.0.3:18712"]) == {("127.0.0.2", 18711), ("127.0.0.3", 18712)}
