"""The chat page in a real headless Chromium (Debian's chromium + chromium-driver, selenium)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.sandbox import jira_client
from tests.serve.conftest import TOKEN

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
XSS = 'Checkout <img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> & more'


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        if os.environ.get("CI"):
            pytest.fail("CI must install chromium and chromium-driver (.ci/run does)")
        pytest.skip("chromium / chromium-driver are not installed (apt-get install ...)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def _wait(driver: Any, css: str, *, count: int = 1, timeout: float = 30) -> list[Any]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def found(d: Any) -> list[Any] | bool:
        elements = d.find_elements(By.CSS_SELECTOR, css)
        return elements if len(elements) >= count else False

    result: list[Any] = WebDriverWait(driver, timeout).until(found)
    return result


def _ask(driver: Any, text: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element(By.ID, "prompt")
    box.send_keys(text, Keys.ENTER)


def test_a_person_reads_then_confirms_a_write(served: Any, browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    jira = jira_client(served.sandbox)
    planted = jira.create_issue(
        project="WEB", summary=XSS, issuetype={"name": "Bug"}, priority={"name": "Highest"}
    )
    target = jira.search_issues("assignee != currentUser() ORDER BY key ASC", maxResults=1)[0]

    browser.get(f"{served.url}/#token={TOKEN}")
    assert "#token" not in browser.current_url  # taken off the address bar at once
    _ask(browser, "open bugs in WEB")
    rows = _wait(browser, "#log table tbody tr")
    keys = [row.find_element(By.CSS_SELECTOR, "td a").text for row in rows]
    assert planted.key in keys
    link = rows[keys.index(planted.key)].find_element(By.CSS_SELECTOR, "td a")
    assert link.get_attribute("href") == f"{served.sandbox.url}/browse/{planted.key}"
    cell = rows[keys.index(planted.key)].find_element(By.CSS_SELECTOR, "td.summary")
    assert cell.text == XSS  # shown as text: the markup is characters, not elements
    assert browser.find_elements(By.CSS_SELECTOR, "#log img, #log script") == []
    assert browser.execute_script("return window.__pwned === undefined") is True

    _ask(browser, f"assign {target.key} to me")
    confirm = _wait(browser, ".preview button.confirm")[0]
    preview = browser.find_element(By.CSS_SELECTOR, ".preview").text
    assert f"Assign {target.key}" in preview or target.key in preview
    assert "Sam Rivera" in preview
    assert jira.issue(target.key).fields.assignee.displayName != "Sam Rivera"  # not yet
    browser.save_screenshot(str(tmp_path / "preview.png"))
    confirm.click()
    done = _wait(browser, "#log .done")[0]
    assert done.text.startswith(f"✓ Assigned {target.key}")
    assert jira.issue(target.key).fields.assignee.displayName == "Sam Rivera"

    # Every action's report verb comes from its declaration, not a list kept in the page.
    _ask(browser, f"log 2h on {target.key}")
    second = _wait(browser, ".preview", count=2)[-1]
    second.find_element(By.CSS_SELECTOR, "button.confirm").click()
    _wait(browser, "#log .done", count=2)
    logged = browser.find_elements(By.CSS_SELECTOR, "#log .done")[-1]
    assert logged.text.startswith(f"✓ Logged 2h on {target.key}")


def test_the_token_is_asked_once_and_kept_in_the_tab(served: Any, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    browser.get(served.url + "/")
    field = _wait(browser, "#token-input")[0]
    assert field.is_displayed()
    field.send_keys(TOKEN)
    browser.find_element(By.CSS_SELECTOR, "#token-form button").click()
    _ask(browser, "WEB-1")
    _wait(browser, "#log .detail")
    browser.refresh()
    assert not browser.find_element(By.ID, "token-form").is_displayed()
    assert browser.execute_script("return sessionStorage.getItem('jira-chat-token')") == TOKEN
    _ask(browser, "make me a sandwich")
    error = _wait(browser, "#log li.error .error-message")[0]
    assert error.text.startswith("error: ")


def test_the_detail_view_shows_sprint_custom_fields_and_attachments(
    served: Any, browser: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    jira = jira_client(served.sandbox)
    key = jira.create_issue(
        project="WEB", summary="Detail on the page", issuetype={"name": "Task"}
    ).key
    jira.issue(key).update(
        fields={"customfield_10016": 3, "customfield_10040": {"value": "Growth"}}
    )
    log = tmp_path / "page.log"
    log.write_bytes(b"x" * 1500)
    jira.add_attachment(key, str(log))
    browser.get(f"{served.url}/#token={TOKEN}")
    _ask(browser, key)
    box = _wait(browser, "#log .detail")[0]
    facts = dict(
        zip(
            [dt.text for dt in box.find_elements(By.CSS_SELECTOR, "dt")],
            [dd.text for dd in box.find_elements(By.CSS_SELECTOR, "dd")],
            strict=True,
        )
    )
    assert facts["Story Points"] == "3" and facts["Team"] == "Growth"
    assert [p.text for p in box.find_elements(By.CSS_SELECTOR, ".attachment")] == [
        "page.log · 1,500 bytes"
    ]
