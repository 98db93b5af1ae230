"""The shared GOV.UK task list: a status from a few facts, and the Design System's markup."""

from django.template.loader import render_to_string

from sendhub.task_list import TaskStatus, all_done, task


def test_a_task_is_not_needed_done_ready_or_waiting_in_that_order():
    assert task("a", "A", done=True, needed=False).status == TaskStatus.NOT_NEEDED
    assert task("a", "A", done=True, ready=False).status == TaskStatus.COMPLETED
    assert task("a", "A", done=False).status == TaskStatus.INCOMPLETE
    assert task("a", "A", done=False, ready=False).status == TaskStatus.CANNOT_START


def test_only_a_task_that_can_be_done_links_to_its_step():
    assert task("a", "A", done=False, url="/a/").link == "/a/"
    assert task("a", "A", done=True, url="/a/").link == "/a/"
    assert task("a", "A", done=False, ready=False, url="/a/").link == ""
    assert task("a", "A", done=False, needed=False, url="/a/").link == ""


def test_the_last_task_waits_until_every_other_is_completed_or_not_needed():
    assert all_done([task("a", "A", done=True), task("b", "B", done=False, needed=False)])
    assert not all_done([task("a", "A", done=True), task("b", "B", done=False)])


def test_the_include_renders_the_design_systems_task_list():
    html = render_to_string(
        "includes/task_list.html",
        {
            "id_prefix": "setup",
            "tasks": [
                task("details", "Details", done=True, url="/details/", hint="Title and dates"),
                task("questions", "Questions", done=False, url="/questions/"),
                task("publish", "Publish", done=False, ready=False, url="/publish/"),
            ],
        },
    )
    assert html.count('class="govuk-task-list__item govuk-task-list__item--with-link"') == 2
    assert 'href="/details/" aria-describedby="setup-details-hint setup-details-status"' in html
    assert 'id="setup-details-status">\n      Completed' in html  # plain text
    assert '<strong class="govuk-tag govuk-tag--blue">Incomplete</strong>' in html
    assert "govuk-task-list__status--cannot-start-yet" in html and 'href="/publish/"' not in html
