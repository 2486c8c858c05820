// jira-chat's chat page. Everything from Jira is put on the page with textContent, never as
// HTML, so a summary such as <img src=x onerror=...> shows as those characters.
"use strict";

const TOKEN_KEY = "jira-chat-token";
let conversation = null;
// The CLI's words for a write that was done (rendering/output.py).

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child == null) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

function safeUrl(url) {
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch (e) {
    return null;
  }
}

function issueLink(key, url) {
  const href = safeUrl(url);
  return href ? el("a", { href, target: "_blank", rel: "noopener noreferrer", text: key }) : el("span", { text: key });
}

function logItem(cls) {
  const item = el("li", { class: cls });
  document.getElementById("log").append(item);
  item.scrollIntoView({ block: "end" });
  return item;
}

function token() { return sessionStorage.getItem(TOKEN_KEY); }

async function call(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Authorization": "Bearer " + token(), "Content-Type": "application/json" },
    body: JSON.stringify(body),
    credentials: "omit",
  });
  let data = null;
  try { data = await response.json(); } catch (e) { data = null; }
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    showTokenForm();
  }
  if (!response.ok) {
    const error = (data && data.error) || { message: "the server answered " + response.status };
    throw Object.assign(new Error(error.message), { detail: error });
  }
  if (data && data.conversation) conversation = data.conversation;
  return data;
}

function showError(item, error) {
  item.className = "error";
  item.replaceChildren(el("p", { class: "error-message", text: "error: " + error.message }));
  const detail = error.detail || {};
  if (detail.hint) item.append(el("p", { class: "hint", text: "hint: " + detail.hint }));
  for (const change of detail.changed || []) {
    const was = change.previewed && typeof change.previewed === "object" ? change.previewed.from_text : change.previewed;
    const now = change.now && typeof change.now === "object" ? change.now.from_text : change.now;
    item.append(el("p", { class: "note", text: `${change.key} ${change.field || ""}: previewed ${was ?? "-"}, now ${now ?? "-"}` }));
  }
  for (const choice of detail.choices || []) item.append(el("p", { class: "note", text: "· " + choice }));
  if (detail.done) renderOutcomes(item, detail.done);
  for (const note of detail.notes || []) item.append(el("p", { class: "note", text: note }));
}

function searchTable(outcome) {
  const wrap = el("div", { class: "search" }, el("p", { class: "jql", text: "JQL: " + outcome.jql }));
  if (outcome.issues.length) {
    const head = el("tr", {}, ...["Key", "Summary", "Status", "Type", "Priority", "Assignee"].map((h) => el("th", { text: h })));
    const rows = outcome.issues.map((issue) => {
      const open = el("button", { class: "link", type: "button", title: "Show details", text: "details" });
      open.addEventListener("click", () => ask(issue.key));
      return el("tr", {},
        el("td", {}, issueLink(issue.key, issue.url), " ", open),
        el("td", { class: "summary", text: issue.summary }),
        el("td", { text: issue.status }),
        el("td", { text: issue.issue_type }),
        el("td", { text: issue.priority || "" }),
        el("td", { text: issue.assignee || "Unassigned" }));
    });
    wrap.append(el("table", {}, el("thead", {}, head), el("tbody", {}, ...rows)));
  }
  wrap.append(el("p", { class: "note", text: outcome.count_line }));
  return wrap;
}

function issueDetail(issue) {
  const facts = [["Status", issue.status], ["Type", issue.issue_type], ["Priority", issue.priority],
    ["Assignee", issue.assignee || "Unassigned"], ["Reporter", issue.reporter],
    ["Labels", (issue.labels || []).join(", ")], ["Updated", issue.updated]];
  if ((issue.sprints || []).length) facts.push(["Sprint", issue.sprints.join(", ")]);
  for (const [name, value] of Object.entries(issue.custom_fields || {})) {
    facts.push([name, Array.isArray(value) ? value.join(", ") : String(value)]);
  }
  const list = el("dl", {});
  for (const [name, value] of facts) list.append(el("dt", { text: name }), el("dd", { text: value || "-" }));
  const box = el("div", { class: "detail" },
    el("h2", {}, issueLink(issue.key, issue.url), " ", el("span", { text: issue.summary })), list);
  if (issue.description) box.append(el("div", { class: "description", text: issue.description }));
  if ((issue.attachments || []).length) {
    box.append(el("h3", { text: `Attachments (${issue.attachments.length})` }));
    for (const file of issue.attachments) {
      box.append(el("p", { class: "attachment", text: `${file.filename} · ${file.size.toLocaleString("en")} bytes` }));
    }
  }
  if ((issue.comments || []).length) {
    box.append(el("h3", { text: `Comments (${issue.comments.length})` }));
    for (const comment of issue.comments) {
      box.append(el("p", { class: "note", text: `${comment.author} · ${comment.created}` }),
        el("div", { class: "comment-body", text: comment.body }));
    }
  }
  if ((issue.transitions || []).length) {
    box.append(el("p", { class: "note", text: "Can move to: " + issue.transitions.map((t) => t.to_status).join(", ") }));
  }
  return box;
}

function writeDone(write) {
  const changes = Object.entries(write.changes || {}).map(([field, change]) => `${field} → ${Array.isArray(change.to) ? change.to.join(", ") : change.to ?? "(none)"}`);
  return el("div", { class: "write" },
    el("p", { class: "done" }, "✓ " + (write.verb || write.action) + " ", issueLink(write.key, write.url)),
    changes.length ? el("p", { class: "note", text: changes.join("; ") }) : null);
}

