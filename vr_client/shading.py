"""The room's lighting: one small GLSL 1.50 model, run per pixel on the client's eyes
and on faces in close-ups, per vertex on the room and on people seen from the chair.

Fixed-function lighting looks plastic; simplepbr is too slow on the software renderer
and crashes headless (see stack-notes). This model does warm room lighting instead: a
window key light, the floor lamp as a point light, sky/floor bounce, wrap lighting for
skin and a gentle rim so the client separates from the wall, then filmic tonemapping
and gamma, all in one pass (no post-processing buffers, so it runs the same in a
window, offscreen and per eye in stereo).
"""
from __future__ import annotations

from dataclasses import dataclass

# Shared lighting model; both programs below include it.
LIGHTING = """
uniform vec3 key_dir;      // toward the window light
uniform vec3 key_col;
uniform vec3 lamp_pos;
uniform vec3 lamp_col;
uniform vec3 sky_col;
uniform vec3 ground_col;
uniform vec4 material;     // wrap, specular, shininess, emissive
uniform vec4 screen;       // width, height, vignette, exposure

// The software renderer runs this per pixel on the CPU, where pow() is a long
// exp2/log2 polynomial pair: gamma uses fitted polynomials instead (within 1.6/255
// of pow(c, 2.2) and pow(c, 1/2.2)), and highlights one exp2 (ln x ~ x - 1 near the
// peak, where a lobe has any weight).
vec3 to_linear(vec3 c) { return c * c * (0.7445 + 0.2605 * c); }
vec3 to_display(vec3 c) {
    vec3 s = sqrt(c);
    return s * (1.2069 + s * (-0.35196 + s * 0.14688));
}
float lobe(float x, float n) { return exp2(1.4427 * n * (x - 1.0)); }  // ~ pow(x, n)

float wrapped(vec3 n, vec3 l, float wrap) {
    return max((dot(n, l) + wrap) / (1.0 + wrap), 0.0);
}

// Light arriving at a surface point, split into what the albedo multiplies
// (diffuse) and what is added on top (specular, rim as a fraction of albedo later).
void light_at(vec3 n, vec3 world, vec3 v, out vec3 diffuse, out vec3 spec) {
    float wrap = clamp(material.x, 0.0, 0.5);
    vec3 l1 = normalize(key_dir);
    vec3 to_lamp = lamp_pos - world;
    float d2 = dot(to_lamp, to_lamp);
    vec3 l2 = to_lamp / sqrt(d2);
    float att = 1.0 / (1.0 + 1.6 * d2);
    // skin: light that wraps past the terminator comes back warm (cheap subsurface)
    vec3 sss = vec3(1.0, 0.55, 0.45);
    vec3 t1 = mix(vec3(1.0), sss, wrap * 2.0 * (1.0 - max(dot(n, l1), 0.0)));
    vec3 t2 = mix(vec3(1.0), sss, wrap * 2.0 * (1.0 - max(dot(n, l2), 0.0)));
    vec3 hemi = mix(ground_col, sky_col, n.z * 0.5 + 0.5);
    float r = 1.0 - max(dot(n, v), 0.0);
    float rim = r * r * r;
    diffuse = hemi + key_col * wrapped(n, l1, wrap) * t1 + lamp_col * att * wrapped(n, l2, wrap) * t2
            + rim * 0.24 * sky_col + vec3(material.w * 3.0);
    float shin = max(material.z, 1.0);
    float norm = (shin + 8.0) / 25.0;
    vec3 h1 = normalize(l1 + v);
    vec3 h2 = normalize(l2 + v);
    spec = material.y * norm * (key_col * lobe(max(dot(n, h1), 0.0), shin) * max(dot(n, l1), 0.0)
                 + lamp_col * att * lobe(max(dot(n, h2), 0.0), shin) * max(dot(n, l2), 0.0));
}

vec3 tonemap(vec3 x) {  // Narkowicz's ACES fit: soft highlights, no clipping
    return clamp((x * (2.51 * x + 0.03)) / (x * (2.43 * x + 0.59) + 0.14), 0.0, 1.0);
}

// `q`: the point on screen, -0.5..0.5 from the centre (for the vignette)
vec4 finish_at(vec3 color, float alpha, vec2 q) {
    color = tonemap(color * screen.w);
    if (screen.z > 0.0) {
        color *= 1.0 - screen.z * dot(q, q) * 1.6;
    }
    return vec4(to_display(color), alpha);
}

vec4 finish(vec3 color, float alpha) {
    return finish_at(color, alpha, gl_FragCoord.xy / screen.xy - 0.5);
}
"""

