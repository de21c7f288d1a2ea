"""Fuzzing the JSON API with schemathesis: every operation of /api/openapi.json, as the committee office
(bearer token) over the accident test world, must never answer with a server error (5xx).

Bounded and deterministic for CI: ``max_examples`` per operation, derandomized, no shrinking database
state between tests (each operation runs in a savepoint of one module-level transaction).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.core.result import Err

from tests.accidents.world import build_accident_world
from zeren.accounts.services import issue_token

pytestmark = pytest.mark.fuzz

MAX_EXAMPLES = 10  # per operation and per mode (valid, invalid input)


@pytest.fixture(scope="module")
def token(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    # schemathesis calls the WSGI app itself, whose request signals close the database connection after
    # each request (Django's test client disconnects them; on PostgreSQL the test transaction would be lost)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock():
            connection.close()  # start afresh: a browser test earlier in this worker may have closed it
            with transaction.atomic():
                world = build_accident_world()
                yield issue_token(actor=None, user=world.users["admin"], name="fuzz").token
                transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _operations() -> list[Any]:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    operations = []
    for result in schema.get_all_operations():
        if isinstance(result, Err):  # the schema itself is wrong for this operation: a failure too
            raise result.err()
        operations.append(result.ok())
    return operations


def _fuzz(operation: Any, mode: GenerationMode, headers: dict[str, str]) -> str | None:
    """The first server error ``operation`` gives in ``mode`` (as a curl command and the body), or None."""
    found: list[str] = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        if found:
            return
        with transaction.atomic():  # each request's writes rolled back: the world stays as built
            response = case.call(headers=headers)
            transaction.set_rollback(True)
        if response.status_code >= 500:
            found.append(
                f"{case.as_curl_command(headers=headers)}\n→ {response.status_code} {response.text[:500]}"
            )

    try:
        run()
    except Unsatisfiable:  # no invalid input exists (an operation without parameters or body)
        assert mode is GenerationMode.NEGATIVE
    return found[0] if found else None


def test_no_operation_answers_with_a_server_error(token: str, db: None) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    operations = _operations()
    errors = {
        f"{operation.method.upper()} {operation.path} ({mode.value})": error
        for operation in operations
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        if (error := _fuzz(operation, mode, headers)) is not None
    }
    assert len(operations) > 20
    assert not errors, "\n\n".join(f"{name}:\n{error}" for name, error in errors.items())
