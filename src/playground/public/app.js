// The playground page: draws what the server streams and posts what the author does.
// Plain DOM, no framework. Text always goes in with textContent; the only innerHTML is a
// message's `html`, which the server built with its escaping markdown renderer.

const REACTIONS = ["👍", "❤️", "😂", "🎉"];

const state = {
  agent: undefined,
  /** name -> { name, inboxId, address } */
  users: new Map(),
  /** id -> { id, kind, name, members } */
  conversations: new Map(),
  /** id -> message view */
  messages: new Map(),
  logs: [],
  /** conversation id -> messages received while looking elsewhere */
  unread: new Map(),
  me: undefined,
  current: undefined,
  replyTo: undefined,
};

const $ = (selector) => document.querySelector(selector);

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (key === "className") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children);
  return node;
}

// --- talking to the server ----------------------------------------------------------------

/**
 * Posts to the server. With `form`, a problem with one of its fields is shown beside that field
 * (each `.field-error[data-field]`); anything else goes to the status line.
 */
async function post(path, body, form) {
  setStatus("");
  clearFieldErrors(form);
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    const message = json.error?.message ?? `${response.status} ${response.statusText}`;
    const shown = showFieldErrors(form, json.error?.issues ?? []);
    if (!shown) setStatus(message);
    throw new Error(message);
  }
  return json;
}

function clearFieldErrors(form) {
  for (const node of form?.querySelectorAll(".field-error") ?? []) node.textContent = "";
  for (const node of form?.querySelectorAll("[aria-invalid]") ?? [])
    node.removeAttribute("aria-invalid");
}

/** Puts each issue beside its field; false when some issue has no field in this form. */
function showFieldErrors(form, issues) {
  if (!form || issues.length === 0) return false;
  let all = true;
  for (const issue of issues) {
    const slot = issue.field && form.querySelector(`.field-error[data-field="${issue.field}"]`);
    if (!slot) {
      all = false;
      continue;
    }
    slot.textContent = slot.textContent
      ? `${slot.textContent} ${sentence(issue.message)}`
      : sentence(issue.message);
    form.elements[issue.field]?.setAttribute("aria-invalid", "true");
  }
  return all;
}

