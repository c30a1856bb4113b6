"""An activation's journey as people read it: each step, done or not, by
whom and when, and what is next and who holds it."""

from dataclasses import dataclass

from .models import ServiceActivation, Step
from .steps import HOLDER_LABELS, ORDER, PARTICIPANT, STEPS, StepSpec, holds, next_step


@dataclass(frozen=True)
class JourneyStep:
    step: str
    label: str
    state: str  # done, current (the next to do), todo
    holder: str
    record: object  # the StepRecord when done, else None


@dataclass(frozen=True)
class Journey:
    steps: list[JourneyStep]
    next: StepSpec | None
    next_holder: str
    may_do_next: bool
    blocked_by: list


def _holder_label(holder: str, activation: ServiceActivation, actor) -> str:
    if holder == PARTICIPANT:
        organisation = activation.qualification.organisation
        return "Your organisation" if actor.is_member(organisation.pk) else organisation.name
    return HOLDER_LABELS[holder]


def journey(activation: ServiceActivation, actor) -> Journey:
    """Reads step records and tickets already prefetched on the activation."""
    records = {r.step: r for r in activation.step_records.all()}
    upcoming = next_step(activation)
    position = ORDER.index(activation.status)
    steps = []
    for index, step in enumerate(ORDER[1:], start=1):
        spec = STEPS[step]
        if index <= position:
            state = "done"
        elif upcoming and step == upcoming.step:
            state = "current"
        else:
            state = "todo"
        steps.append(
            JourneyStep(
                step,
                Step(step).label,
                state,
                _holder_label(spec.holder, activation, actor),
                records.get(step),
            )
        )
    blocked_by = [
        t
        for t in activation.tickets.all()
        if t.status == "open" and t.blocking and t.step == activation.status
    ]
    return Journey(
        steps=steps,
        next=upcoming,
        next_holder=_holder_label(upcoming.holder, activation, actor) if upcoming else "",
        may_do_next=bool(upcoming) and holds(actor, upcoming.holder, activation),
        blocked_by=blocked_by,
    )
