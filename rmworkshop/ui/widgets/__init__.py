"""Widgets shared by the facilitator, participant and review consoles."""