/** "the message is empty" -> "The message is empty." */
function sentence(text) {
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

function setStatus(text) {
  $("#status").textContent = text;
}

/** Runs a click or submit handler; failures were already shown in the status line. */
function act(handler) {
  return (event) => {
    event.preventDefault();
    handler(event).catch((error) => console.warn(error));
  };
}

function connect() {
  const events = new EventSource("/api/events");
  events.addEventListener("snapshot", (event) => loadSnapshot(JSON.parse(event.data)));
  events.addEventListener("user", (event) => {
    const user = JSON.parse(event.data);
    state.users.set(user.name, user);
    renderUsers();
  });
  events.addEventListener("conversation", (event) => {
    const conversation = JSON.parse(event.data);
    state.conversations.set(conversation.id, conversation);
    renderConversations();
    if (conversation.id === state.current) renderHeader();
  });
  events.addEventListener("message", (event) => receiveMessage(JSON.parse(event.data)));
  events.addEventListener("log", (event) => receiveLog(JSON.parse(event.data)));
  events.addEventListener("error", () => setStatus("Connection lost, reconnecting…"));
  events.addEventListener("open", () => setStatus(""));
}

function loadSnapshot(snapshot) {
  state.agent = snapshot.agent;
  state.users = new Map(snapshot.users.map((user) => [user.name, user]));
  state.conversations = new Map(snapshot.conversations.map((c) => [c.id, c]));
  state.messages = new Map(snapshot.messages.map((m) => [m.id, m]));
  state.logs = snapshot.logs;
  state.me ??= snapshot.users[0]?.name;
  if (!state.conversations.has(state.current)) state.current = dmOf(state.me)?.id;
  $("#agent").textContent = `${snapshot.agent.name} · ${snapshot.agent.address}`;
  renderAll();
}

function receiveMessage(message) {
  state.messages.set(message.id, message);
  if (message.conversationId === state.current) {
    upsertMessage(message);
  } else if (!isMine(message)) {
    state.unread.set(message.conversationId, (state.unread.get(message.conversationId) ?? 0) + 1);
    renderConversations();
  }
}

function receiveLog(line) {
  state.logs.push(line);
  if (state.logs.length > 2000) state.logs.shift();
  if (showsLog(line)) appendLog(line);
}

// --- who and where --------------------------------------------------------------------------

function me() {
  return state.users.get(state.me);
}

function isMember(conversation, user = me()) {
  return Boolean(user && conversation.members.some((member) => member.inboxId === user.inboxId));
}

function dmOf(name) {
  const user = state.users.get(name);
  return [...state.conversations.values()].find((c) => c.kind === "dm" && isMember(c, user));
}

function isMine(message) {
  return message.senderInboxId === me()?.inboxId;
}

async function switchUser(name) {
  showPanel("sidebar", false);
  state.me = name;
  state.replyTo = undefined;
  const current = state.conversations.get(state.current);
  if (!current || !isMember(current)) {
    const dm = dmOf(name) ?? (await post("/api/dms", { as: name }));
    state.conversations.set(dm.id, dm);
    state.current = dm.id;
  }
  renderAll();
}

function openConversation(id) {
  showPanel("sidebar", false);
  state.current = id;
  state.replyTo = undefined;
  state.unread.delete(id);
  renderAll();
}

// --- drawing --------------------------------------------------------------------------------

function renderAll() {
  renderUsers();
  renderConversations();
  renderHeader();
  renderMessages();
  renderReplying();
  renderLogs();
}

function renderUsers() {
  // By name: users created together (a group's members) arrive in any order.
  const users = [...state.users.values()].sort((a, b) => a.name.localeCompare(b.name));
  const buttons = users.map((user) => {
    const button = element("button", {
      type: "button",
      "data-user": user.name,
      "aria-pressed": String(user.name === state.me),
      title: user.address,
      text: user.name,
    });
    button.addEventListener(
      "click",
      act(() => switchUser(user.name)),
    );
    return button;
  });
  $("#users").replaceChildren(...buttons);
}

function renderConversations() {
  const mine = [...state.conversations.values()].filter((c) => isMember(c));
  $("#conversations").replaceChildren(
    ...mine.map((conversation) => {
      const unread = state.unread.get(conversation.id);
      const button = element(
        "button",
        {
          type: "button",
          "data-conversation": conversation.id,
          "aria-current": String(conversation.id === state.current),
        },
        conversation.kind === "dm" ? "💬 " : "👥 ",
        conversation.name,
        conversation.kind === "group"
          ? element("span", { className: "muted conv-id", text: ` #${conversation.shortId}` })
          : "",
        unread ? element("span", { className: "badge", text: String(unread) }) : "",
      );
      button.addEventListener("click", () => openConversation(conversation.id));
      return button;
    }),
  );
}

function renderHeader() {
  const conversation = state.conversations.get(state.current);
  $("#conversation-name").textContent = conversation
    ? `${conversation.name} — you are ${state.me}`
    : "No conversation";
  $("#conversation-id").textContent =
    conversation?.kind === "group" ? `#${conversation.shortId}` : "";
  $("#members").replaceChildren(
    ...(conversation?.members ?? []).map((member) =>
      element(
        "li",
        { "data-member": member.name },
        member.name,
        member.address
          ? element("span", {
              className: "address",
              text: ` ${member.address}`,
              title: member.address,
            })
          : "",
        " ",
        element("span", { className: "role", text: `(${member.role})` }),
      ),
    ),
  );
}

function renderMessages() {
  const list = [...state.messages.values()]
    .filter((m) => m.conversationId === state.current)
    .sort((a, b) => a.sentAt - b.sentAt);
  $("#messages").replaceChildren(...list.map(messageElement));
  scrollToEnd(true);
}

function upsertMessage(message) {
  const container = $("#messages");
  const nearEnd = container.scrollHeight - container.scrollTop - container.clientHeight < 80;
  const node = messageElement(message);
  const existing = container.querySelector(`[data-id="${CSS.escape(message.id)}"]`);
  if (existing) existing.replaceWith(node);
  else container.append(node);
  scrollToEnd(nearEnd || isMine(message));
}

function scrollToEnd(really) {
  const container = $("#messages");
  if (really) container.scrollTop = container.scrollHeight;
}

function messageElement(message) {
  if (message.note !== undefined) {
    return element("p", {
      className: "note",
      "data-id": message.id,
      "data-kind": message.kind,
      text: message.note,
    });
  }
  const node = element("article", {
    className: `msg ${isMine(message) ? "mine" : ""} from-${message.sender === "agent" ? "agent" : "user"}`,
    "data-id": message.id,
    "data-kind": message.kind,
  });
  const time = new Date(message.sentAt).toLocaleTimeString();
  node.append(
    element(
      "header",
      {},
      element("span", { className: "sender", text: message.sender }),
      element("span", { className: "time", text: ` · ${time}` }),
      toolsElement(message),
    ),
  );
  if (message.replyTo) {
    // The excerpt's HTML comes from the server's markdown renderer, like the body's.
    const excerpt = element("span", { className: "excerpt" });
    excerpt.innerHTML = message.replyTo.html;
    node.append(element("div", { className: "quote" }, `↪ ${message.replyTo.sender}: `, excerpt));
  }
  const body = element("div", { className: "body" });
  body.innerHTML = message.html ?? "";
  node.append(body);
  if (message.actions) node.append(buttonsElement(message));
  node.append(reactionsElement(message));
  return node;
}

function buttonsElement(message) {
  const { id, buttons, expiresAt, poll } = message.actions;
  const expired = expiresAt !== undefined && expiresAt < Date.now();
  const closed = poll ? !poll.open : expired;
  const mine = poll?.choices[state.me];
  const nodes = buttons.map((button, index) => {
    const chosen = poll !== undefined && mine === index;
    const node = element(
      "button",
      {
        type: "button",
        className: `action ${button.style ?? ""}${chosen ? " chosen" : ""}`,
        "data-action-id": button.id,
        "aria-pressed": poll ? String(chosen) : undefined,
        disabled: closed,
        title: closed
          ? poll
            ? "This poll is closed"
            : "These buttons have expired"
          : `Tap as ${state.me}`,
      },
      chosen ? "✓ " : "",
      button.label,
      poll ? element("span", { className: "count", text: String(poll.votes[index] ?? 0) }) : "",
    );
    node.addEventListener(
      "click",
      act(() =>
        post("/api/intents", {
          as: state.me,
          conversationId: message.conversationId,
          actionsId: id,
          actionId: button.id,
        }),
      ),
    );
    return node;
  });
  const summary = poll
    ? element("p", {
        className: "poll-summary",
        text: `${poll.open ? "Open" : "Closed"} · ${poll.voters} voter${poll.voters === 1 ? "" : "s"}${mine === undefined ? "" : ` · you chose “${buttons[mine]?.label}”`}`,
      })
    : "";
  return element(
    "div",
    { className: "buttons-block" },
    element("div", { className: "buttons" }, ...nodes),
    summary,
  );
}

function reactionsElement(message) {
  return element(
    "div",
    { className: "reactions" },
    ...Object.entries(message.reactions).map(([emoji, names]) => {
      const mine = names.includes(state.me);
      const chip = element("button", {
        type: "button",
        className: mine ? "mine" : undefined,
        title: names.join(", "),
        text: `${emoji} ${names.length}`,
      });
      chip.addEventListener(
        "click",
        act(() => react(message, emoji, mine)),
      );
      return chip;
    }),
  );
}

function toolsElement(message) {
  const reply = element("button", { type: "button", title: "Reply", text: "↩ Reply" });
  reply.addEventListener("click", () => {
    state.replyTo = message;
    renderReplying();
    $("#composer textarea").focus();
  });
  const emoji = REACTIONS.map((symbol) => {
    const button = element("button", { type: "button", title: `React ${symbol}`, text: symbol });
    button.addEventListener(
      "click",
      act(() => react(message, symbol, message.reactions[symbol]?.includes(state.me) ?? false)),
    );
    return button;
  });
  return element("div", { className: "tools" }, reply, ...emoji);
}

function react(message, emoji, remove) {
  return post("/api/reactions", {
    as: state.me,
    conversationId: message.conversationId,
    messageId: message.id,
    emoji,
    remove,
  });
}

function renderReplying() {
  const banner = $("#replying");
  const target = state.replyTo;
  banner.hidden = !target || target.conversationId !== state.current;
  banner.querySelector("span").textContent = target ? `Replying to ${target.sender}` : "";
}

function showsLog(line) {
  return (
    line.conversationId === state.current ||
    (!line.conversationId &&
      line.level !== "info" &&
      line.level !== "debug" &&
      line.level !== "trace")
  );
}

function renderLogs() {
  $("#log-lines").replaceChildren(...state.logs.filter(showsLog).map(logElement));
  const panel = $("#logs");
  panel.scrollTop = panel.scrollHeight;
}

function appendLog(line) {
  const panel = $("#logs");
  const nearEnd = panel.scrollHeight - panel.scrollTop - panel.clientHeight < 40;
  $("#log-lines").append(logElement(line));
  if (nearEnd) panel.scrollTop = panel.scrollHeight;
}

/** time level message key=value…, the way logfmt tools print a line. */
function logElement(line) {
  const fields = [
    line.event && `event=${line.event}`,
    line.skill && `skill=${line.skill}`,
    line.details && withNames(line.details),
  ]
    .filter(Boolean)
    .join(" ");
  return element(
    "div",
    { className: `log ${line.level}` },
    element("span", { className: "muted", text: new Date(line.time).toLocaleTimeString() }),
    " ",
    element("span", { className: "lvl", text: line.level.toUpperCase().padEnd(5) }),
    " ",
    element("span", { className: "msg-text", text: line.msg }),
    fields ? element("span", { className: "details", text: ` ${fields}` }) : "",
  );
}

/** Log lines carry inbox ids; the author thinks in the names on the page. */
function withNames(text) {
  let named = text;
  for (const user of state.users.values()) named = named.replaceAll(user.inboxId, user.name);
  if (state.agent) named = named.replaceAll(state.agent.inboxId, "agent");
  return named;
}

// --- forms ----------------------------------------------------------------------------------

$("#composer").addEventListener(
  "submit",
  act(async (event) => {
    const input = $("#composer textarea");
    const text = input.value.trim();
    if (!state.current) return;
    const replyTo = state.replyTo?.conversationId === state.current ? state.replyTo.id : undefined;
    await post(
      "/api/messages",
      { as: state.me, conversationId: state.current, text, replyTo },
      event.target,
    );
    input.value = "";
    state.replyTo = undefined;
    renderReplying();
  }),
);

$("#composer textarea").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey) {
    event.preventDefault();
    $("#composer").requestSubmit();
  }
});

