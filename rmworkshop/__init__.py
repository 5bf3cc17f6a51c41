"""rmworkshop: live, cross-generational brainstorming workshops from the terminal."""

__version__ = "0.1.0"
