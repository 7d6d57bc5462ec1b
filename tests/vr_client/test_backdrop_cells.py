"""The cached room is restored cell by cell: the rectangles sent to the GPU cover
exactly the cells the client's part boxes touch, without overlapping (each pixel is
copied once)."""
import numpy as np

from vr_client.backdrop import MAX_RECTS, cells_to_rects, coverage

SIZE = (1280, 720)


def _dilate(g):
    d = g.copy()
    d[1:] |= g[:-1]
    d[:-1] |= g[1:]
    e = d.copy()
    e[:, 1:] |= d[:, :-1]
    e[:, :-1] |= d[:, 1:]
    return e


def test_rectangles_cover_the_union_of_boxes_exactly_once():
    rng = np.random.default_rng(0)
    for trial in range(200):
        boxes = []
        for _ in range(rng.integers(1, 18)):
            x0, y0 = rng.uniform(-1, 0.9, 2)
            boxes.append((x0, y0, x0 + rng.uniform(0.01, 0.5), y0 + rng.uniform(0.01, 0.5)))
        cells = coverage(boxes, SIZE)
        rects = cells_to_rects(cells, SIZE, limit=10**6)
        again = coverage(rects, SIZE)
        assert (again >= cells).all(), trial  # nothing left unrestored
        assert not (again & ~_dilate(cells)).any(), trial  # at most float rounding beyond
        area = sum((x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in rects) / 4
        assert area <= cells.mean() + 1e-9, trial  # no pixel twice


def test_too_many_rectangles_fold_into_a_box_that_still_covers_everything():
    cells = np.zeros((45, 80), bool)
    cells[::2, ::2] = True  # a checkerboard: hundreds of separate runs
    rects = cells_to_rects(cells, SIZE)
    assert len(rects) <= MAX_RECTS
    assert (coverage(rects, SIZE) >= cells).all()


def test_an_empty_screen_needs_no_rectangles():
    assert cells_to_rects(np.zeros((45, 80), bool), SIZE) == []
