"""The sign-off declaration, versioned: a signature records which text was signed."""

DECLARATIONS = {
    "2026.1": (
        "I confirm, as a Director of the applicant (or as its delegate under a Letter of "
        "Delegated Authority for roles governed solely by the REC), that the information and "
        "evidence provided in this Final Qualification Assessment Document are complete and "
        "accurate, and that the applicant will notify the Code Bodies and the DIP Manager of "
        "any material change before it is MHHS Qualified."
    ),
}
CURRENT_DECLARATION = "2026.1"
