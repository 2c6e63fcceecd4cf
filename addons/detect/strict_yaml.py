"""YAML for the files that decide what may leave (the policy, rule packs): a key given twice in one mapping is a
mistake, not an override.

PyYAML keeps the last of two equal keys in silence, so a policy whose second `mode:` line says `report`, or a rule
with two `regex:` lines, loaded as if the first line were not there. The error names both places by line and
column and never quotes the key (yaml_problem's rule: a file's text could hold a credential). Merge keys (`<<`)
still combine mappings as YAML says; a key given twice inside a merged mapping, two `<<` in one mapping, or one key
in two mappings of a merged list (which wins differs between PyYAML versions) is refused too.
"""
from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError

_MERGE_TAG = "tag:yaml.org,2002:merge"


class _RefusesRepeatedKeys:
    # attack51: the check runs where every mapping passes before its merges are applied (flatten_mapping), not in
    # construct_mapping: a mapping that is only merged (`<<: {mode: enforce, mode: report}`) is flattened into its
    # parent and never constructed, so a key given twice in it was kept last in silence; and a mapping flattened
    # once holds its merged pairs beside its own (`&b {<<: *a, mode: x}` then `*b`), which is no repeat.
    def flatten_mapping(self, node):
        checked = self.__dict__.setdefault("_exitguard_checked", {})
        if id(node) not in checked:
            checked[id(node)] = node  # kept: the id of a node freed meanwhile could be reused
            self._refuse_repeats(node)
        super().flatten_mapping(node)  # type: ignore[misc]

    def _refuse_repeats(self, node) -> None:
        first_at: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            # a second `<<` is a key given twice too: the later merge's keys silently won
            key = _MERGE_TAG if key_node.tag == _MERGE_TAG else self.construct_object(  # type: ignore[attr-defined]
                key_node, deep=True)
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
            if key == _MERGE_TAG and isinstance(value_node, yaml.SequenceNode):
                self._refuse_overlap(value_node)

    def _refuse_overlap(self, merged) -> None:
        """A key two mappings of one merged list both give: YAML says the first wins, PyYAML 6.0.4 keeps the last
        (6.0.3 the first), so which one a policy gets depends on the installed PyYAML."""
        given_at: dict[Any, Any] = {}
        for subnode in merged.value:
            if not isinstance(subnode, yaml.MappingNode):
                continue  # the base constructor refuses it with its own message
            self.flatten_mapping(subnode)  # its own merges applied: the keys it gives
            mine: dict[Any, Any] = {}
            for key_node, _ in subnode.value:
                try:
                    mine.setdefault(self.construct_object(key_node, deep=True), key_node.start_mark)  # type: ignore[attr-defined]
                except TypeError:
                    continue
            for key, mark in mine.items():
                earlier = given_at.setdefault(key, mark)
                if earlier is not mark:
                    raise ConstructorError(
                        None, None,
                        f"a key given twice in one merge (first at line {earlier.line + 1}, "
                        f"column {earlier.column + 1})",
                        mark)


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
