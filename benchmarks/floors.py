"""The raw SQL floor of each measured page: hand-written statements that fetch
the rows the page shows, run through the same database connection. A page's
ratio is its server time over the floor's time."""

from django.db import connection

SECTION_STATUSES = ("submitted", "resubmitted", "changes_requested")


def _run(statements) -> int:
    rows = 0
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            rows += len(cursor.fetchall())
    return rows


def participant_home(org_id: int) -> int:
    """The organisation, its roles with cohort and MPIDs, and their deadlines."""
    return _run(
        [
            (
                "SELECT id, name, participant_type FROM qualification_organisation WHERE id = %s",
                [org_id],
            ),
            (
                "SELECT q.id, q.status, r.code, r.name, c.key, c.label, m.code"
                " FROM qualification_qualification q"
                " JOIN qualification_marketrole r ON r.id = q.market_role_id"
                " LEFT JOIN waves_allocation a ON a.qualification_id = q.id"
                " LEFT JOIN waves_cohort c ON c.id = a.cohort_id"
                " LEFT JOIN qualification_mpid m ON m.organisation_id = q.organisation_id"
                " AND m.market_role_id = q.market_role_id"
                ' WHERE q.organisation_id = %s ORDER BY r."order"',
                [org_id],
            ),
            (
                "SELECT d.qualification_id, d.activity_id, d.due, d.status"
                " FROM waves_deadline d JOIN qualification_qualification q"
                " ON q.id = d.qualification_id WHERE q.organisation_id = %s",
                [org_id],
            ),
        ]
    )


def section_editor(section_id: int) -> int:
    """The section with its QAD and template, questions, answers, evidence, comments, reviews."""
    return _run(
        [
            (
                "SELECT s.id, s.status, q.id, q.stage, o.name, t.title, t.guidance"
                " FROM qad_qadsection s JOIN qad_qad q ON q.id = s.qad_id"
                " JOIN qualification_organisation o ON o.id = q.organisation_id"
                " JOIN qad_templatesection t ON t.id = s.template_section_id WHERE s.id = %s",
                [section_id],
            ),
            (
                "SELECT tq.id, tq.key, tq.text, tq.type, a.value FROM qad_templatequestion tq"
                " JOIN qad_qadsection s ON s.template_section_id = tq.section_id"
                " LEFT JOIN qad_answer a ON a.section_id = s.id AND a.question_id = tq.id"
                ' WHERE s.id = %s ORDER BY tq."order"',
                [section_id],
            ),
            (
                "SELECT e.question_id, r.number, r.original_name, r.size, r.sha256"
                " FROM qad_evidencefile e JOIN qad_evidencerevision r ON r.evidence_id = e.id"
                " WHERE e.section_id = %s",
                [section_id],
            ),
            (
                "SELECT id, body, text, created_at FROM qad_comment WHERE section_id = %s",
                [section_id],
            ),
            ("SELECT body, status FROM qad_sectionreview WHERE section_id = %s", [section_id]),
        ]
    )


def reviewer_queue(body: str) -> int:
    """How many reviews wait on the body, and the first page of 50 with what each row shows."""
    where = (
        " FROM qad_sectionreview r JOIN qad_qadsection s ON s.id = r.section_id"
        " WHERE r.body = %s AND r.status = 'pending' AND s.status IN (%s, %s, %s)"
    )
    return _run(
        [
            ("SELECT COUNT(*)" + where, [body, *SECTION_STATUSES]),
            (
                "SELECT r.id, s.id, s.last_submitted_at, q.stage, o.name, t.title, m.name"
                " FROM qad_sectionreview r JOIN qad_qadsection s ON s.id = r.section_id"
                " JOIN qad_qad q ON q.id = s.qad_id"
                " JOIN qualification_organisation o ON o.id = q.organisation_id"
                " JOIN qad_templatesection t ON t.id = s.template_section_id"
                " LEFT JOIN qualification_marketrole m ON m.id = s.market_role_id"
                " WHERE r.body = %s AND r.status = 'pending' AND s.status IN (%s, %s, %s)"
                " ORDER BY s.last_submitted_at, r.id LIMIT 50",
                [body, *SECTION_STATUSES],
            ),
        ]
    )


