"""One error type for missing hardware or packages: the CLI prints its message as one
line and exits, never a traceback."""
from __future__ import annotations


class VoiceUnavailable(RuntimeError):
    """A part of the voice loop cannot run here. The message says what to install
    or which flag to use instead, in one line."""
