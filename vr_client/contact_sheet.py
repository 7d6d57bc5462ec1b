"""A contact sheet of the people: head close-ups per persona in neutral, sad, angry and
tearful, the seated client from the trainee's chair, and the family scene.

    python -m vr_client.contact_sheet --out docs/img/people-contact-sheet.png

Every tile is an offscreen render (`SnapshotRenderer`), so the sheet shows exactly what
`attune snapshot` shows.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

PERSONAS = ("withdrawn-teen", "hostile-adult", "suicidal-adult", "dysregulated-parent", "invalidating-parent",
            "parents-disagree")
FACES = ("neutral", "sad", "angry", "tearful")


def _label(img: np.ndarray, text: str) -> np.ndarray:
    """A dark strip with the caption drawn by Panda3D's text rasteriser."""
    h, w, _ = img.shape
    out = img.copy()
    out[h - 22:, :] = (out[h - 22:, :] * 0.35).astype(np.uint8)
    try:
        from panda3d.core import Filename, PNMImage, PNMTextMaker

        font = Filename.fromOsSpecific("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
        maker = PNMTextMaker(font, 0)
        if not maker.isValid():
            return out
        maker.setPixelSize(14)
        maker.setFg((1, 1, 1, 1))
        pnm = PNMImage(w, 22)
        pnm.fill(0, 0, 0)
        maker.generateInto(text, pnm, 6, 16)
        strip = np.array([[pnm.getXel(x, y) for x in range(w)] for y in range(22)])
        mask = strip.max(axis=2, keepdims=True)
        out[h - 22:] = (out[h - 22:] * (1 - mask) + 255 * strip * mask).astype(np.uint8)
    except Exception:  # no font: captions are a nicety
        pass
    return out


def render_sheet(out: Path, tile: tuple[int, int] = (480, 320), personas=PERSONAS) -> list[Path]:
    from dialogue.nonverbal import Nonverbal
    from dialogue.scenario import find_scenario

    from .scene import family_for, look_for, nonverbal_for
    from .snapshot import SnapshotRenderer, save_png

    r = SnapshotRenderer(tile, supersample=2)
    rows = []
    written = []
    for sid in personas:
        sc = find_scenario(sid)
        look = look_for(sc)
        name = str(sc.persona.get("name", sid))
        row = []
        for face in FACES:
            nv = Nonverbal(gaze="trainee", face=face, posture="upright", gesture="lap", head="still")
            shot = r.shoot(look, nv, framing="head")
            row.append(_label(shot.image, f"{name}, {face}"))
        seated = r.shoot(look, nonverbal_for(sc))
        row.append(_label(seated.image, f"{name} from the trainee's chair"))
        rows.append(np.concatenate(row, axis=1))
        print(f"contact sheet: {name} done", file=sys.stderr, flush=True)
    sheet = np.concatenate(rows, axis=0)
    written.append(save_png(sheet, out))
    # the family scenes, larger
    for sid in personas:
        sc = find_scenario(sid)
        fam = family_for(sc)
        if not fam:
            continue
        big = SnapshotRenderer((1280, 720), supersample=2)
        shot = big.shoot(look_for(sc), nonverbal_for(sc), family=fam)
        path = out.with_name(f"family-{sid}.png")
        written.append(save_png(shot.image, path))
    return written


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=Path("docs/img/people-contact-sheet.png"))
    p.add_argument("--personas", nargs="*", default=list(PERSONAS))
    args = p.parse_args(argv)
    for path in render_sheet(args.out, personas=args.personas):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
