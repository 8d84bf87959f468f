// The local newsroom's page: draws the conversation the local Slack keeps and sends what the
// person types. Message bodies arrive as HTML rendered (and escaped) by the server; every other
// string is put in the page as text, never as markup.
"use strict";

const state = {
  boot: null, seq: 0, me: null, channels: [], samples: [], messages: new Map(),
  channel: null, thread: null, unread: new Set(),
  // The app's Home tab ({seq, html} once published) and its Messages tab (the DM `dm`).
  app: {dm: null, home: null}, appTab: "home",
};

const $ = (id) => document.getElementById(id);

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

async function api(path, body) {
  const options = body === undefined ? {} : {
    method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body),
  };
  const response = await fetch(path, options);
  const data = await response.json().catch(() => ({ok: false, error: `HTTP ${response.status}`}));
  if (!response.ok || data.ok === false) throw new Error(data.error || `HTTP ${response.status}`);
  return data;
}

function toast(text) {
  const box = $("toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 4000);
}

// -- state -------------------------------------------------------------------------------------

async function load() {
  const data = await api("/local/state");
  state.boot = data.boot;
  state.seq = data.seq;
  state.me = data.me;
  state.channels = data.channels;
  state.samples = data.samples;
  state.app = data.app;
  state.messages = new Map(data.messages.map((m) => [m.ts, m]));
  $("team-name").textContent = data.team;
  $("access-where").textContent = data.open_host
    ? "Other computers can open it too: it listens beyond 127.0.0.1."
    : "Only this computer can open it (127.0.0.1).";
  const wanted = decodeURIComponent(location.hash.slice(1));
  const known = state.channels.find((c) => c.name === wanted || c.id === wanted);
  drawSamples();
  if (wanted === "newsbot") {
    openApp(state.appTab);
    return;
  }
  state.channel = (known || state.channels[0]).id;
  drawAll();
}

function inApp() { return state.channel === state.app.dm; }

async function poll() {
  for (;;) {
    try {
      const data = await api(`/local/updates?since=${state.seq}&boot=${state.boot}`);
      if (data.reset) {
        await load();
        continue;
      }
      state.seq = data.seq;
      const touched = new Set();
      if (data.home) {
        state.app.home = data.home;
        touched.add(state.app.dm);
      }
      for (const m of data.messages) {
        const known = state.messages.has(m.ts);
        state.messages.set(m.ts, m);
        touched.add(m.channel);
        if (!known && m.channel !== state.channel && !m.reply) state.unread.add(m.channel);
      }
      if (touched.size) drawAll();
    } catch (error) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

// -- drawing -----------------------------------------------------------------------------------

function channelLabel(channel) {
  return (channel.private ? "🔒 " : "# ") + channel.name;
}

function drawChannels() {
  const item = $("app-item");
  item.classList.toggle("active", inApp());
  item.classList.toggle("unread", state.unread.has(state.app.dm));
  const list = $("channel-list");
  list.replaceChildren();
  for (const channel of state.channels) {
    const item = el("li", channel.id === state.channel ? "active" : "");
    if (state.unread.has(channel.id)) item.classList.add("unread");
    item.dataset.channel = channel.id;
    item.append(el("span", "hash", channel.private ? "🔒" : "#"), document.createTextNode(channel.name));
    item.addEventListener("click", () => switchChannel(channel.id));
    list.append(item);
  }
  $("app-tabs").hidden = !inApp();
  $("composer").hidden = inApp();
  $("read-only-note").hidden = !(inApp() && state.appTab === "messages");
  if (inApp()) {
    $("channel-title").textContent = "📰 newsbot";
    $("channel-topic").textContent = "";
    for (const tab of $("app-tabs").querySelectorAll("button")) {
      tab.classList.toggle("active", tab.dataset.tab === state.appTab);
      tab.setAttribute("aria-selected", String(tab.dataset.tab === state.appTab));
    }
    return;
  }
  const current = state.channels.find((c) => c.id === state.channel);
  $("channel-title").textContent = channelLabel(current);
  $("channel-topic").textContent = current.topic || "";
  $("message-input").placeholder = `Message ${channelLabel(current)}`;
}

// The app's Home or Messages tab; Slack tells the app (app_home_opened), which publishes the
// Home view afresh.
async function openApp(tab) {
  state.channel = state.app.dm;
  state.appTab = tab;
  state.thread = null;
  state.unread.delete(state.app.dm);
  history.replaceState(null, "", "#newsbot");
  drawAll();
  try {
    await api("/local/app", {tab});
  } catch (error) {
    toast(`The app did not hear of it: ${error.message}`);
  }
}

function drawHome() {
  const container = $("messages");
  const home = state.app.home;
  if (!home) {
    container.replaceChildren(el("div", "empty-channel", "newsbot has not shown a Home tab yet."));
    return;
  }
  const view = el("div", "home-view");
  view.id = "home-view";
  view.innerHTML = home.html; // rendered and escaped by the server (render.py)
  container.replaceChildren(view);
}

function switchChannel(id) {
  state.channel = id;
  state.unread.delete(id);
  state.thread = null;
  const channel = state.channels.find((c) => c.id === id);
  history.replaceState(null, "", `#${encodeURIComponent(channel.name)}`);
  drawAll();
  $("message-input").focus();
}

function avatar(message) {
  const box = el("div", "avatar");
  if (message.app) {
    box.classList.add("bot");
    box.textContent = "📰";
  } else if (message.user === "USLACKBOT") {
    box.classList.add("slackbot");
    box.textContent = "✱";
  } else {
    box.classList.add(message.user === state.me.id ? "person" : "other");
    box.textContent = (message.name || "?").slice(0, 1).toUpperCase();
  }
  return box;
}

function clock(ts) {
  return new Date(parseFloat(ts) * 1000).toLocaleTimeString([], {hour: "numeric", minute: "2-digit"});
}

function messageRow(message, previous, inThread) {
  const row = el("div", "message");
  row.dataset.ts = message.ts;
  row.dataset.user = message.user;
  if (message.ephemeral) row.classList.add("ephemeral");
  if (state.thread === message.ts && !inThread) row.classList.add("selected");
  const continued = previous && !message.ephemeral && !previous.ephemeral
    && previous.user === message.user && parseFloat(message.ts) - parseFloat(previous.ts) < 300;
  if (continued) row.classList.add("continued");
  row.append(avatar(message));
  const main = el("div", "content");
  if (message.ephemeral) {
    const only = el("div", "only-you", "👁 Only visible to you");
    if (message.note) {
      only.append(document.createTextNode(" · "), el("span", "note", message.note));
    }
    main.append(only);
  }
  const meta = el("div", "meta");
  meta.append(el("span", "name", message.name));
  if (message.app) meta.append(el("span", "app-badge", "APP"));
  meta.append(el("span", "time", clock(message.ts)));
  main.append(meta);
  const body = el("div", "body");
  if (message.deleted) {
    body.append(el("span", "deleted", "This message was deleted."));
  } else {
    body.innerHTML = message.html; // rendered and escaped by the server (render.py)
  }
  main.append(body);
  if (message.reactions.length) {
    const reactions = el("div", "reactions");
    for (const r of message.reactions) {
      const chip = el("span", r.mine ? "reaction mine" : "reaction");
      chip.dataset.reaction = r.name;
      chip.title = `${r.who} reacted with :${r.name}:`;
      const face = el("span", "emoji");
      face.innerHTML = r.emoji; // rendered and escaped by the server
      chip.append(face, el("span", "count", String(r.count)));
      reactions.append(chip);
    }
    main.append(reactions);
  }
  if (!inThread && message.reply_count) {
    const link = el("button", "replies-link",
      `${message.reply_count} ${message.reply_count === 1 ? "reply" : "replies"}`);
    link.type = "button";
    link.addEventListener("click", () => openThread(message.ts));
    main.append(link);
  }
  row.append(main);
  return row;
}

function byTs(a, b) { return parseFloat(a.ts) - parseFloat(b.ts); }

function drawList(container, messages, inThread, dividerAfterFirst) {
  const atBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 40;
  const keep = container.scrollTop;
  container.replaceChildren();
  let previous = null;
  messages.forEach((message, i) => {
    container.append(messageRow(message, previous, inThread));
    previous = message;
    if (dividerAfterFirst && i === 0 && messages.length > 1) {
      const n = messages.length - 1;
      container.append(el("div", "thread-divider", `${n} ${n === 1 ? "reply" : "replies"}`));
      previous = null;
    }
  });
  container.scrollTop = atBottom ? container.scrollHeight : keep;
}

function drawChannel() {
  if (inApp() && state.appTab === "home") {
    drawHome();
    return;
  }
  const all = [...state.messages.values()].filter((m) => m.channel === state.channel);
  const parents = new Set(all.map((m) => m.ts));
  const top = all.filter((m) => !m.reply || !parents.has(m.thread_ts)).sort(byTs);
  const container = $("messages");
  if (!top.length && inApp()) {
    container.replaceChildren(el("div", "empty-channel",
      "No messages from newsbot yet. Follow someone (/newsbot follow NAME) and their quotes arrive here."));
    return;
  }
  if (!top.length) {
    const channel = state.channels.find((c) => c.id === state.channel);
    container.replaceChildren(el("div", "empty-channel",
      `This is the very beginning of ${channelLabel(channel)}. Paste a link to an article, or press “Sample articles” below.`));
    return;
  }
  drawList(container, top, false, false);
}

function drawThread() {
  const pane = $("thread-pane");
  const root = state.thread && state.messages.get(state.thread);
  $("app").classList.toggle("with-thread", Boolean(root));
  pane.hidden = !root;
  if (!root) return;
  const channel = state.channels.find((c) => c.id === root.channel);
  $("thread-channel").textContent = channelLabel(channel);
  const replies = [...state.messages.values()]
    .filter((m) => m.channel === root.channel && m.thread_ts === root.ts && m.ts !== root.ts)
    .sort(byTs);
  drawList($("thread-messages"), [root, ...replies], true, true);
}

function drawAll() {
  drawChannels();
  drawChannel();
  drawThread();
}

function openThread(ts) {
  state.thread = ts;
  drawAll();
  const list = $("thread-messages");
  list.scrollTop = list.scrollHeight;
  $("thread-input").focus();
}

function drawSamples() {
  const list = $("samples-list");
  list.replaceChildren();
  for (const sample of state.samples) {
    const item = el("li", "sample-item", sample.title);
    item.tabIndex = 0;
    item.dataset.url = sample.url;
    const share = () => { closeSamples(); send(sample.url, null); };
    item.addEventListener("click", share);
    item.addEventListener("keydown", (e) => { if (e.key === "Enter") share(); });
    list.append(item);
  }
}

function closeSamples() {
  $("samples-menu").hidden = true;
  $("samples-button").setAttribute("aria-expanded", "false");
}

// -- sending -----------------------------------------------------------------------------------

async function send(text, threadTs) {
  const body = {channel: state.channel, text};
  if (threadTs) body.thread_ts = threadTs;
  try {
    await api(text.trim().startsWith("/") ? "/local/command" : "/local/message", body);
  } catch (error) {
    toast(`Not sent: ${error.message}`);
  }
}

function wireComposer(form, input, threadOf) {
  const grow = () => {
    input.style.height = "auto";
    input.style.height = `${input.scrollHeight}px`;
  };
  input.addEventListener("input", grow);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    grow();
    send(text, threadOf());
  });
}

document.addEventListener("DOMContentLoaded", async () => {
  wireComposer($("composer"), $("message-input"), () => null);
  wireComposer($("thread-composer"), $("thread-input"), () => state.thread);
  $("app-item").addEventListener("click", () => openApp("home"));
  for (const tab of $("app-tabs").querySelectorAll("button")) {
    tab.addEventListener("click", () => openApp(tab.dataset.tab));
  }
  $("thread-close").addEventListener("click", () => { state.thread = null; drawAll(); });
  $("samples-button").addEventListener("click", (event) => {
    event.stopPropagation();
    const menu = $("samples-menu");
    menu.hidden = !menu.hidden;
    $("samples-button").setAttribute("aria-expanded", String(!menu.hidden));
  });
  document.addEventListener("click", (event) => {
    if (!$("samples-menu").contains(event.target)) closeSamples();
  });
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") closeSamples(); });
  await load();
  poll();
});
