"""Custom field values checked against each schema type, and attachments whose upload
outcome is unknown: read back by name and size, never sent twice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jira_chat.errors import FileInputError, ResolutionError, WriteNotAppliedError
from jira_chat.execution import custom_fields
from jira_chat.execution.executor import Executor
from jira_chat.execution.resolve import Resolver
from jira_chat.execution.spec import ExecContext
from jira_chat.jira_access.fields import ScreenField, custom_values, screen_fields, sprint_names
from jira_chat.jira_access.records import FieldMeta
from tests.execution.helpers import fresh_issue, independent_client, plan, service_for


def _ctx(handle: Any) -> ExecContext:
    service = service_for(handle)
    return ExecContext(service, Resolver(service))


def _meta(kind: str, items: str | None = None) -> FieldMeta:
    return FieldMeta("customfield_20001", "Thing", kind, items, "some:plugin")


@pytest.mark.parametrize(
    ("kind", "items", "value", "rest", "shown"),
    [
        ("number", None, "2.5", 2.5, "2.5"),
        ("number", None, 3, 3, "3"),
        ("string", None, "  release notes ", "release notes", "release notes"),
        ("string", None, 42, "42", "42"),
        ("date", None, "2027-01-15", "2027-01-15", "2027-01-15"),
        ("datetime", None, "2027-01-15T09:30", "2027-01-15T09:30:00.000+0000",
         "2027-01-15T09:30+00:00"),
        ("array", "string", ["a", "b"], ["a", "b"], "a, b"),
        ("array", "option", "payments, growth", [{"value": "Payments"}, {"value": "Growth"}],
         "Payments, Growth"),
        ("option", None, "PLATFORM", {"value": "Platform"}, "Platform"),
    ],
)  # fmt: skip
def test_values_are_shaped_by_the_fields_schema(
    sandbox: Any, kind: str, items: str | None, value: Any, rest: Any, shown: str
) -> None:
    allowed = ("Payments", "Platform", "Growth")
    change = custom_fields._checked(_ctx(sandbox), _meta(kind, items), value, allowed, "WEB")
    assert (change.rest, change.shown) == (rest, shown)


def test_a_user_field_takes_a_person_as_each_flavor_names_them(any_sandbox: Any) -> None:
    ctx = _ctx(any_sandbox)
    change = custom_fields._checked(ctx, _meta("user"), "Jordan Lee", None, "WEB")
    assert change.shown == "Jordan Lee"
    assert set(change.rest) == ({"accountId"} if ctx.service.flavor == "cloud" else {"name"})


def test_a_version_field_takes_a_version_of_the_project(sandbox: Any) -> None:
    ctx = _ctx(sandbox)
    change = custom_fields._checked(ctx, _meta("array", "version"), ["2.0"], None, "WEB")
    assert change.rest == [{"name": "2.0"}]
    with pytest.raises(ResolutionError, match=r"WEB has no version '9\.9' for Thing; versions: "):
        custom_fields._checked(ctx, _meta("version"), "9.9", None, "WEB")


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("date", "next friday", "Thing takes a date as YYYY-MM-DD, not 'next friday'"),
        ("datetime", "soon", "Thing takes a date and time as YYYY-MM-DDTHH:MM, not 'soon'"),
        ("string", ["a", "b"], "Thing takes one value, not a list (text)"),
        ("option", "Billing", "'Billing' is not an option of Thing; options: Payments"),
        ("any", "x", "Thing is a field of type 'some:plugin', which jira-chat cannot set"),
    ],
)
def test_values_of_the_wrong_type_fail_in_our_words(
    sandbox: Any, kind: str, value: Any, message: str
) -> None:
    with pytest.raises(ResolutionError) as error:
        custom_fields._checked(_ctx(sandbox), _meta(kind), value, ("Payments",), "WEB")
    assert message in error.value.message


def test_a_field_that_is_not_on_the_screen_is_refused(sandbox: Any) -> None:
    ctx = _ctx(sandbox)
    screen = {"summary": ScreenField(FieldMeta("summary", "Summary", "string"))}
    with pytest.raises(ResolutionError, match="Story Points cannot be set here: it is not on X"):
        custom_fields.resolve(ctx, {"Story Points": 1}, screen, project="WEB", where="X")


def test_screens_and_values_read_in_both_page_shapes() -> None:
    entry = {"name": "Team", "schema": {"type": "option"}, "allowedValues": [{"value": "A"}]}
    cloud = screen_fields({"fields": [{"fieldId": "customfield_1", **entry}]})
    server = screen_fields({"values": [{"fieldId": "customfield_1", **entry}]})
    edit = screen_fields({"fields": {"customfield_1": entry}})
    assert cloud == server == edit and cloud["customfield_1"].allowed == ("A",)
    # Older Server/DC sends sprints as strings.
    raw = ["com.atlassian.greenhopper.service.sprint.Sprint@1f[id=2,state=ACTIVE,name=S 2,x=y]"]
    assert sprint_names(raw) == ("S 2",)
    metas = {"customfield_1": FieldMeta("customfield_1", "Team", "option"),
             "customfield_2": FieldMeta("customfield_2", "Rank", "any",
                                        custom="com.pyxis.greenhopper.jira:gh-lexo-rank")}  # fmt: skip
    shown = custom_values({"customfield_1": {"value": "A"}, "customfield_2": "0|i00"}, metas)
    assert [(v.name, v.shown) for v in shown] == [("Team", "A")]


def test_a_custom_field_update_is_verified_by_reading_it_back(any_sandbox: Any) -> None:
    client = independent_client(any_sandbox)
    key = fresh_issue(client, "Estimated")
    executor = Executor(service_for(any_sandbox))
    prepared = executor.prepare(plan(("update_issue", {"key": key, "fields": {"Team": "mobile"}})))
    assert [(c.field, c.old, c.new) for c in prepared.previews[0].changes] == [
        ("Team", None, "Mobile")
    ]
    executor.execute(prepared.actions[0])
    assert client.issue(key).raw["fields"]["customfield_10040"]["value"] == "Mobile"
    again = Executor(service_for(any_sandbox)).prepare(
        plan(("update_issue", {"key": key, "fields": {"team": "Mobile"}}))
    )
    assert not again.has_writes and "already has these values" in again.already[0]


def _attach(handle: Any, key: str, path: Path) -> Any:
    executor = Executor(service_for(handle))
    action = executor.prepare(plan(("attach_file", {"key": key, "path": str(path)}))).actions[0]
    handle.request_log.clear()
    return executor, action


def test_an_upload_that_landed_then_503_is_a_success_and_uploaded_once(
    sandbox: Any, tmp_path: Path
) -> None:
    client = independent_client(sandbox)
    key = fresh_issue(client, "Upload behind a 503")
    path = tmp_path / "trace.txt"
    path.write_text("same name, same size\n")
    client.add_attachment(key, str(path))  # the same file is already there once
    executor, action = _attach(sandbox, key, path)
    sandbox.faults.add(rf"/issue/{key}/attachments$", method="POST", status=503, after_write=True)
    assert executor.execute(action).key == key
    assert [a.filename for a in client.issue(key).fields.attachment] == ["trace.txt"] * 2
    assert sandbox.request_log.count("POST", rf"/issue/{key}/attachments$") == 1


def test_an_upload_that_met_a_503_and_is_not_there_is_not_resent(
    sandbox: Any, tmp_path: Path
) -> None:
    client = independent_client(sandbox)
    key = fresh_issue(client, "Upload refused")
    path = tmp_path / "trace.txt"
    path.write_text("never lands\n")
    executor, action = _attach(sandbox, key, path)
    sandbox.faults.add(rf"/issue/{key}/attachments$", method="POST", status=503, skip_write=True)
    with pytest.raises(WriteNotAppliedError, match="did not land"):
        executor.execute(action)
    assert client.issue(key).fields.attachment == []
    assert sandbox.request_log.count("POST", rf"/issue/{key}/attachments$") == 1


def test_an_instance_with_a_lower_limit_or_no_attachments_refuses_first(
    sandbox: Any, tmp_path: Path
) -> None:
    client = independent_client(sandbox)
    key = fresh_issue(client, "Small limit")
    path = tmp_path / "notes.txt"
    path.write_bytes(b"n" * 2048)
    executor = Executor(service_for(sandbox))
    sandbox.faults.add(
        r"/attachment/meta$", status=200, body={"enabled": True, "uploadLimit": 1024}
    )
    with pytest.raises(
        FileInputError, match=r"notes\.txt is 2 KiB; this Jira accepts .* up to 1 KiB"
    ):
        executor.prepare(plan(("attach_file", {"key": key, "path": str(path)})))
    sandbox.faults.add(r"/attachment/meta$", status=200, body={"enabled": False})
    with pytest.raises(ResolutionError, match="this Jira does not accept attachments"):
        executor.prepare(plan(("attach_file", {"key": key, "path": str(path)})))
    assert client.issue(key).fields.attachment == []


def test_the_field_list_is_cached_with_the_metadata(any_sandbox: Any) -> None:
    first = service_for(any_sandbox)
    names = {f.name: (f.id, f.schema_type) for f in first.metadata().fields}
    assert names["Story Points"] == ("customfield_10016", "number")
    assert names["Team"] == ("customfield_10040", "option")
    assert ("Epic Link" in names) == (any_sandbox.flavor == "server")
    any_sandbox.request_log.clear()
    issue = service_for(any_sandbox).get_issue("WEB-5")  # a second run, warm cache
    assert any_sandbox.request_log.count("GET", r"/field$") == 0
    assert issue.custom("team") is not None and issue.sprints == ("WEB Sprint 2",)


def test_a_custom_field_that_does_not_land_is_named(sandbox: Any) -> None:
    client = independent_client(sandbox)
    key = fresh_issue(client, "Automation reverts it")
    executor = Executor(service_for(sandbox))
    prepared = executor.prepare(plan(("update_issue", {"key": key, "fields": {"Story Points": 8}})))
    sandbox.faults.add(rf"/issue/{key}$", method="PUT", skip_write=True)
    with pytest.raises(WriteNotAppliedError) as error:
        executor.execute(prepared.actions[0])
    assert "Story Points (expected '8', Jira has None)" in error.value.message


def test_a_bulk_change_of_a_custom_field_previews_the_real_current_values(sandbox: Any) -> None:
    client = independent_client(sandbox)
    label = "bulk-points"
    done, todo = (fresh_issue(client, f"Bulk {n}", labels=[label]) for n in (1, 2))
    client.issue(done).update(fields={"customfield_10016": 5})
    change = {"action": "update_issue", "parameters": {"fields": {"Story Points": 5}}}
    jql = f"labels = {label} ORDER BY key"
    prepared = Executor(service_for(sandbox)).prepare(
        plan(("bulk_change", {"jql": jql, "change": change}))
    )
    items = {item.key: item for item in prepared.actions[0].preview.bulk.items}
    assert items[done].state == "already"
    assert [(c.field, c.old, c.new) for c in items[todo].changes] == [("Story Points", None, "5")]
