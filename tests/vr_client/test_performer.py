"""The body's behaviour without rendering: channels blend smoothly, idle life never
freezes, and each presentation looks different in the numbers that drive the mesh."""
import numpy as np
import pytest

from dialogue.nonverbal import CHANNELS, Nonverbal
from vr_client.avatar.blend import ChannelMix, Spring
from vr_client.avatar.face import FaceParams
from vr_client.avatar.lipsync import LipSync, envelope, text_envelope
from vr_client.avatar.performer import Performer
from vr_client.avatar.poses import FACES, GESTURES, POSTURES
from vr_client.avatar.skeleton import Proportions, Skeleton

TRAINEE = np.array([0.0, 1.5, 1.2])  # root frame: in front of the figure, eye height
DT = 1 / 60


def make(idle=True, seed=0) -> Performer:
    return Performer(Skeleton(Proportions()), seed=seed, idle=idle)


def run(p: Performer, seconds: float, t0: float = 0.0):
    frames = []
    for i in range(int(seconds / DT)):
        frames.append(p.update(t0 + i * DT, TRAINEE))
    return frames


def test_every_vocabulary_value_has_a_pose():
    assert set(CHANNELS["face"]) <= set(FACES)
    assert set(CHANNELS["posture"]) <= set(POSTURES)
    assert set(CHANNELS["gesture"]) <= set(GESTURES)
    p = make()
    for channel, values in CHANNELS.items():
        for v in values:
            p.perform(Nonverbal(**{channel: v}), 0.0)
            p.update(0.1, TRAINEE)


def test_spring_is_critically_damped_and_frame_rate_independent():
    a, b = Spring([0.0], omega=8.0), Spring([0.0], omega=8.0)
    a.target[:] = b.target[:] = 1.0
    xs = [float(a.step(1 / 120)[0]) for _ in range(240)]
    for _ in range(60):
        b.step(1 / 30)
    assert max(xs) <= 1.0 + 1e-9  # no overshoot
    assert np.all(np.diff(xs) >= -1e-12)  # monotone
    assert xs[-1] == pytest.approx(float(b.x[0]), abs=1e-6)  # same curve at 30 or 120 fps


def test_channel_weights_stay_a_convex_blend():
    mix = ChannelMix(CHANNELS["posture"], "upright", omega=4.0)
    mix.set("slumped")
    for _ in range(30):
        w = mix.step(DT)
        assert sum(w.values()) == pytest.approx(1.0)
        assert all(v >= 0 for v in w.values())
    with pytest.raises(ValueError):
        mix.set("slouching")


def test_changing_directive_blends_without_popping():
    p = make(idle=False)
    run(p, 1.0)
    p.perform(Nonverbal(gaze="down", face="angry", posture="leaning_in", gesture="arms_crossed"), 1.0)
    frames = run(p, 2.0, t0=1.0)
    heads = np.array([[f.spine.head_pitch, f.spine.pelvis_lean] for f in frames])
    hands = np.array([f.arms["r"].target for f in frames])
    brows = np.array([f.face.brow_down for f in frames])
    # per-frame steps stay small (no popping) ...
    assert np.abs(np.diff(heads, axis=0)).max() < 2.0  # degrees per frame
    assert np.linalg.norm(np.diff(hands, axis=0), axis=1).max() < 0.02  # metres per frame
    assert np.abs(np.diff(brows)).max() < 0.1
    # ... and it gets there
    assert frames[-1].spine.pelvis_lean > 15 and frames[-1].face.brow_down > 0.9


def test_gaze_down_pitches_head_and_points_eyes_low():
    p = make(idle=False)
    p.perform(Nonverbal(gaze="trainee"), 0.0)
    p.settle()
    level = p.update(0.0, TRAINEE)
    p.perform(Nonverbal(gaze="down"), 0.0)
    p.settle()
    down = p.update(0.1, TRAINEE)
    assert down.spine.head_pitch < level.spine.head_pitch - 10
    assert down.gaze_point[2] < 0.5 < level.gaze_point[2]


def test_eye_contact_follows_the_trainee():
    p = make(idle=False)
    p.perform(Nonverbal(gaze="trainee"), 0.0)
    p.settle()
    left = p.update(0.0, np.array([-0.6, 1.4, 1.2]))
    right = p.update(0.02, np.array([0.6, 1.4, 1.2]))
    assert left.gaze_point[0] < -0.3 and right.gaze_point[0] > 0.3


def test_idle_life_blinks_breathes_and_shifts():
    frames = run(make(seed=3), 12.0)
    lids = np.array([f.face.lid_close for f in frames])
    breath = np.array([f.spine.breath for f in frames])
    sway = np.array([f.spine.pelvis_roll for f in frames])
    blinks = np.sum((lids[1:] > 0.9) & (lids[:-1] <= 0.9))
    assert 1 <= blinks <= 8  # people blink every few seconds
    # breathing cycles: count rising crossings of the mean, calm ~15/min
    b = breath - breath.mean()
    cycles = np.sum((b[1:] > 0) & (b[:-1] <= 0))
    assert 2 <= cycles <= 4
    assert np.ptp(sway) > 0.3  # weight shifts: never frozen


