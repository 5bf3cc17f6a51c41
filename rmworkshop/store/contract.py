"""The store contract: every operation a session backend provides, and nothing else.

Front ends, commands and the participant server are written against `Store`; the SQLite file
(`rmworkshop.store.sqlite`) is the backend today, and only the code that wires a program
together opens it. Each write is one transaction that runs the core's rules
(`rmworkshop.core.rules`) on what it reads inside that transaction, so a refused action changes
nothing, and two processes never interleave half-done work. A refusal is a `Refused` with one
line for people; a failure of the storage itself is a `StorageError` (`Busy` when another
program held the session too long), never an error of the backend's own library.

The backend-agnostic suite in ``tests/store/contract/`` checks every operation here, every
refusal, the concurrency guarantees and the anonymity properties, once per backend.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import NamedTuple, Protocol, Self, TypeVar

from rmworkshop.core.checkin import Answer, CheckinPair
from rmworkshop.core.pairing import Pairing
from rmworkshop.core.people import Member, Profile
from rmworkshop.core.rules.ideas import KEEP, Keep
from rmworkshop.core.session import Session


class Device(NamedTuple):
    """A phone, laptop or terminal that joined through the participant server, known only by
    the SHA-256 digest of its random token (the token itself is never stored)."""

    digest: str
    kiosk: bool
    person: int | None
    """The id of the person whose name this device holds, if any."""
    waiting: int | None = None
    """The id of a person marked away this device claimed once voting had started: it waits
    for the facilitator's yes (`DeviceStore.let_in`) and cannot act as them until then."""


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class DeviceStore(Protocol):
    """The devices of one session, and the names they hold: a device holds at most one name,
    a name is held by at most one device, and nothing here touches ideas or ballots."""

    def join_device(self, kiosk: bool) -> str:
        """Register a new device; returns its token, which only the device keeps."""

    def device(self, digest: str) -> Device | None: ...

    def devices(self) -> dict[str, Device]:
        """Every joined device, by digest."""

    def room_snapshot(self) -> tuple[Session, dict[str, Device]]:
        """The session (`Store.snapshot`) and every joined device, read in one transaction:
        what a participant server shows, so no device holds a name its session lacks."""

    def claimed(self) -> dict[int, str]:
        """Each claimed person's id, with the digest of the device holding it."""

    def claim(
        self, digest: str | None, name: str, level: str | None, profile: Profile | None = None
    ) -> Member:
        """Bind a name to the device ``digest``: an existing person, or a new one with a level,
        by the core's rule (`rmworkshop.core.claims`). ``digest`` None is a console on the
        session itself: the same rule, with no name of its own held yet, and nothing recorded.
        """

    def release(self, name: str) -> Member:
        """Free a claimed name: the device that held it must join again with the code."""

    def forget_devices(self, digests: Collection[str]) -> int:
        """Forget those of these devices that may be forgotten by the core's rule
        (`rmworkshop.core.devices.forgettable`: no name held, no kiosk), as found inside the
        write; returns how many were forgotten. Each must join again with the code."""

    def waiting(self) -> frozenset[int]:
        """The ids of the people a device waits to be let in as."""

    def let_in(self, name: str) -> Member:
        """The facilitator's yes: the device waiting to be `name` now holds the name, and the
        person is present (`rmworkshop.core.claims.check_let_in`)."""

    def set_roster_closed(self, closed: bool) -> None:
        """Keep the roster closed to new people, or open it again: while closed, a device
        claims only a name already in it."""

    def submit_once(self, device: str, request_id: str, text: str) -> tuple[str, bool]:
        """Store one idea unless this device's request was stored already: the cleaned text,
        and whether the request was a repeat. The same request id with another text is
        refused (the first text stays stored). Nothing links the request to the idea."""


T = TypeVar("T")
Count = tuple[float, float]
"""One row of the counts a session's participant servers share: an amount and a time."""


