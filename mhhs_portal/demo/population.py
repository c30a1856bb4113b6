"""The shape of the demo population, after the real one in the published
sources: SIT parties in three SIT cohorts, Non-SIT LDSOs (DNOs and iDNOs) in
the LDSO wave, and Suppliers and Agents in QT waves 1-4 (about 17/14/19/10).
Every name is invented."""

from dataclasses import dataclass

FIRST = [
    "Amber",
    "Beacon",
    "Birch",
    "Blue Fen",
    "Bramble",
    "Brightwater",
    "Cairn",
    "Cedar",
    "Clearway",
    "Coastline",
    "Copper",
    "Crescent",
    "Dale",
    "Ember",
    "Fairfield",
    "Fernhill",
    "Firth",
    "Glen",
    "Granite",
    "Harbour",
    "Heather",
    "Highmoor",
    "Kestrel",
    "Lantern",
    "Larch",
    "Meadow",
    "Millstream",
    "Northwind",
    "Oakridge",
    "Orchard",
    "Pennine",
    "Quarry",
    "Redcliff",
    "Ridgeway",
    "Rowan",
    "Saltmarsh",
    "Silverbank",
    "Skylark",
    "Slate",
    "Sorrel",
    "Stonebridge",
    "Summit",
    "Tidewater",
    "Thistle",
    "Valley",
    "Wessex Vale",
    "Willow",
    "Wren",
]
SUPPLIER_SUFFIX = ["Energy", "Power", "Electric", "Energy Supply", "Home Energy"]
AGENT_SUFFIX = ["Metering", "Data Services", "Meter Services", "Settlement Data"]
DNO_SUFFIX = ["Networks", "Distribution"]
IDNO_SUFFIX = ["Utilities (iDNO)", "Connections (iDNO)"]


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    participant_type: str
    roles: tuple[str, ...]
    cohort: str
    # Roles with two MPIDs (Appendix B Pathways 3 and 6).
    second_mpid_roles: tuple[str, ...] = ()


SUPPLIER_ROLES = ("SUPPLIER",)
DNO_ROLES = ("LDSO", "SMRA", "UMSO")
IDNO_ROLES = ("LDSO",)
AGENT_ROLE_SETS = [
    ("SDS", "ADS"),
    ("MEM_SMART",),
    ("ADS", "UMSDS", "MEM_ADV"),
    ("SDS",),
    ("MEM_ADV", "MEM_SMART"),
]

# cohort: (suppliers, agents, DNOs, iDNOs)
COHORT_MIX = {
    "sit_m10": (2, 1, 2, 0),
    "sit_m11": (2, 1, 0, 0),
    "sit_not_m11": (1, 1, 0, 0),
    "ldso_m10": (0, 0, 2, 4),
    "wave_1": (11, 6, 0, 0),
    "wave_2": (9, 5, 0, 0),
    "wave_3": (12, 6, 0, 1),
    "wave_4": (6, 4, 0, 0),
}


def demo_organisations() -> list[DemoOrganisation]:
    """A deterministic list: the same names, roles and cohorts on every run."""
    organisations = []
    index = 0

    def next_name(suffixes):
        nonlocal index
        name = f"{FIRST[index % len(FIRST)]} {suffixes[index % len(suffixes)]}"
        if index >= len(FIRST):
            name = f"{name} {index // len(FIRST) + 1}"
        index += 1
        return name

    for cohort, (suppliers, agents, dnos, idnos) in COHORT_MIX.items():
        for n in range(suppliers):
            organisations.append(
                DemoOrganisation(
                    next_name(SUPPLIER_SUFFIX),
                    "supplier",
                    SUPPLIER_ROLES,
                    cohort,
                    second_mpid_roles=("SUPPLIER",) if n % 4 == 0 else (),
                )
            )
        for n in range(agents):
            roles = AGENT_ROLE_SETS[(index + n) % len(AGENT_ROLE_SETS)]
            organisations.append(
                DemoOrganisation(
                    next_name(AGENT_SUFFIX),
                    "agent",
                    roles,
                    cohort,
                    second_mpid_roles=roles[:1] if n % 3 == 0 else (),
                )
            )
        for _ in range(dnos):
            organisations.append(DemoOrganisation(next_name(DNO_SUFFIX), "dno", DNO_ROLES, cohort))
        for _ in range(idnos):
            organisations.append(
                DemoOrganisation(next_name(IDNO_SUFFIX), "idno", IDNO_ROLES, cohort)
            )
    return organisations


# Staff: (e-mail, name, [(duty, body)])
STAFF = [
    ("bsc.reviewer@elexon.example", "Bea Reviewer (BSC)", [("reviewer", "BSC")]),
    ("rec.reviewer@rec.example", "Rhys Reviewer (REC)", [("reviewer", "REC")]),
    ("dip.reviewer@dip.example", "Dana Reviewer (DIP Manager)", [("reviewer", "DIP")]),
    ("pab.secretariat@elexon.example", "Priya Secretariat (BSC PAB)", [("pab_secretariat", "")]),
    ("rec.manager@rec.example", "Rowan Approver (REC Code Manager)", [("approver", "REC")]),
    ("dip.manager@dip.example", "Drew Approver (DIP Manager)", [("approver", "DIP")]),
    ("test.manager@mhhsp.example", "Tess Manager (QT)", [("test_manager", "")]),
    ("qt.manager@elexon.example", "Quinn Manager (Elexon QT)", [("test_manager", "")]),
    ("programme@mhhsp.example", "Morgan Viewer (Programme / MCC)", [("programme_viewer", "")]),
    (
        "activation@elexon.example",
        "Sam Activation (Service Activation)",
        [("service_activation", "")],
    ),
]
SUPERUSER = ("admin@mhhsp.example", "Portal Administrator")
