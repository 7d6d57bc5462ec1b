"""The client's body: built from persona data (body, head, face), posed by a numpy
skeleton, and performed from the brain's nonverbal directives (performer)."""