class RoomKeys(NamedTuple):
    """What every participant server of a session must hold alike: the join code people type,
    the kiosk code only the facilitator sees, and the key that signs a browser's attempt
    cookie (hex), so that a cookie one server gave counts on another; and the address people
    open, as the server that opened the room last shows it."""

    code: str
    kiosk_code: str
    attempt_key: str
    url: str


ROOM_ALIVE_SECONDS = 60.0
"""A room its servers have not marked open for this long is closed (they stopped or died)."""


class RoomStore(Protocol):
    """What the participant servers of one session share. A session on a database is served
    by several servers at once, on several hosts: they deal one join code and count wrong
    codes together. A session file is served by one server, which keeps both in its memory."""

    def room_keys(self, proposed: RoomKeys) -> RoomKeys | None:
        """The keys this session's servers share: the codes and key the first server to ask
        proposed, kept from then on, with the address of the one asking now, and the room
        marked open as of now (a server asks again every `ROOM_ALIVE_SECONDS` / 3 while it
        runs). A room nobody marked open for `ROOM_ALIVE_SECONDS` was closed: it opens anew,
        with the keys proposed now and no counts. Counts older than the failure window are
        forgotten meanwhile. None from a backend whose session one server serves alone."""

    def open_room(self) -> RoomKeys | None:
        """The room this session's servers keep open (marked within `ROOM_ALIVE_SECONDS`),
        for a console that opens none itself; None when no server keeps it open, or where
        one server serves alone."""

    def counted(
        self,
        keys: Sequence[str],
        change: Callable[[dict[str, Count]], tuple[T, Mapping[str, Count | None]]],
        forget_before: float,
    ) -> T:
        """Change the shared counts under `keys`, one server at a time across every host:
        `change` gets the rows found and returns its answer and the rows to keep (None
        forgets one). Rows last changed before `forget_before` count as forgotten. Counts are
        never session data: they change no version and wake nobody."""


