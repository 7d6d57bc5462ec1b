"""The brain of Attune: scenarios, cue detection, the client model, the session log.

Pure Python: no rendering, no audio, no clock reads. Time is passed in.
"""
__version__ = "0.1.0"
