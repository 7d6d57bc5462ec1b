"""The voice loop of the body: hear the trainee, hand the words to the brain, answer
in the persona's voice after the pause the brain designed.

Modules are small and import their heavy dependencies (faster-whisper, Piper,
sounddevice) inside functions, so `attune --help` stays fast on a light install:

- `audio_io`     audio sources (microphone, WAV files, scripted timelines) and sinks
- `vad`          voice activity per short window (Silero, WebRTC, energy)
- `endpointing`  when the trainee has finished a turn, and why
- `asr`          speech to text (faster-whisper, openai-whisper) with word timings
- `tts`          text to speech (Piper, espeak-ng via pyttsx3) with a lip-sync envelope
- `persona_voice` each persona's voice from the one Piper voice (WORLD: F0 and vocal-tract
                 length set apart), and Praat measurements that check it
- `voice_report` per-persona WER, F0, vocal-tract length and time to first audio
- `synthetic_speech` test recordings from several synthetic voices, with noise and reverb
- `workers`      where slow work runs: threads (live) or a virtual clock (tests, bench)
- `loop`         turn-taking: designed pauses, barge-in, latency measurement
- `bench`, `cli` the `attune bench voice`, `attune voice` and `attune transcribe` commands
"""