class Store(DeviceStore, RoomStore, Protocol):
    """One session, opened by one process; safe to use from several processes at once."""

    # -- lifetime ----------------------------------------------------------------------------
    def close(self) -> None:
        """Finish pending housekeeping (best effort) and let go of the session."""

    def __enter__(self) -> Self: ...

    def __exit__(self, *_: object) -> None: ...

    # -- reading -----------------------------------------------------------------------------
    @property
    def path(self) -> Path | None:
        """The file that holds the session, which a console watches for being deleted or
        replaced; None where the session is not a file."""

    @property
    def place(self) -> str:
        """Where the session is, as a person gives it to a command: a file's path or a
        database address (which never holds a password)."""

    @property
    def name(self) -> str:
        """The session's own short name: a file's name without its suffix, or the name of a
        session in a database (``?session=NAME``)."""

    def data_version(self) -> int:
        """Changes whenever another process commits; cheap enough to poll often. A file's
        changes at once; a database's as soon as its listener hears the commit (well within
        the quarter of a second a change may take to be seen)."""

    def watch(self, changed: Callable[[], None]) -> None:
        """Call ``changed`` (from another thread, with nothing held) whenever the backend hears
        of a commit, so that a reader need not wait for its next look at `data_version`. A
        backend that hears of none calls it never: its readers keep polling."""

    def snapshot(self) -> Session:
        """The whole session as the rules see it; idea texts only once revealed, tallies only
        once voting has closed."""

    def unrevealed(self) -> int:
        """How many ideas are stored but not revealed yet."""

    def merged_texts(self) -> dict[int, list[str]]:
        """Texts merged into each idea, by the idea's display number."""

    def check_writable(self) -> None:
        """Raise `StorageError` (one line, naming the cause) if nothing could be stored now,
        such as a read-only file; change nothing."""

    # -- people ------------------------------------------------------------------------------
    def add_person(self, name: str, level: str, profile: Profile | None = None) -> Member:
        """Join; joining again under the same name and level marks the person present (and
        replaces the profile, when one is given)."""

    def set_present(self, name: str, present: bool) -> Member: ...

    # -- mentoring pairs ---------------------------------------------------------------------
    def swap_pairs(self, first: str, second: str) -> Pairing:
        """Exchange two people's places in the current pairs; the rest are paired again."""

    def add_pair_history(self, groups: Sequence[Sequence[str]]) -> None:
        """Earlier pairs to avoid; a running pairs phase is paired again with them."""

    # -- pair check-ins ----------------------------------------------------------------------
    def set_checkin_pairs(self, pairs: Sequence[CheckinPair]) -> None:
        """The earlier pairs whose members check in (`rmworkshop.core.checkin.checkin_pairs`
        makes them from outcomes files). Set until the first answer; setting the same pairs
        again changes nothing, other pairs then are refused
        (`rmworkshop.core.rules.checkin.check_setting_pairs`). Kept in `Session.checkin`."""

    def check_in(
        self, name: str, met: str, going: str, note: str = "", device: str | None = None
    ) -> Answer:
        """One person's answer about their pair, as `rmworkshop.core.rules.checkin.checking_in`
        decides it (once per person, only during a check-in phase, only a present member of
        a pair; the note cleaned and within its limit); returns the answer as stored. From
        the device ``device``, as for `cast_ballot`. The snapshot holds who answered, and the
        answers only while no check-in phase runs (`rules.checkin.answers_shown`)."""

    # -- phases and time ---------------------------------------------------------------------
    def start(self) -> None: ...

    def next_phase(self, from_phase: int | None = None) -> None:
        """Move on one phase (or finish). ``from_phase`` is `Session.phase_number` as the
        caller saw it; the move is refused if the session has moved since."""

    def back_phase(self, from_phase: int | None = None) -> None: ...

    def pause(self) -> None: ...

    def resume(self) -> None:
        """Resume the phase timer; before the start, start the session."""

    def extend(self, minutes: float) -> None: ...

    # -- ideas -------------------------------------------------------------------------------
    def submit(self, text: str) -> str:
        """Store one anonymous idea; returns its text as stored (cleaned)."""

    def submit_many(self, texts: Sequence[str]) -> int:
        """Store several ideas in one transaction, all or none; returns how many."""

    def reveal(self, force: bool = False) -> int:
        """Number every hidden idea in shuffled order; returns how many. A later reveal of
        fewer than three new ideas is refused unless forced (see `rules.ideas.check_reveal`)."""

    def merge(self, keep: int, duplicates: Sequence[int]) -> None: ...

    def unmerge(self, number: int) -> list[int]:
        """Undo a merge before the first ballot: every card merged into ``number`` (or the
        merged card ``number`` itself) is voted on again under its own display number, which
        are returned."""

    def dismiss(self, numbers: Sequence[int]) -> None:
        """Keep a merge suggestion (its display numbers) from ever being suggested again."""

    def dismissed(self) -> list[frozenset[int]]:
        """The display numbers of each dismissed merge suggestion."""

    # -- voting ------------------------------------------------------------------------------
    def cast_ballot(self, name: str, choices: Mapping[int, int], device: str | None = None) -> None:
        """One whole secret ballot; afterwards nothing links the voter to the choices.

        Sent by the device ``device`` (a digest), it is cast only if that device still holds
        the name, or is a kiosk, as the write sees it (`rmworkshop.core.claims.check_acting`);
        so it is for `volunteer` and `hand`."""

    def close_voting(self, force: bool = False) -> None:
        """Close voting on purpose; with fewer than three ballots only when forced."""

    # -- owners ------------------------------------------------------------------------------
    def set_owners(
        self,
        number: int,
        names: Sequence[str],
        due: date | Keep | None = KEEP,
        first_step: str | Keep | None = KEEP,
    ) -> None:
        """Replace an idea's owners. Its due date and first step are each kept as stored
        (`KEEP`, the default), cleared (None, stored as if never set) or set."""

    def volunteer(self, number: int, name: str, device: str | None = None) -> None: ...

    # -- speaking ----------------------------------------------------------------------------
    def turn_next(self) -> Member: ...

    def turn_pass(self) -> Member: ...

    def turn_end(self) -> Member: ...

    def hand(self, name: str, up: bool, device: str | None = None) -> None: ...
