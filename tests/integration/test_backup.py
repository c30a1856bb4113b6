"""make backup / make restore: a backup restored into a scratch database has
the same rows, and the evidence files with the checksums the portal recorded."""

import hashlib
import shutil
import subprocess
from pathlib import Path

import psycopg2
import pytest
from django.db import connection, connections
from django.test.utils import override_settings

from qad.models import EvidenceRevision

from .processes import PROJECT_ROOT, run_database_url
from .scenarios import qad_under_review

pytestmark = pytest.mark.django_db(transaction=True)


def script(name: str, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(PROJECT_ROOT / "scripts" / name), *args],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def row_counts(dsn_params: dict) -> dict[str, int]:
    with psycopg2.connect(**dsn_params) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    db.close()
    return counts


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def scratch_database(postgres):
    name = f"{connection.settings_dict['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    connections.close_all()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_into_a_scratch_database_with_rows_and_evidence_intact(
    postgres, reference_data, scratch_database, tmp_path
):
    media = tmp_path / "media"
    with override_settings(MEDIA_ROOT=media):
        qad_under_review("backup")
    revisions = list(EvidenceRevision.objects.all())
    assert revisions, "the scenario uploads evidence"
    source_url = run_database_url()
    backup = tmp_path / "backup"

    made = script(
        "backup.sh", str(backup), env={"DATABASE_URL": source_url, "MEDIA_ROOT": str(media)}
    )
    assert made.returncode == 0, made.stderr
    assert f"({len(revisions)} evidence files)" in made.stdout

    restored_media = tmp_path / "restored"
    target_url = source_url.rsplit("/", 1)[0] + "/" + scratch_database
    restored = script(
        "restore.sh",
        str(backup),
        env={"DATABASE_URL": target_url, "MEDIA_ROOT": str(restored_media)},
    )
    assert restored.returncode == 0, restored.stderr

    params = connection.get_connection_params()
    source_counts = row_counts(params)
    assert source_counts["qad_evidencerevision"] == len(revisions)
    assert row_counts({**params, "dbname": scratch_database}) == source_counts
    for revision in revisions:
        assert sha256(restored_media / revision.file.name) == revision.sha256


def test_a_damaged_backup_is_refused_before_anything_is_restored(
    postgres, reference_data, scratch_database, tmp_path
):
    media = tmp_path / "media"
    with override_settings(MEDIA_ROOT=media):
        qad_under_review("damaged")
    backup = tmp_path / "backup"
    made = script(
        "backup.sh", str(backup), env={"DATABASE_URL": run_database_url(), "MEDIA_ROOT": str(media)}
    )
    assert made.returncode == 0, made.stderr
    evidence = next(path for path in (backup / "media").rglob("*") if path.is_file())
    evidence.write_bytes(evidence.read_bytes() + b"tampered")
    restored_media = tmp_path / "restored"
    target_url = run_database_url().rsplit("/", 1)[0] + "/" + scratch_database

    refused = script(
        "restore.sh",
        str(backup),
        env={"DATABASE_URL": target_url, "MEDIA_ROOT": str(restored_media)},
    )

    assert refused.returncode != 0
    assert "FAILED" in refused.stdout + refused.stderr
    assert not restored_media.exists()
    params = {**connection.get_connection_params(), "dbname": scratch_database}
    assert row_counts(params) == {}
    shutil.rmtree(backup)
