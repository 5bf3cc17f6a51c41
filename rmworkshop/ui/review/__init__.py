"""The leader review console: read what sessions produced and keep their promises."""
