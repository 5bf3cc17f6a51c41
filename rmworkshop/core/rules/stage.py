"""Where a session stands: the few facts most rules need, and how a refusal names the moment.

A `Stage` is small on purpose. The busiest write of a workshop (submitting an idea) reads just
these facts instead of a whole snapshot, and asks the same rule a snapshot would.
"""

from __future__ import annotations

from typing import NamedTuple

from rmworkshop.core.plan import PhaseKind, PhasePlan
from rmworkshop.core.session import Session


class Stage(NamedTuple):
    phases: tuple[PhasePlan, ...]
    current: int
    """The current phase's index in ``phases``."""
    started: bool
    finished: bool
    voting_opened: bool

    @property
    def kind(self) -> PhaseKind:
        return self.phases[self.current].kind

    @property
    def running(self) -> bool:
        """Started and not finished: a phase is current."""
        return self.started and not self.finished

    def reached(self, kind: PhaseKind) -> bool:
        """A phase of this kind is current or behind us."""
        return self.started and any(p.kind == kind for p in self.phases[: self.current + 1])


def stage_of(session: Session) -> Stage:
    return Stage(
        phases=session.agenda.phases,
        current=session.index,
        started=session.is_started,
        finished=session.is_finished,
        voting_opened=session.voting.opened,
    )


def where(stage: Stage) -> str:
    """The current moment in words, for refusals: "'Dot vote' (vote)", "before the start"."""
    if not stage.started:
        return "before the start"
    if stage.finished:
        return "after the end"
    phase = stage.phases[stage.current]
    return f"{phase.name!r} ({phase.kind})"
