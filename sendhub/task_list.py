"""The GOV.UK task list (govuk-task-list) for jobs in several parts: each task's status from a few facts.

A page builds its tasks with `task(...)` and shows them with
`{% include "includes/task_list.html" with tasks=... id_prefix="..." %}`. Statuses follow the
Design System: "Completed" and "Cannot start yet" as plain text, "Incomplete" as a blue tag; a
task that cannot start, or is not needed, has no link.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class TaskStatus(StrEnum):
    COMPLETED = "Completed"
    INCOMPLETE = "Incomplete"
    CANNOT_START = "Cannot start yet"
    NOT_NEEDED = "Not needed"


@dataclass(frozen=True)
class Task:
    key: str
    title: str
    status: TaskStatus
    url: str = ""
    hint: str = ""

    @property
    def link(self) -> str:
        """Where the task's name leads: nowhere while it cannot start or is not needed."""
        return self.url if self.status in (TaskStatus.COMPLETED, TaskStatus.INCOMPLETE) else ""

    @property
    def tag_class(self) -> str:
        """A tag for what still needs doing; settled statuses are plain text, as the Design System shows them."""
        return "govuk-tag--blue" if self.status == TaskStatus.INCOMPLETE else ""

    @property
    def status_class(self) -> str:
        return (
            "" if self.status == TaskStatus.COMPLETED or self.tag_class else "govuk-task-list__status--cannot-start-yet"
        )


def task(
    key: str, title: str, *, done: bool, ready: bool = True, needed: bool = True, url: str = "", hint: str = ""
) -> Task:
    """A task that is not needed, done, ready to do, or waiting for another (in that order of precedence)."""
    if not needed:
        status = TaskStatus.NOT_NEEDED
    elif done:
        status = TaskStatus.COMPLETED
    elif ready:
        status = TaskStatus.INCOMPLETE
    else:
        status = TaskStatus.CANNOT_START
    return Task(key=key, title=title, status=status, url=url, hint=hint)


def all_done(tasks: list[Task]) -> bool:
    """Every task completed or not needed: what a last task ("Publish") waits for."""
    return all(t.status in (TaskStatus.COMPLETED, TaskStatus.NOT_NEEDED) for t in tasks)