# Per-pixel: eyes, and faces in close-ups (lips, nose shading; see SKINNED_FINAL_VERTEX).
PIXEL_VERTEX = """#version 150
uniform mat4 p3d_ModelViewProjectionMatrix;
uniform mat4 p3d_ModelMatrix;
in vec4 p3d_Vertex;
in vec3 p3d_Normal;
in vec4 p3d_Color;
in vec2 p3d_MultiTexCoord0;
out vec3 v_world;
out vec3 v_normal;
out vec4 v_color;
out vec2 v_uv;
void main() {
    gl_Position = p3d_ModelViewProjectionMatrix * p3d_Vertex;
    v_world = (p3d_ModelMatrix * p3d_Vertex).xyz;
    v_normal = mat3(p3d_ModelMatrix) * p3d_Normal;  // rigid transforms only: no inverse needed
    v_color = p3d_Color;
    v_uv = p3d_MultiTexCoord0;
}
"""

PIXEL_FRAGMENT = """#version 150
uniform mat4 p3d_ViewMatrixInverse;
uniform vec4 p3d_ColorScale;
uniform sampler2D p3d_Texture0;
in vec3 v_world;
in vec3 v_normal;
in vec4 v_color;
in vec2 v_uv;
out vec4 o_color;
""" + LIGHTING + """
void main() {
    vec4 base = v_color * p3d_ColorScale * texture(p3d_Texture0, v_uv);
    vec3 n = normalize(v_normal);
    vec3 v = normalize(p3d_ViewMatrixInverse[3].xyz - v_world);
    if (dot(n, v) < 0.0 && material.x > 0.5) n = -n;  // thin two-sided parts (leaves)
    vec3 diffuse, spec;
    light_at(n, v_world, v, diffuse, spec);
    o_color = finish(to_linear(base.rgb) * diffuse + spec, base.a);
}
"""

# Per-vertex: the room. Its surfaces are large and mostly flat, so lighting at the
# vertices of a fine enough mesh looks the same and costs a fraction per pixel on the
# software renderer (the room covers every pixel; the client only a few).
VERTEX_LIT_VERTEX = """#version 150
uniform mat4 p3d_ModelViewProjectionMatrix;
uniform mat4 p3d_ModelMatrix;
uniform mat4 p3d_ViewMatrixInverse;
in vec4 p3d_Vertex;
in vec3 p3d_Normal;
in vec4 p3d_Color;
in vec2 p3d_MultiTexCoord0;
out vec3 v_diffuse;
out vec3 v_spec;
out vec4 v_color;
out vec2 v_uv;
""" + LIGHTING.replace("gl_FragCoord.xy", "vec2(0.0)") + """
void main() {
    gl_Position = p3d_ModelViewProjectionMatrix * p3d_Vertex;
    vec3 world = (p3d_ModelMatrix * p3d_Vertex).xyz;
    vec3 n = normalize(mat3(p3d_ModelMatrix) * p3d_Normal);  // rigid transforms only
    vec3 v = normalize(p3d_ViewMatrixInverse[3].xyz - world);
    light_at(n, world, v, v_diffuse, v_spec);
    v_color = p3d_Color;
    v_uv = p3d_MultiTexCoord0;
}
"""

