"""The participant server: one asynchronous web server holding the session file on the
facilitator's side, for the web page and for terminals given its address.

`RoomServer` starts and stops it; `rmworkshop.qr` draws its address as a QR code.
"""

from rmworkshop.server.limits import Limits
from rmworkshop.server.runner import RoomServer, check_address

__all__ = ["Limits", "RoomServer", "check_address"]
