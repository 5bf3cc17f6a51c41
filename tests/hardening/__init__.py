"""Hardening: parser fuzzing, crash consistency, races and the anonymity audit."""
