"""The room, the client and the trainee's viewpoint, assembled; independent of how
frames are shown (window, offscreen snapshot, per-eye stereo, headset)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from panda3d.core import NodePath, Point3, ScissorAttrib

from dialogue.nonverbal import Nonverbal

from . import shading
from .avatar.look import Look
from .redraw import HOLD_PX, Shown, moved_px, plan, subtract
from .room import TRAINEE_EYE, build_room

VERTICAL_FOV = 44.0  # degrees: the client from head to knees, with the room around
FAMILY_FOV = 50.0  # with a child or partner present, a little wider
NEAR = 0.05


def look_for(scenario) -> Look:
    return Look.from_persona(getattr(scenario, "persona", None) or {})


def nonverbal_for(scenario, state: str | None = None, level: str | None = None) -> Nonverbal:
    """The presentation's nonverbal for (state, level); defaults to the scenario start."""
    state = state or scenario.start_state
    if state not in scenario.presentations:
        raise ValueError(f"scenario {scenario.id!r} has no state {state!r}; "
                         f"use one of: {', '.join(scenario.presentations)}")
    levels = [lv.name for lv in scenario.presentations[state].levels]
    if level is None:
        level = scenario.start_level if scenario.start_level in levels else levels[0]
    if level not in levels:
        raise ValueError(f"state {state!r} has no level {level!r}; use one of: {', '.join(levels)}")
    return scenario.nonverbal_for(state, level)


def wants_child_chair(scenario) -> bool:
    """Family sessions get the child's (empty) chair beside the parent."""
    persona = getattr(scenario, "persona", None) or {}
    if persona.get("role") == "parent" or persona.get("age_group") == "parent":
        return True
    for p in getattr(scenario, "presentations", {}).values():
        for lines in p.lines.values():
            if any(line.nonverbal.gaze == "child_chair" for line in lines):
                return True
    return False


@dataclass(frozen=True)
class FamilyMember:
    """Someone else present in the room (a child, the other parent), in their own chair."""

    speaker_id: str  # who they are in the brain's replies (`ClientTurn.speaker`)
    name: str
    role: str  # child | parent | ...
    look: Look
    nonverbal: Nonverbal


def family_for(scenario) -> list[FamilyMember]:
    """The people marked present who also speak (each has a persona and a look)."""
    present = {str(p.get("name", "")).split(" (")[0].strip().lower(): p
               for p in (getattr(scenario, "people", None) or ()) if p.get("present")}
    out = []
    for sp in getattr(scenario, "speakers", None) or ():
        persona = getattr(sp, "persona", None) or {}
        name = str(persona.get("name", ""))
        entry = present.get(name.lower())
        if entry is None:
            continue
        try:
            nv = nonverbal_for(sp)
        except (ValueError, AttributeError):
            nv = Nonverbal()
        out.append(FamilyMember(sp.speaker_id, name, str(entry.get("role", "")), Look.from_persona(persona), nv))
    return out


def skip_2d_depth_clear(base) -> None:
    """ShowBase clears the depth buffer again before the 2D layer, which never tests
    depth (render2d turns it off): on the software renderer that is a second
    full-screen pass every frame, about 1 ms at 1280x720."""
    cam2d = getattr(base, "cam2d", None)
    win = getattr(base, "win", None)
    if cam2d is None or win is None:
        return
    for region in win.getDisplayRegions():
        if region.getCamera() == cam2d:
            region.setClearDepthActive(False)


def figure_kind(look: Look) -> str:
    """gltf (the scenario names a file), human (MakeHuman data installed) or boxes (the
    built-in figure); ATTUNE_FIGURE=boxes|human forces one."""
    import os

    if look.gltf:
        return "gltf"
    forced = os.environ.get("ATTUNE_FIGURE", "").strip().lower()
    if forced in ("boxes", "human"):
        return forced
    from .avatar.human.data import available

    return "human" if available() else "boxes"


def _progress(msg: str) -> None:
    import sys

    print(f"attune: {msg}", file=sys.stderr, flush=True)


