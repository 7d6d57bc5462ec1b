"""YAML that remembers where each value came from, so errors can say `file:line:col`."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

Path = tuple[Any, ...]  # keys and indices from the document root

# Limits on what one document may cost. A scenario is tens of kB and a few thousand
# values; these leave room for a hundred times that and no more. Why a value budget
# and not only a depth limit: aliases let 500 bytes stand for a billion values (the
# "billion laughs"), each of which the builder below would otherwise copy out.
MAX_DOCUMENT_CHARS = 2_000_000
MAX_VALUES = 200_000
MAX_DEPTH = 64

# libyaml composes ten times faster than the pure-Python parser (a 70 kB scenario:
# 0.05 s against 0.5 s) and gives the same nodes and marks; the pure one is the
# fallback where PyYAML was built without it.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


SYNTAX_FIX = "fix the indentation or quoting near here"
LIMIT_FIX = "a scenario is a few hundred kilobytes of plain YAML: remove the repeated aliases or split the file"


class YamlSyntaxError(ValueError):
    def __init__(self, message: str, mark: Mark, fix: str = SYNTAX_FIX):
        super().__init__(message)
        self.mark = mark
        self.fix = fix


def load_with_marks(text: str) -> tuple[Any, dict[Path, Mark]]:
    """Parse one YAML document into plain Python and a path -> Mark table.

    Only the safe subset is built (no tags, no Python objects); anchors and aliases are
    resolved, within MAX_VALUES values in all."""
    if len(text) > MAX_DOCUMENT_CHARS:
        raise YamlSyntaxError(f"document is {len(text):,} characters, more than the {MAX_DOCUMENT_CHARS:,} "
                              f"allowed", Mark(1, 1), LIMIT_FIX)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        m = exc.problem_mark or exc.context_mark
        mark = Mark(m.line + 1, m.column + 1) if m else Mark(1, 1)
        raise YamlSyntaxError(f"{exc.problem or exc.context or 'invalid YAML'}", mark) from None
    except yaml.YAMLError as exc:  # e.g. a reader error on control characters
        raise YamlSyntaxError(str(exc).splitlines()[0], Mark(1, 1)) from None
    except UnicodeError:  # lone surrogates: text that was never valid Unicode
        raise YamlSyntaxError("text has characters that are not valid Unicode", Mark(1, 1)) from None
    marks: dict[Path, Mark] = {}
    if node is None:
        return None, marks
    _check_expansion(node)
    return _Builder(marks).build(node, (), 0), marks


def _check_expansion(root: yaml.Node) -> None:
    """Refuse, before building anything, a document whose aliases expand past MAX_VALUES
    values or past MAX_DEPTH levels (an anchor used inside itself expands forever). One
    visit per distinct node, so a 500-byte alias bomb is refused in microseconds."""
    sizes: dict[int, int] = {}
    open_: set[int] = set()  # nodes whose size is being computed: meeting one again is a cycle

    def size(node: yaml.Node, depth: int) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        mark = Mark(node.start_mark.line + 1, node.start_mark.column + 1)
        if id(node) in open_:
            raise YamlSyntaxError("an anchor is used inside itself, which would repeat forever", mark,
                                  "point the alias (*name) at an anchor defined outside it")
        if depth > MAX_DEPTH:
            raise YamlSyntaxError("document nested too deeply", mark)
        open_.add(id(node))
        n = 1
        if isinstance(node, yaml.MappingNode):
            n += sum(size(k, depth + 1) + size(v, depth + 1) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            n += sum(size(v, depth + 1) for v in node.value)
        if n > MAX_VALUES:
            raise YamlSyntaxError(f"document expands to more than {MAX_VALUES:,} values (aliases repeated "
                                  f"inside aliases?)", mark, LIMIT_FIX)
        open_.discard(id(node))
        sizes[id(node)] = n
        return n

    size(root, 0)


class _Builder:
    """One document's worth of building. A fresh constructor per document: PyYAML's
    constructor remembers every node it built (`constructed_objects`), and a shared one
    kept each document's nodes, and with them the whole text, alive for good."""

    def __init__(self, marks: dict[Path, Mark]):
        self.marks = marks
        self.constructor = SafeConstructor()

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        marks = self.marks
        marks[path] = Mark(node.start_mark.line + 1, node.start_mark.column + 1)
        if depth > MAX_DEPTH:  # _check_expansion refused this already; never recurse unbounded
            raise YamlSyntaxError("document nested too deeply", marks[path])
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
                if not isinstance(key, (str, int, float, bool)) or key is None:
                    key = str(key)
                out[key] = self.build(value_node, path + (key,), depth + 1)
                marks.setdefault(path + (key, "__key__"), Mark(key_node.start_mark.line + 1,
                                                               key_node.start_mark.column + 1))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(v, path + (i,), depth + 1) for i, v in enumerate(node.value)]
        return self.scalar(node)

    def scalar(self, node: yaml.Node) -> Any:
        # Resolve the scalar with the safe constructor so "1.5" is a float, "yes" a bool...
        # but never build anything beyond plain scalars.
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError):
            return node.value
        finally:
            self.constructor.constructed_objects.pop(node, None)
