"""One frame of what the body should show: the contract between performer and figure."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .face import FaceParams
from .skeleton import ArmPose, SpinePose


@dataclass
class PoseFrame:
    spine: SpinePose = field(default_factory=SpinePose)
    arms: dict[str, ArmPose] = field(default_factory=dict)
    face: FaceParams = field(default_factory=FaceParams)
    gaze_point: np.ndarray = field(default_factory=lambda: np.array([0.0, 1.5, 1.2]))  # root frame
    saccade: tuple[float, float] = (0.0, 0.0)  # small eye offsets, degrees (yaw, pitch)
    # the spine's joint frames for `spine`, when the performer already computed them
    spine_frames: dict[str, np.ndarray] | None = None
