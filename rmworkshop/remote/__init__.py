"""What a participant console sees of a session, and how a console reaches the participant
server over HTTP: the typed participant state, the client and the remote backend."""