# Per-vertex lighting for the body, skinned in the vertex shader (avatar/gpu_body.py):
# the pose costs one small uniform upload a frame instead of rewriting and re-sending
# vertices from Python, and the whole body is one draw, its material per vertex.
MAX_BONES = 16
SKINNED_VERTEX = VERTEX_LIT_VERTEX.replace(
    "uniform vec4 material;", "in vec4 material;  // per vertex: one draw holds skin and cloth"
).replace(
    "in vec4 p3d_Vertex;",
    f"uniform mat4 bones[{MAX_BONES}];\nin vec4 bone_index;\nin vec4 bone_weight;\nin vec4 p3d_Vertex;",
).replace(
    """    gl_Position = p3d_ModelViewProjectionMatrix * p3d_Vertex;
    vec3 world = (p3d_ModelMatrix * p3d_Vertex).xyz;
    vec3 n = normalize(mat3(p3d_ModelMatrix) * p3d_Normal);  // rigid transforms only""",
    """    mat4 skin = bones[int(bone_index.x)] * bone_weight.x + bones[int(bone_index.y)] * bone_weight.y
              + bones[int(bone_index.z)] * bone_weight.z + bones[int(bone_index.w)] * bone_weight.w;
    vec4 posed = skin * p3d_Vertex;
    gl_Position = p3d_ModelViewProjectionMatrix * posed;
    vec3 world = (p3d_ModelMatrix * posed).xyz;
    vec3 n = normalize(mat3(p3d_ModelMatrix) * normalize(mat3(skin) * p3d_Normal));""")

# Per-pixel lighting on a GPU-skinned mesh (the MakeHuman head and neck): the face
# units morph its vertices on the CPU in the bind pose, the bones carry them.
PIXEL_SKINNED_VERTEX = PIXEL_VERTEX.replace(
    "in vec4 p3d_Vertex;",
    f"uniform mat4 bones[{MAX_BONES}];\nin vec4 bone_index;\nin vec4 bone_weight;\nin vec4 p3d_Vertex;",
).replace(
    """    gl_Position = p3d_ModelViewProjectionMatrix * p3d_Vertex;
    v_world = (p3d_ModelMatrix * p3d_Vertex).xyz;
    v_normal = mat3(p3d_ModelMatrix) * p3d_Normal;  // rigid transforms only: no inverse needed""",
    """    mat4 skin = bones[int(bone_index.x)] * bone_weight.x + bones[int(bone_index.y)] * bone_weight.y
              + bones[int(bone_index.z)] * bone_weight.z + bones[int(bone_index.w)] * bone_weight.w;
    vec4 posed = skin * p3d_Vertex;
    gl_Position = p3d_ModelViewProjectionMatrix * posed;
    v_world = (p3d_ModelMatrix * posed).xyz;
    v_normal = mat3(p3d_ModelMatrix) * (mat3(skin) * p3d_Normal);""")

# Finished per vertex: lighting, tonemap, vignette and gamma all at the vertices, the
# fragment only writes the interpolated colour. For the people's untextured skin and
# clothes where their triangles are a few pixels on screen (from the trainee's chair):
# llvmpipe shades at least a 4x4 block of fragments for every triangle it touches, so
# a fragment program is paid many times per covered pixel on a dense mesh, and one
# interpolated vec4 is also the cheapest triangle setup. At that size it looks the same
# as lighting per pixel; close-ups switch back (see HumanFigure.set_view).
SKINNED_FINAL_VERTEX = SKINNED_VERTEX.replace(
    "out vec3 v_diffuse;\nout vec3 v_spec;\nout vec4 v_color;\nout vec2 v_uv;",
    "uniform vec4 p3d_ColorScale;\nout vec4 v_color;",
).replace(
    """    light_at(n, world, v, v_diffuse, v_spec);
    v_color = p3d_Color;
    v_uv = p3d_MultiTexCoord0;""",
    """    vec3 diffuse, spec;
    light_at(n, world, v, diffuse, spec);
    vec4 base = p3d_Color * p3d_ColorScale;
    v_color = finish_at(to_linear(base.rgb) * diffuse + spec, base.a, 0.5 * gl_Position.xy / gl_Position.w);""")
