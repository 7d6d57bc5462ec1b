"""The layers you can see, lowest first:

    dialogue            the engine (brain): scenarios, cues, client model, replies, session, log
    practice, research  drills and progress; reports, exports, cohorts (built on the engine)
    vr_client           the body: room, people, voice in and out, HUD, console page
    training, bench     model fitting and benchmarks (they may read anything below)
    attune              the commands and modes: the only place that joins brain and body

A package imports only packages below it; nothing imports a name another package keeps
private (a leading underscore). Read from the source, so a lazy import inside a function
counts too."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# package -> the packages it must not import
LAYERS = (("dialogue",), ("practice", "research"), ("vr_client",), ("training", "bench"), ("attune",))
PACKAGES = tuple(p for layer in LAYERS for p in layer)
# Training evaluates what it fits with the benchmarks' scorers, so it may read bench.
ALLOWED_SIDEWAYS = {("training", "bench")}


def _forbidden() -> dict[str, set[str]]:
    """package -> the packages it must not import: its own layer's others and every higher one."""
    out = {}
    for i, layer in enumerate(LAYERS):
        above = {p for higher in LAYERS[i + 1:] for p in higher}
        for package in layer:
            beside = {p for p in layer if p != package and (package, p) not in ALLOWED_SIDEWAYS}
            out[package] = above | beside
    return out


FORBIDDEN = _forbidden()


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                yield node.lineno, a.name, ()
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module, tuple(a.name for a in node.names)


def _sources(package: str):
    return sorted((ROOT / package).rglob("*.py"))


def test_no_lower_layer_imports_a_higher_one():
    bad = []
    for package, forbidden in FORBIDDEN.items():
        for path in _sources(package):
            for line, module, _ in _imports(path):
                if module.split(".")[0] in forbidden:
                    bad.append(f"{path.relative_to(ROOT)}:{line}: imports {module}")
    assert not bad, "\n".join(bad)


def test_nothing_imports_a_private_name_from_another_package():
    bad = []
    for package in PACKAGES:
        for path in _sources(package):
            for line, module, names in _imports(path):
                top = module.split(".")[0]
                if top in PACKAGES and top != package:
                    private = [n for n in names if n.startswith("_") and not n.startswith("__")]
                    private += [p for p in module.split(".")[1:] if p.startswith("_") and not p.startswith("__")]
                    if private:
                        bad.append(f"{path.relative_to(ROOT)}:{line}: {module} {', '.join(private)}")
    assert not bad, "\n".join(bad)


def test_the_check_sees_a_violation(tmp_path):
    """The scanner itself: a planted forbidden import is found."""
    planted = tmp_path / "x.py"
    planted.write_text("def f():\n    from attune.modes.run3d import _secret\n", encoding="utf-8")
    assert list(_imports(planted)) == [(2, "attune.modes.run3d", ("_secret",))]


def test_every_package_has_a_layer():
    """A new top-level package must be placed in LAYERS, or the checks above skip it."""
    found = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests"}
    assert found <= set(PACKAGES), f"not in any layer: {sorted(found - set(PACKAGES))}"
