"""A persona's appearance, read from the scenario's `persona.look` (with safe defaults)."""
from __future__ import annotations

from dataclasses import dataclass, field

from .skeleton import Proportions

RGB = tuple[float, float, float]
HAIR_STYLES = ("short", "long", "bun", "bald", "curly")
BUILDS = ("slim", "average", "broad")
AGE_GROUPS = ("child", "teen", "adult", "parent", "older_adult")


def _figure(pronouns) -> str:
    p = str(pronouns or "").lower().replace(" ", "")
    if p.startswith("she"):
        return "feminine"
    if p.startswith("he"):
        return "masculine"
    return "neutral"


def _number(value, lo: float, hi: float) -> float | None:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return v if lo <= v <= hi else None


def parse_colour(value: str | None, default: RGB) -> RGB:
    """'#rrggbb' -> (r, g, b) in [0, 1] sRGB; anything unreadable falls back."""
    if not isinstance(value, str):
        return default
    v = value.strip().lstrip("#")
    if len(v) == 3:
        v = "".join(c * 2 for c in v)
    try:
        return tuple(int(v[i:i + 2], 16) / 255.0 for i in (0, 2, 4))  # type: ignore[return-value]
    except ValueError:
        return default


@dataclass(frozen=True)
class Look:
    age_group: str = "adult"
    build: str = "average"
    skin: RGB = (0.80, 0.62, 0.50)
    hair_style: str = "short"
    hair: RGB = (0.25, 0.17, 0.11)
    top: RGB = (0.32, 0.40, 0.47)
    bottom: RGB = (0.22, 0.23, 0.27)
    eyes: RGB = (0.33, 0.22, 0.13)
    gltf: str | None = None
    figure: str = "neutral"  # feminine | masculine | neutral, from the persona's pronouns
    seed: int = 0
    years: float | None = None  # persona.age
    height_m: float | None = None  # persona.look.height (metres); None: typical for age and sex
    extra: dict = field(default_factory=dict, compare=False)

    @classmethod
    def from_persona(cls, persona: dict | None) -> "Look":
        persona = persona or {}
        look = persona.get("look") or {}
        hair = look.get("hair") or {}
        clothing = look.get("clothing") or {}
        d = cls()
        age = persona.get("age_group", d.age_group)
        build = look.get("build", d.build)
        style = hair.get("style", d.hair_style)
        return cls(
            age_group=age if age in AGE_GROUPS else d.age_group,
            build=build if build in BUILDS else d.build,
            skin=parse_colour(look.get("skin_tone"), d.skin),
            hair_style=style if style in HAIR_STYLES else d.hair_style,
            hair=parse_colour(hair.get("colour") or hair.get("color"), d.hair),
            top=parse_colour(clothing.get("top"), d.top),
            bottom=parse_colour(clothing.get("bottom"), d.bottom),
            eyes=parse_colour(look.get("eye_colour") or look.get("eye_color"), d.eyes),
            gltf=look.get("gltf"),
            figure=_figure(persona.get("pronouns")),
            seed=sum(map(ord, str(persona.get("name", "")))),
            years=_number(persona.get("age"), 3.0, 110.0),
            height_m=_number(look.get("height"), 0.9, 2.2),
            extra=dict(look),
        )

    @property
    def feminine(self) -> float:
        """-1 masculine .. 0 neutral .. 1 feminine: small shifts in build and face."""
        return {"feminine": 1.0, "masculine": -1.0}.get(self.figure, 0.0)

    def proportions(self) -> Proportions:
        scale = {"child": 0.8, "teen": 0.95, "adult": 1.0, "parent": 1.0, "older_adult": 0.98}[self.age_group]
        girth = {"slim": 0.9, "average": 1.0, "broad": 1.13}[self.build]
        if self.age_group in ("teen", "child"):
            girth *= 0.93
        f = self.feminine
        return Proportions(scale=scale * (1 - 0.02 * f), girth=girth,
                           shoulder_girth=(0.96 + 0.35 * (girth - 1.0)) * (1 - 0.06 * f),
                           hip_girth=1.0 + 0.06 * f, bust=max(f, 0.0))
