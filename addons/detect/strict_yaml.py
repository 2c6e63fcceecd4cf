"""YAML for the files that decide what may leave (the policy, rule packs): a key given twice in one mapping is a
mistake, not an override.

PyYAML keeps the last of two equal keys in silence, so a policy whose second `mode:` line says `report`, or a rule
with two `regex:` lines, loaded as if the first line were not there. The error names both places by line and
column and never quotes the key (yaml_problem's rule: a file's text could hold a credential). Merge keys (`<<`)
still combine mappings as YAML says.
"""
from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError

_MERGE_TAG = "tag:yaml.org,2002:merge"


class _RefusesRepeatedKeys:
    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            first_at: dict[Any, Any] = {}
            for key_node, _ in node.value:
                if key_node.tag == _MERGE_TAG:
                    continue
                key = self.construct_object(key_node, deep=True)  # type: ignore[attr-defined]
                try:
                    earlier = first_at.setdefault(key, key_node.start_mark)
                except TypeError:  # an unhashable key: the base constructor refuses it with its own message
                    continue
                if earlier is not key_node.start_mark:
                    raise ConstructorError(
                        None, None,
                        f"a key given twice in one mapping (first at line {earlier.line + 1}, "
                        f"column {earlier.column + 1})",
                        key_node.start_mark)
        return super().construct_mapping(node, deep)  # type: ignore[misc]


# libyaml when PyYAML was built with it: 80+ rule packs parse several times faster, which is most of the
# proxy's start-up and of every test that loads the rules.
class StrictLoader(_RefusesRepeatedKeys, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


# The pure-Python parser, whose syntax error texts the policy's messages (and their tests) were written against.
class StrictPythonLoader(_RefusesRepeatedKeys, yaml.SafeLoader):
    pass


def load(text: str) -> Any:
    """`text` parsed like yaml.safe_load, but refusing a key given twice in one mapping (yaml.YAMLError)."""
    return yaml.load(text, Loader=StrictPythonLoader)  # StrictPythonLoader is a SafeLoader
