"""What a device may do now, in the page's words: the core decides (`core.rules.offers`)."""

from __future__ import annotations

from rmworkshop.core.rules.offers import OFFERED, offers

__all__ = ["OFFERED", "offers"]
