"""What the persona browser tests share: a page whose clicks are counted, and logging in through it.

Each persona test does one user's main task end to end through the web and asserts how many clicks it
took (``Clicks.count``); filling a field or picking a file is typing, not a click. Logging in is
counted (one click on 登录) so the figure is the whole task from the login page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PASSWORD = "a-Long-test-passw0rd"


@dataclass
class Clicks:
    page: Any
    count: int = 0
    log: list[str] = field(default_factory=list)

    def click(self, locator: Any, what: str) -> None:
        """Click ``locator`` (a Playwright locator) and wait for the page it leads to."""
        locator.click()
        self.page.wait_for_load_state()
        self.count += 1
        self.log.append(what)

    def login(self, base: str, username: str) -> None:
        self.page.goto(f"{base}/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.click(self.page.get_by_role("button", name="登录"), "登录")

    def report(self, task: str) -> str:
        return f"{task}: {self.count} clicks ({' → '.join(self.log)})"