def test_breathing_channel_sets_the_rate():
    def cycles(kind):
        p = make(seed=1)
        p.perform(Nonverbal(breathing=kind), 0.0)
        p.settle()
        b = np.array([f.spine.breath for f in run(p, 12.0)])
        b -= b.mean()
        return np.sum((b[1:] > 0) & (b[:-1] <= 0))
    assert cycles("fast") >= 2 * cycles("slow")


def test_presentations_differ_in_the_numbers_that_drive_the_mesh():
    def settled(nv):
        p = make(idle=False)
        p.perform(nv, 0.0)
        p.settle()
        return p.update(0.0, TRAINEE)
    withdrawn = settled(Nonverbal(gaze="down", face="flat", posture="slumped", gesture="lap"))
    hostile = settled(Nonverbal(gaze="trainee", face="angry", posture="leaning_in", gesture="arms_crossed"))
    assert hostile.spine.pelvis_lean - withdrawn.spine.pelvis_lean > 25
    assert hostile.face.brow_down > 0.9 and withdrawn.face.brow_down < 0.1
    assert withdrawn.face.lid_close > hostile.face.lid_close
    # arms crossed: each hand across the body's midline, folded across the lower chest
    # (well above the lap), the right forearm over the left
    assert hostile.arms["r"].target[0] < 0.05 < withdrawn.arms["r"].target[0]
    assert hostile.arms["l"].target[0] > -0.05
    assert hostile.arms["r"].target[2] > withdrawn.arms["r"].target[2] + 0.05
    assert hostile.arms["r"].target[2] > hostile.arms["l"].target[2]


def test_crossed_arms_rest_on_this_bodys_own_chest():
    """Chest-frame hand targets follow the torso's depth when the skeleton knows it
    (a broad man's crossed forearms rest further out than a slim teen's), and a hand
    held out toward someone stays at chest height however low they sit."""
    def crossed(front=None, gaze="trainee", gesture="arms_crossed"):
        sk = Skeleton(Proportions())
        if front is not None:
            sk.chest_front = front
        p = Performer(sk, idle=False, anchors={"child_chair": np.array([0.9, 0.6, 0.4])})
        p.perform(Nonverbal(gaze=gaze, face="neutral", posture="upright", gesture=gesture), 0.0)
        p.settle()
        f = p.update(0.0, TRAINEE)
        chest = f.spine_frames["chest_rigid"]
        return {k: np.linalg.inv(chest)[:3, :3] @ (a.target - chest[:3, 3]) for k, a in f.arms.items()}, f
    slim, _ = crossed(0.13)
    broad, _ = crossed(0.19)
    for side in ("r", "l"):
        assert broad[side][1] - slim[side][1] == pytest.approx(0.06, abs=1e-6)
    _, f = crossed(gaze="child_chair", gesture="pointing")
    chest_z = f.spine_frames["chest_rigid"][2, 3]
    assert f.arms["r"].target[2] > chest_z - 0.05  # held out, not reaching down to the low target
    assert f.arms["r"].target[0] > 0.1  # toward the side the person is on


def test_hopeless_client_moves_more_slowly():
    def settle_time(face):
        p = make(idle=False)
        p.perform(Nonverbal(face=face), 0.0)
        p.settle()
        p.update(0.0, TRAINEE)
        p.perform(Nonverbal(face=face, posture="slumped"), 0.0)
        for i, f in enumerate(run(p, 4.0)):
            if f.spine.spine_lean > 0.9 * 14.0:
                return i * DT
        return 4.0
    assert settle_time("flat") > 1.3 * settle_time("neutral")


def test_lip_sync_follows_the_voice_envelope():
    sr = 16000
    t = np.arange(sr) / sr
    voice = np.sin(2 * np.pi * 180 * t) * (t > 0.5)  # silent, then voiced
    env = envelope((voice * 20000).astype(np.int16), sr)
    assert env[:40].max() < 0.05 and env[60:].mean() > 0.8
    p = make(idle=False)
    p.speak(env, start=2.0)
    quiet = p.update(2.2, TRAINEE).face.jaw_open
    loud = p.update(2.8, TRAINEE).face.jaw_open
    after = p.update(3.5, TRAINEE).face.jaw_open
    assert loud > 0.5 > quiet + 0.4 and after == pytest.approx(quiet)


def test_text_envelope_has_one_pulse_per_syllable_and_pauses():
    env = text_envelope("I don't know. Maybe.")
    pulses = np.sum((env[1:] > 0.4) & (env[:-1] <= 0.4))
    assert pulses == 5
    ls = LipSync()
    ls.play(env, 1.0)
    assert ls.speaking(1.5) and not ls.speaking(1.0 + len(env) / 100 + 0.1)


def test_same_seed_same_life():
    a = [f.face.lid_close for f in run(make(seed=7), 6.0)]
    b = [f.face.lid_close for f in run(make(seed=7), 6.0)]
    c = [f.face.lid_close for f in run(make(seed=8), 6.0)]
    assert a == b and a != c


def test_face_params_round_trip():
    f = FaceParams(smile=0.5, jaw_open=0.2)
    assert FaceParams.from_array(f.as_array()) == f
