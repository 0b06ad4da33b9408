"""Schema-based fuzzing of the whole API: Schemathesis generates requests from the OpenAPI
schema (valid and not) for every operation, and sends each one three times: anonymously,
as an administrator and as a department user (session cookie and CSRF header). No answer
may be a server error, and every answer must be one the schema documents: its status, its
media type, its headers and its body (Schemathesis's response conformance checks).

Bounded for CI: a fixed number of examples per operation, no deadline per example. A module
of its own, so that the failed logins it makes do not throttle the other modules' accounts.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="pip install schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402

import luoshi.loop.users  # noqa: E402
from luoshi.loop import users  # noqa: E402
from luoshi.store import open_store  # noqa: E402
from luoshi.web.auth import csrf_token_for  # noqa: E402
from tests.web.loop.conftest import PASSWORD, Loop, make_loop, quick_hasher  # noqa: E402

pytestmark = pytest.mark.slow

#: Who calls: the account logged in for each identity (None: nobody).
IDENTITIES = {"anonymous": None, "administrator": "admin", "department": "fgw"}
#: (identity, operation) → the status codes the fuzzing got, to check what it reached.
SEEN: dict[tuple[str, str], set[int]] = {}


@pytest.fixture(scope="module")
def fuzz_loop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loop]:
    """The loop tests' county with the sample plan stored, so that the dashboard's
    operations have targets, documents and observations to answer with."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(luoshi.loop.users, "_HASHER", quick_hasher())
        store = open_store(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}")
        store.migrate()
        loop = make_loop(store)
        loop.world.targets()
        for name in IDENTITIES.values():
            if name is not None:
                loop.client(name)
        yield loop
        for c in loop.clients.values():
            c.close()
        store.close()


@pytest.fixture(scope="module")
def api_schema(fuzz_loop: Loop) -> object:
    """The app's OpenAPI schema, every operation of it."""
    return schemathesis.openapi.from_asgi("/openapi.json", fuzz_loop.app)


schema = schemathesis.pytest.from_fixture("api_schema")
#: No server error, and every answer as documented: its status, media type, headers and
#: body; and a method the path does not take is a 405 with ``Allow``.
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_headers_conformance,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.unsupported_method,
]


def _credentials(loop: Loop, identity: str, path: str) -> dict[str, Any]:
    name = IDENTITIES[identity]
    if name is None:
        return {}
    client = loop.client(name)
    token = client.cookies.get("luoshi_session") or ""
    if path == "/api/logout":
        # a session of its own to end, so that the fuzzing's session survives; opened by the
        # library, because the fuzzing's failed logins soon lock the test client's address
        token, _ = users.log_in(loop.store, name, PASSWORD)
    return {
        "headers": {"X-CSRF-Token": csrf_token_for(token)},
        "cookies": {"luoshi_session": token},
    }


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_as_everyone(case: Any, fuzz_loop: Loop) -> None:
    for identity in IDENTITIES:
        response = case.call_and_validate(
            **_credentials(fuzz_loop, identity, case.path), checks=CHECKS
        )
        if case.method == case.operation.method.upper():
            SEEN.setdefault((identity, case.operation.label), set()).add(response.status_code)


def test_the_fuzzing_reached_the_library() -> None:
    """Runs after the fuzzing: the logged-in calls got past the door (the reading operations
    answered 2xx and nothing but logging in answered 401), and the anonymous ones did not
    get past it on any operation that needs a login."""
    if not SEEN:
        pytest.skip("the fuzzing did not run in this session")
    operations = {op for _, op in SEEN}
    assert len(operations) >= 44, sorted(operations)
    for identity in ("administrator", "department"):
        succeeded = {
            op
            for (who, op), codes in SEEN.items()
            if who == identity and any(200 <= c < 300 for c in codes)
        }
        readers = {
            "GET /api/me",
            "GET /api/loop/tasks",
            "GET /api/loop/notices",
            "GET /api/loop/departments",
            "GET /api/loop/projects",
            "GET /api/overview",
        }
        assert readers <= succeeded, (identity, sorted(readers - succeeded))
        unauthorised = [
            op
            for (who, op), codes in SEEN.items()
            if who == identity and 401 in codes and "login" not in op
        ]
        assert not unauthorised, (identity, unauthorised)
    assert {"GET /api/loop/users", "GET /api/loop/audit"} <= {
        op for (who, op), codes in SEEN.items() if who == "administrator" and 200 in codes
    }
    anonymous_in = [
        op
        for (who, op), codes in SEEN.items()
        if who == "anonymous" and "/loop/" in op and any(200 <= c < 300 for c in codes)
    ]
    assert not anonymous_in, anonymous_in
