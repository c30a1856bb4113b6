"""The Service Activation journey as one table: who holds each step.

| Step reached             | Holder                  | Input                          |
|--------------------------|-------------------------|--------------------------------|
| migration_plan_agreed    | Service activation team |                                |
| efd_agreed               | Service activation team | EFD (Non-SIT: not before the   |
|                          |                         | Non-SIT migration start)       |
| triggered                | Service activation team |                                |
| systems_updated          | Service activation team |                                |
| promoted_to_production   | DIP Manager             | production certificate date    |
| config_imported          | Participant             |                                |
| success_checks_passed    | DIP Manager             |                                |
| isd_published            | Service activation team | publication date, >= 7 days    |
|                          |                         | before the EFD                 |
| isd_imported             | Participant             |                                |
| live                     | Service activation team | on or after the EFD; Non-SIT:  |
|                          |                         | not before the migration start |

Every step: no open blocking ticket on the current step. The team is
Market Entry / Elexon (plan, EFD, trigger, Elexon systems, ISD, go-live);
the DIP Manager promotes the DIP User and runs the success checks; the
participant's admins, contributors and directors record their own imports.
"""

from dataclasses import dataclass

from qualification.models import Body
from qualification.permissions import Actor

from .models import ServiceActivation, Step

TEAM = "team"
DIP = "dip"
PARTICIPANT = "participant"

HOLDER_LABELS = {
    TEAM: "Service activation team",
    DIP: "DIP Manager",
    PARTICIPANT: "Participant",
}


@dataclass(frozen=True)
class StepSpec:
    step: str
    transition: str
    holder: str
    event_kind: str
    action: str
    date_field: str = ""  # the activation's date this step sets, from the input


STEPS: dict[str, StepSpec] = {
    spec.step: spec
    for spec in [
        StepSpec(
            Step.MIGRATION_PLAN_AGREED,
            "agree_migration_plan",
            TEAM,
            "migration_plan_agreed",
            "Record the migration plan as agreed",
        ),
        StepSpec(Step.EFD_AGREED, "agree_efd", TEAM, "efd_agreed", "Record the agreed EFD", "efd"),
        StepSpec(Step.TRIGGERED, "trigger", TEAM, "activation_triggered", "Trigger activation"),
        StepSpec(
            Step.SYSTEMS_UPDATED,
            "update_systems",
            TEAM,
            "systems_updated",
            "Confirm Elexon and DIP systems updated",
        ),
        StepSpec(
            Step.PROMOTED_TO_PRODUCTION,
            "promote_to_production",
            DIP,
            "promoted_to_production",
            "Promote the DIP User to production",
            "production_certificate_issued_on",
        ),
        StepSpec(
            Step.CONFIG_IMPORTED,
            "import_config",
            PARTICIPANT,
            "config_imported",
            "Confirm configuration imported",
        ),
        StepSpec(
            Step.SUCCESS_CHECKS_PASSED,
            "pass_success_checks",
            DIP,
            "success_checks_passed",
            "Record success checks passed",
        ),
        StepSpec(
            Step.ISD_PUBLISHED,
            "publish_isd",
            TEAM,
            "isd_published",
            "Record the ISD catalogue published",
            "isd_published_on",
        ),
        StepSpec(
            Step.ISD_IMPORTED, "import_isd", PARTICIPANT, "isd_imported", "Confirm ISD imported"
        ),
        StepSpec(Step.LIVE, "go_live", TEAM, "activation_live", "Make live", "live_on"),
    ]
}

ORDER = [choice.value for choice in Step]
# The steps a person completes (every state but the opening one), in order.
STEP_INPUT_CHOICES = [(step, Step(step).label) for step in ORDER[1:]]


def next_step(activation: ServiceActivation) -> StepSpec | None:
    index = ORDER.index(activation.status)
    return STEPS[ORDER[index + 1]] if index + 1 < len(ORDER) else None


def is_team(actor: Actor) -> bool:
    return actor.is_superuser or actor.has_duty("service_activation")


def is_dip_manager(actor: Actor) -> bool:
    return actor.is_superuser or Body.DIP.value in actor.bodies


def holds(actor: Actor, holder: str, activation: ServiceActivation) -> bool:
    if holder == TEAM:
        return is_team(actor)
    if holder == DIP:
        return is_dip_manager(actor)
    return actor.can_contribute(activation.qualification.organisation_id)