def make_figure(parent: NodePath, look: Look, loader=None, name: str = "client"):
    kind = figure_kind(look)
    if kind == "gltf":
        from .avatar.gltf_avatar import GltfFigure

        return GltfFigure(parent, look, loader)
    if kind == "human":
        from .avatar.human.figure import HumanFigure

        return HumanFigure(parent, look, progress=_progress, name=name)
    from .avatar.figure import Figure

    return Figure(parent, look)


@dataclass
class Person:
    """One person in the room: their figure and the performer that poses it."""

    speaker_id: str
    name: str
    figure: object
    performer: object
    listener: object = None


class ClientScene:
    """Build once; call `update(now)` every frame. `figure` and `performer` are the
    primary client's; `people` has everyone present, by speaker id."""

    def __init__(self, base, look: Look, nonverbal: Nonverbal | None = None, *, seed: int = 0,
                 idle: bool = True, child_chair: bool = False, size: tuple[int, int] = (1280, 720),
                 vignette: float = 0.35, cached_room: bool = False,
                 family: list[FamilyMember] | None = None) -> None:
        """`cached_room`: the camera stays put (desktop), so draw the room once and
        replay it (see backdrop.py); leave it off when the viewpoint moves.
        `family`: others present (see `family_for`), each seated in a chair of their own."""
        from .avatar.listening import Listener
        from .avatar.performer import Performer

        self.base = base
        self.render: NodePath = base.render
        shading.install(self.render, size[0], size[1], vignette=vignette)
        base.setBackgroundColor(0.1, 0.1, 0.1, 1)
        skip_2d_depth_clear(base)
        family = list(family or ())
        self.room = build_room(self.render, child_chair=child_chair and not family,
                               family_seats=[m.role for m in family])
        self.figure = self._make_figure(look)
        self.people: dict[str, Person] = {}
        figures = [("primary", str(look.extra.get("name", "")) or "client", self.figure, look, nonverbal)]
        for m, seat in zip(family, self.room.family_seats):
            figures.append((m.speaker_id, m.name, make_figure(seat, m.look, self.base.loader, name=m.speaker_id),
                            m.look, m.nonverbal))
        heads = {sid: np.array(fig.head_world_point(self.render)) for sid, _, fig, _, _ in figures}
        for i, (sid, name, fig, lk, nv) in enumerate(figures):
            world = dict(self.room.anchors)
            others = [h for k, h in heads.items() if k != sid]
            if others:  # the gaze names for "the other person here" point at a real head
                world["child_chair"] = others[0] if sid == "primary" else heads["primary"]
                world["other_parent"] = others[0] if sid == "primary" else heads["primary"]
                world["primary"] = heads["primary"]
                for k, h in heads.items():
                    world[f"person:{k}"] = h
            root = fig.root
            anchors = {k: np.array(root.getRelativePoint(self.render, Point3(*v))) for k, v in world.items()}
            perf = Performer(fig.skeleton, seed=seed + 101 * i, idle=idle, anchors=anchors)
            perf.perform(nv or Nonverbal(), 0.0)
            perf.settle()
            self.people[sid] = Person(sid, name, fig, perf, Listener(perf, seed=seed + 7 * i))
        # who looks at whom: these anchors follow the other person's head as it moves
        self._live_anchors = []
        if len(figures) > 1:
            for sid, person in self.people.items():
                other = next(k for k in self.people if k != sid) if sid == "primary" else "primary"
                for name in ("child_chair", "other_parent"):
                    self._live_anchors.append((person, name, other))
                for k in self.people:
                    self._live_anchors.append((person, f"person:{k}", k))
        self.performer = self.people["primary"].performer
        self.viewer: NodePath = base.camera
        self.size = size
        self.place_camera(base.camera, base.camLens, size)
        self.backdrop = None
        # with the cached room, people whose image has moved less than this many pixels
        # since last drawn are not drawn again (redraw.py); 0 draws everyone every frame
        self.hold_px = HOLD_PX
        self.drawn: set[str] = set(self.people)  # who was drawn last frame (cached room only)
        self._shown: dict[str, Shown] = {}
        self.drawn_in_part: set[str] = set()  # drawn only inside a box around the 2D layer last frame
        self._px_per_m: dict[str, float] = {}
        if cached_room:
            self.cache_room()

    # ---------------------------------------------------------------- listening
    def trainee_started(self, t: float) -> None:
        for p in self.people.values():
            p.listener.trainee_started(t)

    def trainee_paused(self, t: float) -> None:
        for p in self.people.values():
            p.listener.trainee_paused(t)

    def trainee_resumed(self, t: float) -> None:
        for p in self.people.values():
            p.listener.trainee_resumed(t)

    def trainee_stopped(self, t: float) -> None:
        for p in self.people.values():
            p.listener.trainee_stopped(t)

    def speaking(self, speaker: str | None, start: float, end: float) -> None:
        """Someone in the room speaks from `start` to `end`: the others listen to them."""
        who = self.person(speaker).speaker_id
        for sid, p in self.people.items():
            if sid == who:
                p.listener.self_speaking(start)
            else:
                anchor = f"person:{who}" if f"person:{who}" in p.performer.anchors else None
                p.listener.other_started(start, anchor)
        self._speech_end = end

    def speak(self, speaker: str | None, env, start: float, rate: float, text: str | None = None) -> None:
        """Lip sync (and visemes from `text`) for whoever says it; the others listen."""
        person = self.person(speaker)
        person.performer.speak(env, start, rate, text)
        self.speaking(person.speaker_id, start, start + len(env) / rate)

    def person(self, speaker: str | None) -> Person:
        """The person who says a turn (`ClientTurn.speaker`); unknown ids fall back to the client."""
        return self.people.get(speaker or "primary") or self.people["primary"]

    def frame_camera(self, framing: str, size: tuple[int, int]) -> None:
        """Stills: `head` (a face close-up from the trainee's side), `wide` (everyone)."""
        cam, lens = self.base.camera, self.base.camLens
        face = np.array(self.figure.head_world_point(self.render))
        eye = np.array(TRAINEE_EYE)
        if framing == "head":
            d = eye - face
            d[2] = 0.0
            d /= np.linalg.norm(d)
            cam.setPos(*(face + d * 0.68 + np.array([0.0, 0.0, 0.0])))
            cam.lookAt(Point3(*(face + np.array([0.0, 0.0, -0.035]))))
            fov = 24.0
        elif framing == "wide":
            heads = [np.array(p.figure.head_world_point(self.render)) for p in self.people.values()]
            mid = np.mean(heads, axis=0)
            cam.setPos(eye[0] + 0.25 * mid[0], eye[1] - 0.35, eye[2] + 0.05)
            cam.lookAt(Point3(mid[0], mid[1], mid[2] - 0.30))
            fov = 56.0
        else:
            self.place_camera(cam, lens, size)
            return
        aspect = size[0] / size[1]
        lens.setFov(2 * np.degrees(np.arctan(np.tan(np.radians(fov / 2)) * aspect)), fov)
        lens.setNearFar(0.02, 30.0)

    def cache_room(self) -> bool:
        """Replay the room from a cached image from now on (the camera must stay put).
        Only where the window keeps its last frame (a software renderer, or offscreen);
        False when the room stays drawn live."""
        from .backdrop import CACHE_MASK, Backdrop
        from .render_config import keeps_last_frame

        if not keeps_last_frame(self.base.win):
            return False
        if self.backdrop is None:
            for person in self.people.values():
                person.figure.root.hide(CACHE_MASK)
            self.backdrop = Backdrop(self.base, self.room.static_parts, self.base.camLens, self.room.occluders)
        return True

    def _make_figure(self, look: Look):
        return make_figure(self.room.client_seat, look, self.base.loader)

    def place_camera(self, camera: NodePath, lens, size: tuple[int, int]) -> None:
        camera.setPos(*TRAINEE_EYE)
        face = np.array(self.figure.head_world_point(self.render))
        fov = VERTICAL_FOV
        if len(self.people) > 1:
            # a family session: the trainee's view takes in everyone, the client nearer the middle
            heads = [np.array(p.figure.head_world_point(self.render)) for p in self.people.values()]
            face = 0.55 * face + 0.45 * np.mean(heads, axis=0)
            fov = FAMILY_FOV
        # aim a little below the face so the hands and lap stay in frame
        camera.lookAt(Point3(face[0], face[1], face[2] - 0.24))
        if lens is not None:
            aspect = size[0] / size[1]
            h = 2 * np.degrees(np.arctan(np.tan(np.radians(fov / 2)) * aspect))
            lens.setFov(h, fov)
            lens.setNearFar(NEAR, 30.0)

    def perform(self, nonverbal: Nonverbal, now: float, settle: bool = False, speaker: str | None = None) -> None:
        perf = self.person(speaker).performer
        perf.perform(nonverbal, now)
        if settle:
            perf.settle()

    def trainee_point(self) -> np.ndarray:
        """The viewer's eyes in the figure's root frame: eye contact follows the camera
        (or the headset, when XR moves `viewer`)."""
        p = self.figure.root.getRelativePoint(self.viewer, Point3(0, 0, 0))
        return np.array([p.x, p.y, p.z])

    def trainee_point_for(self, figure) -> np.ndarray:
        p = figure.root.getRelativePoint(self.viewer, Point3(0, 0, 0))
        return np.array([p.x, p.y, p.z])

    def update(self, now: float) -> None:
        if self.backdrop is not None:
            self.backdrop.update()
        end = getattr(self, "_speech_end", None)
        if end is not None and now >= end:
            self._speech_end = None
            for person in self.people.values():
                person.listener.other_stopped(now)
        if self._live_anchors:
            heads = {k: p.figure.head_world_point(self.render) for k, p in self.people.items()}
            for person, name, other in self._live_anchors:
                q = person.figure.root.getRelativePoint(self.render, Point3(*heads[other]))
                person.performer.anchors[name] = np.array([q.x, q.y, q.z])
        self._set_views()
        for person in self.people.values():
            if person.listener is not None:
                person.listener.update(now)
            frame = person.performer.update(now, self.trainee_point_for(person.figure))
            person.figure.apply(frame)
        if self.backdrop is not None:
            self._restore_room()

    def _set_views(self) -> None:
        """Tell each figure that can use it how large its head is in the view (frame
        heights per metre there), so a close-up gets the face's per-pixel lighting and
        the view from the chair the cheaper path (HumanFigure.set_view). In frame
        heights, not pixels: a supersampled still shades like the live view it shows."""
        focal = 1.0 / (2.0 * np.tan(np.radians(self.base.camLens.getFov()[1]) / 2.0))
        for sid, person in self.people.items():
            p = self.viewer.getRelativePoint(self.render, Point3(*person.figure.head_world_point(self.render)))
            heights_per_m = focal / max(float(p.length()), 1e-3)
            self._px_per_m[sid] = heights_per_m * self.base.win.getYSize()
            set_view = getattr(person.figure, "set_view", None)
            if set_view is not None:
                set_view(heights_per_m)

    def _restore_room(self) -> None:
        """Decide who is drawn this frame and where the cached room is restored
        (redraw.py): a person whose image has not moved by half a pixel since they were
        last drawn keeps their pixels and costs nothing (under the 2D layer, they are
        drawn inside a box around it)."""
        from .backdrop import MAIN_MASK, MAX_HELD

        bd = self.backdrop
        overlay = bd.overlay()
        boxes = {k: self._screen_boxes(p.figure) for k, p in self.people.items()}
        if any(b is None for b in boxes.values()):  # part of someone behind the camera: redo it all
            self._shown.clear()
            self.drawn_in_part = set()
            for p in self.people.values():
                p.figure.root.show(MAIN_MASK)
                p.figure.root.clearAttrib(ScissorAttrib)
            self.drawn = set(self.people)
            bd.hold(np.zeros((0, 4)))
            bd.restore_cells(None)
            return
        now = {k: bd.padded(rects) for k, (rects, _) in boxes.items()}
        if bd.full_pending:
            self._shown.clear()  # every pixel is restored: everyone is drawn afresh
        moved = {}
        for k, p in self.people.items():
            shown = self._shown.get(k)
            face_change = getattr(p.figure, "face_change_m", None)
            if shown is None or face_change is None or self.hold_px <= 0:
                moved[k] = float("inf")
            else:
                moved[k] = moved_px(shown, boxes[k][1], face_change(shown.appearance), self._px_per_m[k])
        p = plan(now, moved, self._shown, overlay, self.hold_px)
        # drawn inside the box last frame and now left alone: their pixels there are of a
        # newer pose than the one they are measured against, so draw them whole once
        stale = self.drawn_in_part - p.draw - p.partial
        if stale:
            p = plan(now, {**moved, **dict.fromkeys(stale, float("inf"))}, self._shown, overlay, self.hold_px)
        cells, mask = self._hold_mask(p)
        if len(mask) > MAX_HELD:  # more than the mask holds: draw everyone
            p = plan(now, dict.fromkeys(now, float("inf")), self._shown, overlay)
            cells, mask = self._hold_mask(p)
        for k, person in self.people.items():
            root = person.figure.root
            if k in p.draw:
                root.show(MAIN_MASK)
                root.clearAttrib(ScissorAttrib)
                appearance = getattr(person.figure, "appearance", None)
                self._shown[k] = Shown(boxes[k][1], appearance() if appearance else None, now[k])
            elif k in p.partial:  # drawn again only inside the box; as shown elsewhere
                root.show(MAIN_MASK)
                x0, y0, x1, y1 = (np.clip(p.box, -1.0, 1.0) + 1.0) / 2.0
                root.setAttrib(ScissorAttrib.make(x0, x1, y0, y1))
            else:
                root.hide(MAIN_MASK)
        self.drawn, self.drawn_in_part = p.draw, p.partial
        self.backdrop.hold(mask)
        self.backdrop.restore_cells(cells)

    def _hold_mask(self, p) -> tuple[np.ndarray, np.ndarray]:
        """The cells the room is restored in, and the held pixels kept from it: held
        people's rectangles (outside the 2D layer's box), those the restore reaches."""
        bd = self.backdrop
        cells = bd.grid(p.wipe)
        held = [self._shown[k].rects for k in self.people if k not in p.draw]
        held = np.vstack(held) if held else np.zeros((0, 4))
        if p.box is not None:
            held = subtract(held, p.box)  # inside the box the room is restored and they are drawn again
        return cells, held[bd.touching(held, cells)]

    def _screen_boxes(self, fig) -> tuple[np.ndarray, np.ndarray] | None:
        """Screen boxes, (n, 4) NDC x0, y0, x1, y1, around each part of a figure (every
        8 points of `extent_points` box one part), and those points in pixels; None when
        unknown (a figure that cannot say, or part of it behind the camera)."""
        extent = getattr(fig, "extent_points", None)
        if extent is None:
            return None
        pts = extent()
        p = np.array(self.base.camLens.getProjectionMat(), np.float64).reshape(4, 4)
        # Panda3D matrices act on row vectors: root -> camera -> clip
        m = np.array(fig.root.getMat(self.base.cam), np.float64).reshape(4, 4)
        clip = np.hstack([pts, np.ones((len(pts), 1))]) @ (m @ p)
        w = clip[:, 3]
        if (w <= NEAR * 0.5).any():
            return None
        xy = clip[:, :2] / w[:, None]
        x, y = xy[:, 0].reshape(-1, 8), xy[:, 1].reshape(-1, 8)
        rects = np.stack([x.min(1), y.min(1), x.max(1), y.max(1)], 1).clip(-1.0, 1.0)
        half = np.array([self.base.win.getXSize(), self.base.win.getYSize()], np.float64) / 2.0
        return rects, xy * half