$("#cancel-reply").addEventListener("click", () => {
  state.replyTo = undefined;
  renderReplying();
});

$("#new-user").addEventListener(
  "submit",
  act(async (event) => {
    const form = event.target;
    const user = await post("/api/users", { name: form.elements.name.value.trim() }, form);
    state.users.set(user.name, user);
    form.reset();
    await switchUser(user.name);
  }),
);

$("#new-group").addEventListener(
  "submit",
  act(async (event) => {
    const form = event.target;
    const members = form.elements.members.value.split(/[\s,]+/).filter(Boolean);
    const group = await post(
      "/api/groups",
      { as: state.me, name: form.elements.name.value, members },
      form,
    );
    state.conversations.set(group.id, group);
    openConversation(group.id);
  }),
);

// --- narrow screens: the sidebar and the log open over the chat -----------------------------

function showPanel(id, open) {
  document.body.classList.toggle(`show-${id}`, open);
  $(`#toggle-${id}`).setAttribute("aria-expanded", String(open));
}

for (const id of ["sidebar", "logs"]) {
  $(`#toggle-${id}`).addEventListener("click", () =>
    showPanel(id, !document.body.classList.contains(`show-${id}`)),
  );
}

for (const button of document.querySelectorAll(".close-panel")) {
  button.addEventListener("click", () => showPanel(button.dataset.panel, false));
}

connect();
