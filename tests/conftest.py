"""Fixtures shared across the test packages."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def base():
    """The offscreen Panda3D ShowBase (EGL, 640x360); skipped on a machine without GL."""
    pytest.importorskip("panda3d")
    from vr_client.snapshot import _base

    try:
        return _base((640, 360))
    except Exception as exc:  # pragma: no cover - a machine without EGL at all
        pytest.skip(f"no offscreen GL here: {exc}")
