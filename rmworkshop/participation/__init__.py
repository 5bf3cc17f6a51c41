"""What a participant device is shown, shared by the participant server and the consoles that
read the session file: one account of a participant's state, whoever draws it."""
