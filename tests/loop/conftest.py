"""Loop fixtures: a migrated store on SQLite and PostgreSQL with a region, departments and
one account of each role (the store fixtures of tests/store, reused)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from argon2 import PasswordHasher

import luoshi.loop.models
import luoshi.loop.users
from luoshi.loop.access import Principal
from luoshi.loop.tasks import TaskView, assign_task, create_task
from luoshi.loop.users import add_department, add_user
from luoshi.store import Store, models
from luoshi.store.ingest import ingest_paths
from tests.conftest import REPO
from tests.store.conftest import open_url, pg_server, store, store_url

__all__ = ["open_url", "pg_server", "store", "store_url"]

REGION, OTHER = "990001", "990002"
PASSWORD = "correct horse battery"
SAMPLE = REPO / "src" / "luoshi" / "sample" / "hechuan-plenary-2023.txt"


@dataclass
class World:
    """A county with two departments, and one principal per role (plus a leader elsewhere)."""

    store: Store
    admin: Principal
    leader: Principal
    dept: Principal  # 发改委, owner of the tasks made by :meth:`task`
    other_dept: Principal  # 住建委, co-operating at most
    viewer: Principal
    stranger: Principal  # the leader of another county
    dept_id: int
    other_dept_id: int

    def task(self, *, assigned: bool = True, **kw: object) -> TaskView:
        """A task of the county owned by 发改委, assigned unless told otherwise."""
        fields: dict[str, object] = {
            "region_code": REGION,
            "title": "推进工业园区基础设施建设",
            "deadline": date(2026, 12, 31),
            "owner_department_id": self.dept_id,
        }
        fields.update(kw)
        t = create_task(self.store, self.leader, **fields)  # type: ignore[arg-type]
        return assign_task(self.store, self.leader, t.id, t.version) if assigned else t

    def targets(self) -> dict[str, int]:
        """Ingest the sample plan (targets of the county); indicator id → target id."""
        summary = ingest_paths(self.store, [SAMPLE], region=(REGION, "禾川县"))
        assert not summary.failures
        with self.store.session() as s:
            return {
                t.indicator_id or "": t.id
                for t in s.query(models.Target).order_by(models.Target.id)
            }


def _principal(u: object) -> Principal:
    return Principal(u.id, u.username, u.role, u.region_code, u.department_id)  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at its smallest cost, so that the many accounts of the tests hash fast;
    test_users checks that the library's own hasher keeps the strong defaults."""
    monkeypatch.setattr(
        luoshi.loop.users, "_HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )


@pytest.fixture
def world(store: Store) -> World:
    """The county, its departments and accounts, in a fresh store."""
    return build_world(store)


def build_world(store: Store) -> World:
    """Fill a migrated, empty store with the county, its departments and accounts."""
    with store.session() as s:
        s.add(models.Region(code=REGION, name="禾川县", level="county", is_official=False))
        s.add(models.Region(code=OTHER, name="禾山县", level="county", is_official=False))
    system = Principal.system()
    fgw = add_department(store, system, REGION, "县发展改革委")
    zjw = add_department(store, system, REGION, "县住房城乡建设委")
    users = {}
    for name, role, region, dept in (
        ("admin", "administrator", None, None),
        ("leader", "leader", REGION, None),
        ("fgw", "department", None, fgw.id),
        ("zjw", "department", None, zjw.id),
        ("viewer", "viewer", REGION, None),
        ("stranger", "leader", OTHER, None),
    ):
        users[name] = _principal(
            add_user(
                store,
                system,
                username=name,
                password=PASSWORD,
                role=role,
                region_code=region,
                department_id=dept,
            )
        )
    return World(
        store,
        users["admin"],
        users["leader"],
        users["fgw"],
        users["zjw"],
        users["viewer"],
        users["stranger"],
        fgw.id,
        zjw.id,
    )
