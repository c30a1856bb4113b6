"""The starter QAD template, from QA&P v5.0 §10.2 and §10.2.1 (Figure 13
structure and its key risk areas) and the Open Day QAD structure
(organisation-specific and role-specific sections, PIT evidence, test
completion, DIP Manager, exemptions). Published as version 1."""

from django.db import migrations
from django.utils import timezone

T, YN, ONE, MANY, DATE, FILE, REF = (
    "text",
    "yes_no",
    "single_choice",
    "multiple_choice",
    "date",
    "file",
    "external_ref",
)

# (key, title, scope, required_for_initial, guidance, questions)
# question: (key, text, type, mandatory, guidance, choices, marks_final)
SECTIONS = [
    (
        "people",
        "Business solution: people",
        "organisation",
        True,
        "How your organisation is structured to run its MHHS service (QA&P §10.2.1).",
        [
            ("structure", "Describe your organisation structure for the MHHS service, including reporting and lines of communication.", T, True, "Name the accountable roles, not individuals. An organisation chart may be attached below.", [], False),
            ("structure_chart", "Organisation chart", FILE, False, "PDF, PNG or JPEG.", [], False),
            ("experience", "Describe your previous experience in the industry relevant to the roles you are qualifying.", T, True, "Include the legacy roles you operate today (e.g. NHHDC, HHDC, MOA) and for how long.", [], False),
        ],
    ),
    (
        "internal_resources",
        "Business solution: internal resources",
        "organisation",
        True,
        "The resources and capacity you will need under MHHS and how you will monitor delivery.",
        [
            ("resource_change", "What change do you expect in resource requirements and technical capacity under MHHS?", T, True, "Cover volumes (half-hourly data for all MPANs), peak periods and support hours.", [], False),
            ("monitoring", "How will you monitor the ongoing delivery of your revised service?", T, True, "KPIs, management information and who reviews it, and how often.", [], False),
        ],
    ),
    (
        "external_resources",
        "Business solution: external resources",
        "organisation",
        True,
        "Agents, subcontractors, third parties and service providers you rely on.",
        [
            ("uses_third_parties", "Do you rely on third parties or service providers for any MHHS process?", YN, True, "Include DIP Connection Providers and software vendors operating the service.", [], False),
            ("contracts", "Describe the revised Supplier Agent contracts and how you manage third-party relationships.", T, True, "Where you place reliance on a third party's testing, name the Placing Reliance agreement (QA&P §10.4).", [], False),
        ],
    ),
    (
        "information_security",
        "Information security and data protection",
        "organisation",
        True,
        "Your security and data protection controls over MHHS data (QA&P §10.2.1).",
        [
            ("risk_assessment", "Describe your risk assessment of information security and data protection for MHHS.", T, True, "", [], False),
            ("accreditation", "Which information security accreditations do you hold?", MANY, True, "Select all that apply.", ["ISO/IEC 27001", "Cyber Essentials Plus", "Cyber Essentials", "SOC 2", "None"], False),
            ("accreditation_expiry", "When does your main accreditation expire?", DATE, False, "", [], False),
            ("hr_security", "Describe human resource security: screening and training of staff with access to MHHS data.", T, True, "", [], False),
            ("incident_management", "Describe your security incident management process.", T, True, "Include how you would notify the DIP Manager of an incident affecting the DIP.", [], False),
        ],
    ),
    (
        "pit_evidence",
        "PIT completion evidence",
        "organisation",
        True,
        "Required in the Initial QAD Submission: confirmation of Pre-Integration Testing completion (QA&P §10.2).",
        [
            ("pit_report", "PIT completion report", FILE, True, "Include defects that cannot be resolved in PIT with their work-off plans and any elements deferred by agreement.", [], False),
            ("pit_defects", "Are any severity 1 or 2 defects open at PIT exit?", YN, True, "Severity 1 and 2 defects must be closed; severity 3 and 4 need a work-off plan (QA&P §10.5.2).", [], False),
            ("pit_tool_ref", "Reference to the PIT evidence in the test tool", REF, False, "Where the evidence is in ADO or QTF, reference it here rather than uploading it again (QA&P §10.2).", [], False),
        ],
    ),
    (
        "systems",
        "Technical solution: systems",
        "role",
        True,
        "The systems that run this role under MHHS.",
        [
            ("architecture", "Describe the in-scope system architecture for this role.", T, True, "A diagram may be attached below.", [], False),
            ("architecture_diagram", "System architecture diagram", FILE, False, "", [], False),
            ("bespoke", "Which elements are bespoke and which are common to other participants (e.g. a vendor product)?", T, True, "", [], False),
            ("fault_management", "How do you manage faults, replays and jeopardy for DIP messages?", T, True, "", [], False),
        ],
    ),
    (
        "code_obligations",
        "Technical solution: code obligations",
        "role",
        True,
        "How BSC and REC obligations for this role are embedded and monitored.",
        [
            ("embedding", "How are Code obligations embedded in your processes and applications?", T, True, "Point to service design documents or Local Work Instructions (LWIs).", [], False),
            ("process_docs", "Process documentation (service design / LWIs)", FILE, True, "Required in the Initial QAD Submission (QA&P §10.2).", [], False),
            ("compliance_monitoring", "How do you monitor compliance with Code obligations?", T, True, "", [], False),
        ],
    ),
    (
        "change_risk",
        "Technical solution: change risk",
        "role",
        True,
        "Operational controls over change for this role.",
        [
            ("risk_assessment", "How do you assess the risk of changes?", T, True, "", [], False),
            ("change_procedure", "Describe your change management procedures.", T, True, "", [], False),
            ("bcdr", "Describe your business continuity and disaster recovery arrangements.", T, True, "Include the date of the last test.", [], False),
            ("bcdr_tested", "When were BC/DR arrangements last tested?", DATE, False, "", [], False),
        ],
    ),
    (
        "testing_policies",
        "Technical solution: testing policies",
        "role",
        True,
        "Testing policies where not covered by SIT, PIT or QT.",
        [
            ("test_strategy", "Describe your test strategy for this role.", T, True, "", [], False),
            ("route", "Which testing route does this role follow?", ONE, True, "", ["SIT", "QT (Non-SIT)", "Non-SIT LDSO QT"], False),
            ("defects", "How do you identify and resolve defects?", T, True, "", [], False),
            ("oversight", "How is testing reported and overseen?", T, True, "", [], False),
        ],
    ),
    (
        "test_completion",
        "Test completion",
        "organisation",
        False,
        "Provide the QT or SIT Test Completion Report. Uploading it re-versions this QAD as the Final QAD; all mandatory answers are then required (QA&P §10.3).",
        [
            ("completion_report", "QT / SIT Test Completion Report", FILE, True, "Include defects open at exit with their agreed work-off plans.", [], True),
            ("results_ref", "Reference to the test results in ADO or QTF", REF, True, "Test evidence stays in the test tool; reference it here.", [], False),
            ("work_off_plans", "Are work-off plans agreed for every open severity 3 or 4 defect?", YN, True, "", [], False),
        ],
    ),
    (
        "dip_manager",
        "DIP Manager requirements",
        "dip_manager",
        True,
        "The DIP User requirements the DIP Manager assures (QA&P §10.2, DIP Rules).",
        [
            ("security_officers", "Have you appointed DIP security officers?", YN, True, "", [], False),
            ("connection", "How do you connect to the DIP?", ONE, True, "", ["Directly", "Through a DIP Connection Provider"], False),
            ("access_agreement", "Signed DIP User Access Agreement", FILE, False, "Required for participants that are not BSC Parties, including DIP Connection Providers acting for you.", [], False),
            ("infosec_responses", "Confirm your information security responses have been reviewed with the DIP Manager.", T, True, "", [], False),
        ],
    ),
    (
        "exemption_ums",
        "UMS segment exemption",
        "exemption_ums",
        True,
        "For Suppliers asking for an Unmetered Supply segment exemption (QA&P §11.4.2).",
        [
            ("no_meters", "Do you have any unmetered supplies registered?", YN, True, "An exemption is only possible where none are registered.", [], False),
            ("assertion", "Director's assertion", FILE, True, "Signed by a Director.", [], False),
        ],
    ),
    (
        "exemption_smart",
        "Smart segment exemption",
        "exemption_smart",
        True,
        "For Suppliers asking for a Smart (SMS) segment exemption under BSC P476 (QA&P §11.4.2).",
        [
            ("no_meters", "Do you have any smart meters registered?", YN, True, "", [], False),
            ("dcc_user", "Are you a DCC User?", YN, True, "", [], False),
            ("portfolio", "How many MPANs are in your portfolio?", T, True, "The exemption is subject to a portfolio cap.", [], False),
            ("assertion", "Director's assertion", FILE, True, "Signed by a Director.", [], False),
        ],
    ),
]


def create(apps, schema_editor):
    QadTemplate = apps.get_model("qad", "QadTemplate")
    TemplateSection = apps.get_model("qad", "TemplateSection")
    TemplateQuestion = apps.get_model("qad", "TemplateQuestion")
    template = QadTemplate.objects.create(
        name="MHHS QAD", version=1, status="published", published_at=timezone.now()
    )
    for order, (key, title, scope, initial, guidance, questions) in enumerate(SECTIONS):
        section = TemplateSection.objects.create(
            template=template,
            key=key,
            title=title,
            scope=scope,
            required_for_initial=initial,
            guidance=guidance,
            order=order,
        )
        for q_order, (q_key, text, q_type, mandatory, q_guidance, choices, marks_final) in enumerate(
            questions
        ):
            TemplateQuestion.objects.create(
                section=section,
                key=q_key,
                text=text,
                type=q_type,
                mandatory=mandatory,
                guidance=q_guidance,
                choices=choices,
                marks_final=marks_final,
                order=q_order,
            )


def remove(apps, schema_editor):
    apps.get_model("qad", "QadTemplate").objects.filter(name="MHHS QAD", version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("qad", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
