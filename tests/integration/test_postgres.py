"""The production database: version floor and row locks the services rely on."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, connections, transaction

pytestmark = pytest.mark.django_db(transaction=True)


def test_server_is_postgresql_15_or_later(postgres):
    assert connection.vendor == "postgresql"
    connection.ensure_connection()
    assert connection.pg_version >= 150000


def _make_user(email):
    User = get_user_model()
    return User._default_manager.create_user(**{User.USERNAME_FIELD: email})


def test_select_for_update_blocks_other_transactions(postgres):
    User = get_user_model()
    locked = _make_user("locked@example.com")
    free = _make_user("free@example.com")
    seen = {}

    def other_session():
        # A thread gets its own connection, i.e. a second database session.
        try:
            with transaction.atomic():
                try:
                    User._default_manager.select_for_update(nowait=True).get(pk=locked.pk)
                except DatabaseError as exc:
                    seen["nowait_error"] = exc
            with transaction.atomic():
                seen["skip_locked"] = set(
                    User._default_manager.select_for_update(skip_locked=True)
                    .filter(pk__in=[locked.pk, free.pk])
                    .values_list("pk", flat=True)
                )
        finally:
            # An open session would block the table flush after the test.
            connections.close_all()

    with transaction.atomic():
        row = User._default_manager.select_for_update().get(pk=locked.pk)
        assert row.pk == locked.pk
        thread = threading.Thread(target=other_session)
        thread.start()
        thread.join(timeout=30)
        assert not thread.is_alive()

    assert "nowait_error" in seen, "a second session took a row this session had locked"
    assert seen["skip_locked"] == {free.pk}
