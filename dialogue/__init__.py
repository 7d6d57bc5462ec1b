"""The brain of Attune: scenarios, cue detection, the client model, the session log.

Pure Python: no rendering, no audio, no clock reads. Time is passed in.
"""
import os as _os

__version__ = "0.1.0"

# The detector's embedding model does many tiny matrix products; OpenBLAS's thread
# pool makes those slower, not faster, and on a busy 2-core machine it stalls for
# whole scheduler slices. One thread, set before numpy loads, unless the user chose.
_os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
