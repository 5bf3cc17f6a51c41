"""Textual front ends. Every participant or agenda string is shown as `rich.text.Text`."""