# the same with one material for the whole mesh (the head)
SKINNED_FINAL_VERTEX_UNIFORM = SKINNED_FINAL_VERTEX.replace(
    "in vec4 material;  // per vertex: one draw holds skin and cloth", "uniform vec4 material;")

FINAL_FRAGMENT = """#version 150
in vec4 v_color;
out vec4 o_color;
void main() {
    o_color = v_color;
}
"""

# Hair strands and lashes: alpha-tested (no sorting), lit per pixel, both sides.
CUTOUT_FRAGMENT = PIXEL_FRAGMENT.replace(
    "    vec3 n = normalize(v_normal);",
    "    if (base.a < 0.5) discard;\n    vec3 n = normalize(v_normal);")

VERTEX_LIT_FRAGMENT = """#version 150
uniform vec4 p3d_ColorScale;
uniform sampler2D p3d_Texture0;
in vec3 v_diffuse;
in vec3 v_spec;
in vec4 v_color;
in vec2 v_uv;
out vec4 o_color;
""" + LIGHTING + """
void main() {
    vec4 base = v_color * p3d_ColorScale * texture(p3d_Texture0, v_uv);
    o_color = finish(to_linear(base.rgb) * v_diffuse + v_spec, base.a);
}
"""


@dataclass(frozen=True)
class Material:
    """Per-object look, passed to the shader as `material`."""

    wrap: float = 0.0  # > 0 for skin (soft terminator); also marks two-sided parts
    specular: float = 0.04
    shininess: float = 16.0
    emissive: float = 0.0

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.wrap, self.specular, self.shininess, self.emissive)


SKIN = Material(wrap=0.35, specular=0.12, shininess=22.0)
LIPS = Material(wrap=0.3, specular=0.3, shininess=40.0)
EYE = Material(specular=1.6, shininess=160.0)
CLOTH = Material(wrap=0.15, specular=0.02, shininess=6.0)
HAIR = Material(wrap=0.1, specular=0.08, shininess=14.0)
HAIR_CARDS = Material(wrap=0.55, specular=0.10, shininess=18.0)  # wrap > 0.5: lit on both sides
WOOD = Material(specular=0.25, shininess=40.0)
MATTE = Material(specular=0.02, shininess=4.0)
LEAF = Material(wrap=0.6, specular=0.15, shininess=20.0)
GLOW = Material(specular=0.0, shininess=1.0, emissive=1.0)


def install(render, width: int, height: int, vignette: float = 0.35, exposure: float = 1.0):
    """Put the shader and the room's lights on `render` (a NodePath)."""
    from panda3d.core import Shader, Texture, TextureStage, Vec3, Vec4

    shader = Shader.make(Shader.SL_GLSL, PIXEL_VERTEX, PIXEL_FRAGMENT)
    render.setShader(shader)
    render.setShaderInput("key_dir", Vec3(-0.75, -0.35, 0.55))
    render.setShaderInput("key_col", Vec3(1.05, 1.0, 0.95))
    render.setShaderInput("lamp_pos", Vec3(0.95, 0.45, 1.45))
    render.setShaderInput("lamp_col", Vec3(2.6, 1.7, 0.95))
    render.setShaderInput("sky_col", Vec3(0.30, 0.30, 0.33))
    render.setShaderInput("ground_col", Vec3(0.20, 0.15, 0.11))
    render.setShaderInput("material", Vec4(*MATTE.as_tuple()))
    render.setShaderInput("screen", Vec4(width, height, vignette, exposure))
    # a white texture everywhere so untextured parts sample 1.0, never garbage
    white = Texture("white")
    white.setup2dTexture(1, 1, Texture.T_unsigned_byte, Texture.F_rgba8)
    white.setRamImage(bytes([255, 255, 255, 255]))
    render.setTexture(TextureStage.getDefault(), white, 0)
    return shader