function listingTable(outcome) {
  const head = el("tr", {}, ...outcome.columns.map((c) => el("th", { text: c })));
  const rows = outcome.rows.map((row) => el("tr", {}, ...outcome.columns.map((c) => el("td", { text: row[c] == null ? "" : String(row[c]) }))));
  return el("div", { class: "listing" }, el("p", { class: "note", text: `${outcome.rows.length} ${outcome.kind}` }),
    el("table", {}, el("thead", {}, head), el("tbody", {}, ...rows)));
}

function renderOutcomes(item, outcomes) {
  for (const outcome of outcomes) {
    if (outcome.type === "search") item.append(searchTable(outcome));
    else if (outcome.type === "issue") item.append(issueDetail(outcome.issue));
    else if (outcome.type === "listing") item.append(listingTable(outcome));
    else if (outcome.type === "write") item.append(writeDone(outcome.write));
    else item.append(el("pre", { class: "note", text: JSON.stringify(outcome.data, null, 2) }));
  }
}

function renderAnswer(item, data) {
  item.className = "answer";
  item.replaceChildren();
  if (data.reply) item.append(el("p", { class: "reply", text: data.reply }));
  if (data.needs_confirmation) renderPreview(item, data);
  else renderOutcomes(item, data.outcomes || []);
  for (const note of data.notes || []) item.append(el("p", { class: "note", text: note }));
}

function renderPreview(item, data) {
  const box = el("div", { class: "preview" });
  for (const preview of data.preview) {
    box.append(el("h3", { text: preview.title }));
    for (const change of preview.changes) {
      box.append(el("p", { class: "change" }, change.field + ": ",
        el("span", { class: "old", text: change.from_text }), " → ",
        el("span", { class: "new", text: change.to_text })));
    }
    if (!preview.changes.length) box.append(el("p", { class: "change", text: "(no field changes)" }));
  }
  const count = data.preview.length;
  const confirm = el("button", { class: "confirm", type: "button", text: count === 1 ? "Confirm" : `Confirm ${count} changes` });
  const cancel = el("button", { class: "cancel", type: "button", text: "Cancel" });
  const bar = el("div", { class: "actions" }, confirm, cancel);
  box.append(el("p", { class: "note", text: `Nothing is changed until you confirm (within ${Math.round(data.expires_in / 60)} min).` }));
  // What cannot be undone is confirmed by typing the key, as in the terminal.
  let typed = null;
  if (data.confirm_key) {
    typed = el("input", { class: "confirm-key", autocomplete: "off", "aria-label": `Type ${data.confirm_key} to delete it` });
    typed.placeholder = `Type ${data.confirm_key} to delete it`;
    confirm.disabled = true;
    typed.addEventListener("input", () => { confirm.disabled = typed.value.trim().toUpperCase() !== data.confirm_key.toUpperCase(); });
    box.append(typed);
  }
  box.append(bar);
  item.append(box);
  const decide = async (verb) => {
    confirm.disabled = cancel.disabled = true;
    if (typed) typed.disabled = true;
    const outcome = logItem("thinking");
    outcome.textContent = verb === "confirm" ? "applying…" : "cancelling…";
    const body = { conversation };
    if (typed && verb === "confirm") body.confirm_key = typed.value.trim();
    try {
      const answer = await call(`/plans/${encodeURIComponent(data.plan_id)}/${verb}`, body);
      if (verb === "cancel") {
        outcome.className = "answer";
        outcome.replaceChildren(el("p", { class: "note", text: answer.message }));
      } else {
        renderAnswer(outcome, answer);
      }
    } catch (error) {
      showError(outcome, error);
    }
  };
  confirm.addEventListener("click", () => decide("confirm"));
  cancel.addEventListener("click", () => decide("cancel"));
}

async function ask(prompt) {
  logItem("you").textContent = prompt;
  const item = logItem("thinking");
  item.textContent = "thinking…";
  const send = document.getElementById("send");
  send.disabled = true;
  try {
    const body = { prompt };
    if (conversation) body.conversation = conversation;
    renderAnswer(item, await call("/process-llm-prompt", body));
  } catch (error) {
    if (error.detail && error.detail.code === "conversation_not_found") conversation = null;
    showError(item, error);
  } finally {
    send.disabled = false;
    item.scrollIntoView({ block: "end" });
  }
}

function showTokenForm() {
  document.getElementById("chat").hidden = true;
  document.getElementById("token-form").hidden = false;
  document.getElementById("token-input").focus();
}

function showChat() {
  document.getElementById("token-form").hidden = true;
  document.getElementById("chat").hidden = false;
  document.getElementById("prompt").focus();
}

// `jira-chat serve` prints http://host:port/#token=…: the fragment never reaches a server.
// Keep it in this tab's session storage and take it off the address bar at once.
function tokenFromUrl() {
  const fromUrl = new URLSearchParams(window.location.hash.slice(1)).get("token");
  if (!fromUrl) return false;
  sessionStorage.setItem(TOKEN_KEY, fromUrl);
  history.replaceState(null, "", window.location.pathname);
  return true;
}

window.addEventListener("hashchange", () => { if (tokenFromUrl()) showChat(); });

document.addEventListener("DOMContentLoaded", () => {
  tokenFromUrl();
  document.getElementById("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, document.getElementById("token-input").value.trim());
    document.getElementById("token-input").value = "";
    showChat();
  });
  document.getElementById("ask-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = document.getElementById("prompt");
    const prompt = input.value.trim();
    if (!prompt) return;
    input.value = "";
    ask(prompt);
  });
  if (token()) showChat(); else showTokenForm();
});
