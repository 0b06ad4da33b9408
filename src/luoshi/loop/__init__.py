"""The closed loop (闭环落实): assign → carry out → report → review → close, then assess.

A plain library that the CLI and the web pages are thin over. Every function takes the
acting :class:`~luoshi.loop.access.Principal` and enforces on the server what that
principal may see and do; every write is one transaction with its audit entries.

- :mod:`luoshi.loop.access` — roles, permissions, scopes, transactions
- :mod:`luoshi.loop.users` — accounts, departments, logins, sessions
- :mod:`luoshi.loop.tasks` — tasks and their state machine
- :mod:`luoshi.loop.targets` — checked corrections to the plan's targets
- :mod:`luoshi.loop.drafting` — draft tasks from a stored document's outline
- :mod:`luoshi.loop.projects` — key projects, 开工率 and investment completion
- :mod:`luoshi.loop.reports` — progress reports, review, figures into observations
- :mod:`luoshi.loop.notices` — overdue and at-risk warnings, e-mail
- :mod:`luoshi.loop.assessment` — scoring and league tables
- :mod:`luoshi.loop.exports` — the xlsx score sheet and the .docx 督查通报
- :mod:`luoshi.loop.audit` — the append-only audit trail
- :mod:`luoshi.loop.history` — an audit entry as people read it, field by field

``docs/loop.md`` describes the roles, the state machine, the scoring and the audit trail.
"""

from __future__ import annotations

from luoshi.loop.access import PERMISSIONS, ROLES, Principal
from luoshi.loop.tasks import STATES, TRANSITIONS

__all__ = ["PERMISSIONS", "ROLES", "STATES", "TRANSITIONS", "Principal"]
