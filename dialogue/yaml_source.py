"""YAML that remembers where each value came from, so errors can say `file:line:col`."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

Path = tuple[Any, ...]  # keys and indices from the document root


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


class YamlSyntaxError(ValueError):
    def __init__(self, message: str, mark: Mark):
        super().__init__(message)
        self.mark = mark


def load_with_marks(text: str) -> tuple[Any, dict[Path, Mark]]:
    """Parse one YAML document into plain Python and a path -> Mark table.

    Only the safe subset is built (no tags, no Python objects); anchors and aliases are
    fine because composition already resolved them."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        m = exc.problem_mark or exc.context_mark
        mark = Mark(m.line + 1, m.column + 1) if m else Mark(1, 1)
        raise YamlSyntaxError(f"{exc.problem or exc.context or 'invalid YAML'}", mark) from None
    except yaml.YAMLError as exc:  # e.g. a reader error on control characters
        raise YamlSyntaxError(str(exc).splitlines()[0], Mark(1, 1)) from None
    marks: dict[Path, Mark] = {}
    if node is None:
        return None, marks
    return _build(node, (), marks, 0), marks


def _build(node: yaml.Node, path: Path, marks: dict[Path, Mark], depth: int) -> Any:
    marks[path] = Mark(node.start_mark.line + 1, node.start_mark.column + 1)
    if depth > 64:  # alias bombs and absurd nesting: refuse rather than recurse forever
        raise YamlSyntaxError("document nested too deeply", marks[path])
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                key = str(key)
            out[key] = _build(value_node, path + (key,), marks, depth + 1)
            marks.setdefault(path + (key, "__key__"), Mark(key_node.start_mark.line + 1,
                                                           key_node.start_mark.column + 1))
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(v, path + (i,), marks, depth + 1) for i, v in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    # Resolve the scalar with the safe constructor so "1.5" is a float, "yes" a bool...
    # but never build anything beyond plain scalars.
    try:
        return _CONSTRUCTOR.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError):
        return node.value


_CONSTRUCTOR = yaml.SafeLoader("")