def vertex_lit(node_path) -> None:
    """Light this subtree per vertex (the room), see VERTEX_LIT_VERTEX."""
    from panda3d.core import Shader

    global _VERTEX_LIT
    if _VERTEX_LIT is None:
        _VERTEX_LIT = Shader.make(Shader.SL_GLSL, VERTEX_LIT_VERTEX, VERTEX_LIT_FRAGMENT)
    node_path.setShader(_VERTEX_LIT, 1)


_VERTEX_LIT = None
_SKINNED = None


def skinned(node_path, bones) -> None:
    """Skin this mesh on the GPU with `bones` (a PTA_LMatrix4f the caller rewrites each
    frame), lit per vertex like `vertex_lit`."""
    from panda3d.core import Shader

    global _SKINNED
    if _SKINNED is None:
        _SKINNED = Shader.make(Shader.SL_GLSL, SKINNED_VERTEX, VERTEX_LIT_FRAGMENT)
    node_path.setShader(_SKINNED, 1)
    node_path.setShaderInput("bones", bones)


_SKINNED_FINAL: dict[bool, object] = {}


def skinned_final(node_path, bones, per_vertex_material: bool = True) -> None:
    """Skin on the GPU with `bones`, lit and finished per vertex (SKINNED_FINAL_VERTEX):
    untextured meshes only. `per_vertex_material`: the mesh carries a `material`
    column (GpuBody); else the `material` shader input applies to all of it."""
    from panda3d.core import Shader

    if per_vertex_material not in _SKINNED_FINAL:
        vertex = SKINNED_FINAL_VERTEX if per_vertex_material else SKINNED_FINAL_VERTEX_UNIFORM
        _SKINNED_FINAL[per_vertex_material] = Shader.make(Shader.SL_GLSL, vertex, FINAL_FRAGMENT)
    node_path.setShader(_SKINNED_FINAL[per_vertex_material], 1)
    node_path.setShaderInput("bones", bones)


_PIXEL_SKINNED = None
_CUTOUT = None


def skinned_per_pixel(node_path, bones) -> None:
    """Skin on the GPU with `bones` (shared with the body's), lit per pixel."""
    from panda3d.core import Shader

    global _PIXEL_SKINNED
    if _PIXEL_SKINNED is None:
        _PIXEL_SKINNED = Shader.make(Shader.SL_GLSL, PIXEL_SKINNED_VERTEX, PIXEL_FRAGMENT)
    node_path.setShader(_PIXEL_SKINNED, 1)
    node_path.setShaderInput("bones", bones)


def cutout(node_path, per_pixel: bool = False) -> None:
    """Alpha-tested and two-sided (hair cards, lashes); lit per vertex unless asked."""
    from panda3d.core import Shader

    global _CUTOUT, _CUTOUT_VERTEX
    if per_pixel:
        if _CUTOUT is None:
            _CUTOUT = Shader.make(Shader.SL_GLSL, PIXEL_VERTEX, CUTOUT_FRAGMENT)
        node_path.setShader(_CUTOUT, 1)
    else:
        if _CUTOUT_VERTEX is None:
            frag = VERTEX_LIT_FRAGMENT.replace(
                "    o_color = finish(", "    if (base.a < 0.5) discard;\n    o_color = finish(")
            _CUTOUT_VERTEX = Shader.make(Shader.SL_GLSL, VERTEX_LIT_VERTEX, frag)
        node_path.setShader(_CUTOUT_VERTEX, 1)
    node_path.setTwoSided(True)


_CUTOUT_VERTEX = None


def set_material(node_path, material: Material) -> None:
    from panda3d.core import Vec4

    node_path.setShaderInput("material", Vec4(*material.as_tuple()))


def set_screen(render, width: int, height: int, vignette: float = 0.35, exposure: float = 1.0) -> None:
    from panda3d.core import Vec4

    render.setShaderInput("screen", Vec4(width, height, vignette, exposure))
