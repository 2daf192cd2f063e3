// The agent desk: a token-protected page over /agent/api. Plain browser JavaScript, no build step.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const state = {
    token: sessionStorage.getItem('desk.token') || '',
    agent: sessionStorage.getItem('desk.agent') || '',
    selected: null,
    queue: { waiting: [], active: [] },
  };

  async function api(method, path, body) {
    const res = await fetch('/agent/api' + path, {
      method,
      headers: Object.assign({ authorization: 'Bearer ' + state.token }, body ? { 'content-type': 'application/json' } : {}),
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw Object.assign(new Error((data.error && data.error.message) || res.statusText), { status: res.status });
    return data;
  }

  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    (children || []).forEach((c) => node.append(c));
    return node;
  }

  function waited(since) {
    const s = Math.max(0, Math.round((Date.now() - since) / 1000));
    return s < 60 ? s + ' s' : Math.floor(s / 60) + ' min';
  }

  function renderQueue() {
    const item = (r, extra) => {
      const li = el('li', { className: r.id === state.selected ? 'selected' : '' }, [
        el('div', { textContent: (r.summary.problem[0] || '—').slice(0, 80) }),
        el('div', {
          className: 'meta',
          textContent: extra + ' · ' + r.summary.lang + ' · ' + (r.summary.ranking[0] ? r.summary.ranking[0].name : ''),
        }),
      ]);
      li.dataset.id = r.id;
      li.addEventListener('click', () => select(r.id));
      return li;
    };
    $('waiting').replaceChildren(
      ...state.queue.waiting.map((r) =>
        item(r, '#' + r.position + ' · waiting ' + waited(r.requestedAt) + (r.summary.leftMessage ? ' · left a message' : '')),
      ),
    );
    $('active').replaceChildren(
      ...state.queue.active.map((r) => item(r, (r.agent || '') + ' · since ' + waited(r.acceptedAt || r.requestedAt))),
    );
    $('waiting-count').textContent = String(state.queue.waiting.length);
  }

  async function refreshQueue() {
    state.queue = await api('GET', '/queue');
    renderQueue();
  }

  function renderSummary(s) {
    const rows = [
      ['Problem', s.problem.join(' / ') || '—'],
      ['Likely causes', s.ranking.map((r) => r.name + ' ' + Math.round(r.probability * 100) + '%').join(', ')],
      ['Platform', s.platform || '—'],
      ['Facts', s.facts.map((f) => f.question + ' → ' + (f.option || f.answer)).join('\n') || '—'],
      ['Steps tried', s.steps.map((st) => (st.worked ? '✔ ' : '✘ ') + st.title).join('\n') || '—'],
      ['FAQs asked', s.faqs.join(' / ') || '—'],
    ];
    if (s.leftMessage) rows.unshift(['Message left', s.leftMessage]);
    $('summary').replaceChildren(
      el(
        'table',
        {},
        rows.map(([k, v]) => el('tr', {}, [el('th', { textContent: k }), el('td', { textContent: v, style: 'white-space: pre-wrap' })])),
      ),
    );
  }

  function addLine(who, text, name) {
    const li = el('li', { className: who }, [el('span', { className: 'who', textContent: name || who }), document.createTextNode(text)]);
    $('transcript').append(li);
    li.scrollIntoView({ block: 'nearest' });
  }

  async function select(id) {
    state.selected = id;
    renderQueue();
    $('detail-error').textContent = '';
    const { record, transcript } = await api('GET', '/conversations/' + encodeURIComponent(id));
    $('placeholder').hidden = true;
    $('detail').hidden = false;
    $('detail-title').textContent = record.channelId + ' · ' + record.status + (record.agent ? ' · ' + record.agent : '');
    $('accept').disabled = record.status !== 'waiting' || record.mode !== 'desk';
    $('close').disabled = record.status !== 'active';
    $('reply').disabled = record.status !== 'active';
    renderSummary(record.summary);
    $('transcript').replaceChildren();
    transcript
      .filter((a) => a.type === 'message' && a.text)
      .forEach((a) => {
        const agent = a.channelData && a.channelData.handoffAgent;
        addLine(a.from && a.from.role === 'user' ? 'user' : agent ? 'agent' : 'bot', a.text, agent || undefined);
      });
  }

  async function guarded(work) {
    $('detail-error').textContent = '';
    try {
      await work();
    } catch (error) {
      $('detail-error').textContent = error.message;
    }
  }

  $('accept').addEventListener('click', () =>
    guarded(async () => {
      await api('POST', '/conversations/' + encodeURIComponent(state.selected) + '/accept', { agent: state.agent });
      await select(state.selected);
      $('reply').focus();
    }),
  );
  $('close').addEventListener('click', () =>
    guarded(async () => {
      await api('POST', '/conversations/' + encodeURIComponent(state.selected) + '/close');
      await select(state.selected);
    }),
  );
  $('reply-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('reply').value.trim();
    if (!text) return;
    guarded(async () => {
      await api('POST', '/conversations/' + encodeURIComponent(state.selected) + '/messages', { text });
      $('reply').value = '';
    });
  });

  $('outage-form').addEventListener('submit', (e) => {
    e.preventDefault();
    api('PUT', '/outage', { on: $('outage-on').checked, zh: $('outage-zh').value, en: $('outage-en').value })
      .then(() => ($('outage-status').textContent = 'Saved'))
      .catch((error) => ($('outage-status').textContent = error.message));
  });

  // Live updates: Server-Sent Events read with fetch, so the token travels in a header.
  async function listen() {
    for (;;) {
      try {
        const res = await fetch('/agent/api/events', { headers: { authorization: 'Bearer ' + state.token } });
        if (!res.ok || !res.body) throw new Error('events ' + res.status);
        $('live').className = 'pill on';
        $('live').textContent = 'live';
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let cut;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const chunk = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const data = chunk
              .split('\n')
              .filter((l) => l.startsWith('data: '))
              .map((l) => l.slice(6))
              .join('\n');
            if (data) onEvent(JSON.parse(data));
          }
        }
      } catch {
        // Dropped or refused: reconnect below.
      }
      $('live').className = 'pill off';
      $('live').textContent = 'reconnecting';
      await new Promise((r) => setTimeout(r, 2000));
    }
  }

  function onEvent(event) {
    if (event.id === state.selected) {
      if (event.type === 'user_message') addLine('user', event.text);
      else if (event.type === 'agent_message') addLine('agent', event.text, event.agent);
      else select(state.selected).catch(() => undefined);
    }
    refreshQueue().catch(() => undefined);
  }

  async function open() {
    await refreshQueue();
    const outage = await api('GET', '/outage');
    $('outage-on').checked = outage.on;
    $('outage-zh').value = outage.zh;
    $('outage-en').value = outage.en;
    $('login').hidden = true;
    $('desk').hidden = false;
    listen();
    setInterval(renderQueue, 10000);
  }

  $('login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    state.token = $('token').value;
    state.agent = $('agent-name').value.trim();
    open()
      .then(() => {
        sessionStorage.setItem('desk.token', state.token);
        sessionStorage.setItem('desk.agent', state.agent);
      })
      .catch((error) => ($('login-error').textContent = error.message));
  });

  if (state.token && state.agent) open().catch(() => undefined);
})();