def programme_dashboard() -> int:
    """The status table's counts, the RAG per cohort, and the first 50 overdue deadlines."""
    return _run(
        [
            (
                "SELECT t.cohort_id, d.activity_id, d.seq, d.status, d.kind, COUNT(*)"
                " FROM waves_deadline d JOIN waves_timelineversion t ON t.id = d.timeline_id"
                " WHERE d.status <> 'not_applicable'"
                " GROUP BY t.cohort_id, d.activity_id, d.seq, d.status, d.kind",
                [],
            ),
            (
                "SELECT DISTINCT t.cohort_id, d.qualification_id, d.status FROM waves_deadline d"
                " JOIN waves_timelineversion t ON t.id = d.timeline_id",
                [],
            ),
            ("SELECT COUNT(*) FROM waves_deadline WHERE status = 'overdue'", []),
            (
                "SELECT d.id, d.due, o.name, a.label FROM waves_deadline d"
                " JOIN qualification_qualification q ON q.id = d.qualification_id"
                " JOIN qualification_organisation o ON o.id = q.organisation_id"
                " JOIN waves_activity a ON a.id = d.activity_id WHERE d.status = 'overdue'"
                ' ORDER BY d.due, o.name, a."order" LIMIT 50',
                [],
            ),
        ]
    )


def approvals_dashboard(body: str, column_rows: int) -> int:
    """One body's approvals counted by status, and each status's most recently changed."""
    statements = [
        ("SELECT status, COUNT(*) FROM governance_approval WHERE body = %s GROUP BY status", [body])
    ]
    for status in ("pending", "ready", "scheduled", "approved", "rejected", "deferred"):
        statements.append(
            (
                "SELECT a.id, a.body, o.name, m.name FROM governance_approval a"
                " JOIN qualification_qualification q ON q.id = a.qualification_id"
                " JOIN qualification_organisation o ON o.id = q.organisation_id"
                " JOIN qualification_marketrole m ON m.id = q.market_role_id"
                " WHERE a.body = %s AND a.status = %s"
                " ORDER BY a.updated_at DESC, a.id DESC LIMIT %s",
                [body, status, column_rows],
            )
        )
    return _run(statements)


def api_list(page_size: int) -> int:
    """The first page of qualifications with their organisation and role."""
    return _run(
        [
            (
                "SELECT q.id, q.organisation_id, o.name, r.code, r.name, r.qualify_by,"
                " r.qualified_jointly, q.status, q.created_at, q.updated_at"
                " FROM qualification_qualification q"
                " JOIN qualification_organisation o ON o.id = q.organisation_id"
                " JOIN qualification_marketrole r ON r.id = q.market_role_id"
                " ORDER BY q.id LIMIT %s",
                [page_size],
            )
        ]
    )


def change_feed(page_size: int) -> int:
    """The first page of the event ledger."""
    return _run(
        [
            (
                "SELECT id, kind, occurred_at, organisation_id, qualification_id, payload"
                " FROM qualification_event ORDER BY id LIMIT %s",
                [page_size],
            )
        ]
    )


def deadline_sweep() -> int:
    """Every deadline row with its qualification's cohort: what a sweep must read."""
    return _run(
        [
            (
                "SELECT d.id, d.qualification_id, d.activity_id, d.status, d.due, a.cohort_id"
                " FROM waves_deadline d JOIN waves_allocation a"
                " ON a.qualification_id = d.qualification_id",
                [],
            )
        ]
    )


def pab_pack(meeting_id: int) -> int:
    """The meeting's agenda with each application's organisation and role."""
    return _run(
        [
            (
                "SELECT i.id, a.body, o.name, m.name FROM governance_agendaitem i"
                " JOIN governance_approval a ON a.id = i.approval_id"
                " JOIN qualification_qualification q ON q.id = a.qualification_id"
                " JOIN qualification_organisation o ON o.id = q.organisation_id"
                " JOIN qualification_marketrole m ON m.id = q.market_role_id"
                " WHERE i.meeting_id = %s",
                [meeting_id],
            )
        ]
    )
