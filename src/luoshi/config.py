"""Settings: limits and locations, read from the environment with ``LUOSHI_`` names."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

__all__ = ["Settings"]


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not an integer") from None


@dataclass(frozen=True)
class Settings:
    """Limits that keep reading bounded in time and memory.

    ``max_file_bytes``: inputs larger than this are refused before they are read
    (LUOSHI_MAX_FILE_MB, default 64). ``max_unpacked_bytes``: a .docx whose parts
    expand past this is refused as a possible zip bomb (LUOSHI_MAX_UNPACKED_MB, default 256).
    ``max_pdf_pages``: pages read from one PDF (LUOSHI_MAX_PDF_PAGES, default 2000).
    ``max_text_chars``: a document whose text runs past this many characters is refused
    (LUOSHI_MAX_TEXT_CHARS, default 6,000,000, some 4,000 pages; 15 times the longest
    report in the corpus): reading and extracting take memory in proportion to the text,
    about 100 bytes a character, and a small .docx can expand to hundreds of MB of text.
    ``database_url``: the plan store (LUOSHI_DATABASE_URL, default ``sqlite:///luoshi.db``
    in the current directory; ``postgresql://user@host/db`` for PostgreSQL).
    The closed loop's login throttling, within ``login_window_minutes``
    (LUOSHI_LOGIN_WINDOW_MINUTES, default 15): ``login_max_failures`` failed logins of one
    account from one address stop that address trying that account
    (LUOSHI_LOGIN_MAX_FAILURES, default 5); ``login_address_max_failures`` from one address
    on any accounts stop the address (LUOSHI_LOGIN_ADDRESS_MAX_FAILURES, default 20);
    ``login_account_max_failures`` on one account from any addresses lock the account
    (LUOSHI_LOGIN_ACCOUNT_MAX_FAILURES, default 20; it must be larger than
    ``login_max_failures``, so that one address alone never locks someone else's account).
    ``session_hours`` a login lasts
    (LUOSHI_SESSION_HOURS, default 12); ``max_attachment_bytes`` per report attachment
    (LUOSHI_MAX_ATTACHMENT_MB, default 20); warnings go by e-mail only when
    LUOSHI_SMTP_HOST is set (LUOSHI_SMTP_PORT, default 25; LUOSHI_SMTP_USER,
    LUOSHI_SMTP_PASSWORD, LUOSHI_SMTP_FROM; LUOSHI_SMTP_STARTTLS=1 to upgrade the connection).
    ``as_of_year``: the year verdicts are made in (LUOSHI_AS_OF_YEAR, default: today's):
    a target of that year or later has not ended; set it to reproduce a past review.
    """

    max_file_bytes: int = field(
        default_factory=lambda: _env_int("LUOSHI_MAX_FILE_MB", 64) * 1024 * 1024
    )
    max_unpacked_bytes: int = field(
        default_factory=lambda: _env_int("LUOSHI_MAX_UNPACKED_MB", 256) * 1024 * 1024
    )
    max_pdf_pages: int = field(default_factory=lambda: _env_int("LUOSHI_MAX_PDF_PAGES", 2000))
    max_text_chars: int = field(
        default_factory=lambda: _env_int("LUOSHI_MAX_TEXT_CHARS", 6_000_000)
    )
    database_url: str = field(
        default_factory=lambda: os.environ.get("LUOSHI_DATABASE_URL") or "sqlite:///luoshi.db"
    )
    login_max_failures: int = field(
        default_factory=lambda: _env_int("LUOSHI_LOGIN_MAX_FAILURES", 5)
    )
    login_window_minutes: int = field(
        default_factory=lambda: _env_int("LUOSHI_LOGIN_WINDOW_MINUTES", 15)
    )
    login_address_max_failures: int = field(
        default_factory=lambda: _env_int("LUOSHI_LOGIN_ADDRESS_MAX_FAILURES", 20)
    )
    login_account_max_failures: int = field(
        default_factory=lambda: _env_int("LUOSHI_LOGIN_ACCOUNT_MAX_FAILURES", 20)
    )
    session_hours: int = field(default_factory=lambda: _env_int("LUOSHI_SESSION_HOURS", 12))
    max_attachment_bytes: int = field(
        default_factory=lambda: _env_int("LUOSHI_MAX_ATTACHMENT_MB", 20) * 1024 * 1024
    )
    smtp_host: str = field(default_factory=lambda: os.environ.get("LUOSHI_SMTP_HOST", ""))
    smtp_port: int = field(default_factory=lambda: _env_int("LUOSHI_SMTP_PORT", 25))
    smtp_user: str = field(default_factory=lambda: os.environ.get("LUOSHI_SMTP_USER", ""))
    smtp_password: str = field(default_factory=lambda: os.environ.get("LUOSHI_SMTP_PASSWORD", ""))
    smtp_from: str = field(
        default_factory=lambda: os.environ.get("LUOSHI_SMTP_FROM", "luoshi@localhost")
    )
    smtp_starttls: bool = field(default_factory=lambda: _env_int("LUOSHI_SMTP_STARTTLS", 0) == 1)
    as_of_year: int | None = field(default_factory=lambda: _env_int("LUOSHI_AS_OF_YEAR", 0) or None)

    def __post_init__(self) -> None:
        limits = (
            ("LUOSHI_LOGIN_MAX_FAILURES", self.login_max_failures),
            ("LUOSHI_LOGIN_ADDRESS_MAX_FAILURES", self.login_address_max_failures),
            ("LUOSHI_LOGIN_ACCOUNT_MAX_FAILURES", self.login_account_max_failures),
            ("LUOSHI_LOGIN_WINDOW_MINUTES", self.login_window_minutes),
        )
        for name, value in limits:
            if value < 1:
                raise ValueError(f"{name}={value}: must be at least 1")
        if self.login_account_max_failures <= self.login_max_failures:
            # otherwise one address's failures alone lock the account for everyone
            raise ValueError(
                f"LUOSHI_LOGIN_ACCOUNT_MAX_FAILURES={self.login_account_max_failures} must be "
                f"larger than LUOSHI_LOGIN_MAX_FAILURES={self.login_max_failures}"
            )
