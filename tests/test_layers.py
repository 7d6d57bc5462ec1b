"""The layers you can see: the brain (`dialogue`) never imports the body (`vr_client`) or
the front door (`attune`); the body never imports the front door; and nothing imports a
name another package keeps private (a leading underscore). Read from the source, so a
lazy import inside a function counts too."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# package -> the packages it must not import
FORBIDDEN = {"dialogue": {"vr_client", "attune"}, "vr_client": {"attune"}}
PACKAGES = ("dialogue", "vr_client", "attune")


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
    planted.write_text("def f():\n    from vr_client.app import _secret\n", encoding="utf-8")
    assert list(_imports(planted)) == [(2, "vr_client.app", ("_secret",))]
