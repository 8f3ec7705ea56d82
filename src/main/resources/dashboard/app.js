// calendly-sync dashboard. Plain JavaScript, no build step, no outside code: everything it shows
// comes from the same /api/v1 endpoints (and role checks) any other client uses. Pages are
// hash routes (#/meetings?status=canceled), so every view has a link and the back button works.
// All text from the server goes in through textContent (the h() helper), never as HTML.
'use strict';

const store = window.sessionStorage;
const main = document.getElementById('main');
const ROLE_LABEL = { admin: 'Admin', manager: 'Manager', auditor: 'Auditor', employee: 'Employee' };
const FILTERS = ['q', 'status', 'from', 'to', 'eventType', 'source', 'customerId', 'employeeId', 'sort', 'limit'];
let pollTimer = null;
// every navigation gets a number; an answer that arrives after the user moved on is dropped,
// so a slow page can never paint over the one the user is looking at
let routeSeq = 0;

// ---------- small helpers ----------

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function token() { return store.getItem('calendlySyncToken'); }
function me() { try { return JSON.parse(store.getItem('calendlySyncMe')); } catch (e) { return null; } }
function hasRole(list) { const m = me(); return !!m && list.split(',').includes(m.role); }

async function api(path, options = {}) {
  const seq = routeSeq;
  const headers = { Authorization: 'Bearer ' + token() };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method: options.method || 'GET', headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  } catch (e) {
    return { status: 0, json: { error: 'network', message: 'The server cannot be reached: ' + e.message } };
  }
  if (response.status === 401 && !options.allow401) {
    signOut('Your token is no longer accepted (revoked or expired). Sign in again.');
    throw new Error('signed out');
  }
  let json = null;
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) json = await response.json();
  if (seq !== routeSeq) throw new Error('stale');
  return { status: response.status, json, response };
}

function errorText(result) {
  if (result.json && result.json.message) return result.json.message;
  return 'The server answered ' + result.status + '.';
}

function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function toast(text) {
  const t = document.getElementById('toast');
  t.textContent = text;
  t.hidden = false;
  setTimeout(() => { t.hidden = true; }, 5000);
}

function page(title, ...content) {
  main.replaceChildren(h('h1', { id: 'page-title' }, title), ...content.flat().filter(c => c !== null && c !== undefined && c !== false));
  document.title = title + ' · calendly-sync';
  // focus moves to the new page for keyboard and screen-reader users, the view starts at the top
  main.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

function statusBadges(m) {
  const badges = [];
  if (m.calendly) badges.push(h('span', { class: 'badge calendly', title: 'Synced from Calendly' }, 'Calendly'));
  else badges.push(h('span', { class: 'badge manual' }, m.source || 'manual'));
  badges.push(h('span', { class: 'badge ' + m.status }, m.status));
  if (m.noShow) badges.push(h('span', { class: 'badge no-show' }, 'no-show'));
  return badges;
}

function params(query) { return new URLSearchParams(query || ''); }

// ---------- sign-in ----------

function signOut(message) {
  store.removeItem('calendlySyncToken');
  store.removeItem('calendlySyncMe');
  if (pollTimer) clearTimeout(pollTimer);
  showSignIn(message);
}

function showSignIn(message) {
  document.getElementById('nav').hidden = true;
  document.getElementById('signout').hidden = true;
  document.getElementById('who').textContent = '';
  const error = h('p', { class: 'error', id: 'signin-error', role: 'alert' }, message || '');
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true,
    'aria-describedby': 'token-help' });
  const form = h('form', { class: 'card signin', id: 'signin-form' },
    h('label', { for: 'token' }, 'API token'),
    input,
    h('p', { id: 'token-help', class: 'muted' }, 'Ask an admin for a token. It is kept in this browser tab only and forgotten when you close it.'),
    error,
    h('button', { type: 'submit' }, 'Sign in'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    store.setItem('calendlySyncToken', input.value.trim());
    const result = await api('/api/v1/me', { allow401: true });
    if (result.status !== 200) {
      store.removeItem('calendlySyncToken');
      error.textContent = result.status === 401 ? 'This token is not accepted (unknown, revoked or expired).' : errorText(result);
      input.focus();
      return;
    }
    store.setItem('calendlySyncMe', JSON.stringify(result.json));
    if (!location.hash || location.hash === '#/' || location.hash === '#/signin') location.hash = '#/status';
    else route();
  });
  page('Sign in', form);
  input.focus();
}

// ---------- pages ----------

async function statusPage() {
  const result = await api('/api/v1/calendly/status');
  if (result.status !== 200) return page('Integration status', h('p', { class: 'error' }, errorText(result)));
  const s = result.json;
  const cards = [];
  cards.push(h('section', { class: 'card', 'aria-labelledby': 'webhook-h' },
    h('h2', { id: 'webhook-h' }, 'Webhook'),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Webhook URL'), h('dd', {}, h('code', { id: 'webhook-url' }, s.webhook.url)),
      h('dt', {}, 'Signature checking'), h('dd', { id: 'signature-checking' },
        h('span', { class: 'badge ' + (s.webhook.signatureChecking ? 'good' : 'failed') }, s.webhook.signatureChecking ? 'on' : 'off')),
      h('dt', {}, 'Mode'), h('dd', {}, s.webhook.signatureMode || ''))));
  cards.push(h('section', { class: 'card', 'aria-labelledby': 'last-h' },
    h('h2', { id: 'last-h' }, 'Last delivery'),
    s.lastDelivery ? h('dl', { class: 'facts', id: 'last-delivery' },
      h('dt', {}, 'Received'), h('dd', {}, when(s.lastDelivery.receivedAt)),
      h('dt', {}, 'Event'), h('dd', {}, s.lastDelivery.event || '—'),
      h('dt', {}, 'Outcome'), h('dd', {}, h('span', { class: 'badge ' + (s.lastDelivery.outcome === 'failed' ? 'failed' : 'good') }, s.lastDelivery.outcome)))
      : h('p', { id: 'last-delivery', class: 'muted' }, 'No delivery has arrived yet.')));
  cards.push(h('section', { class: 'card', 'aria-labelledby': 'counts-h' },
    h('h2', { id: 'counts-h' }, 'Counts'),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Calendly meetings'), h('dd', { id: 'count-meetings' }, s.counts.calendlyMeetings),
      h('dt', {}, 'Deliveries'), h('dd', {}, s.counts.deliveries),
      h('dt', {}, 'Failed deliveries'), h('dd', { id: 'count-failed' }, s.counts.failedDeliveries))));
  if (s.subscription) {
    cards.push(h('section', { class: 'card', 'aria-labelledby': 'sub-h' },
      h('h2', { id: 'sub-h' }, 'Webhook subscription'),
      h('dl', { class: 'facts', id: 'subscription' },
        h('dt', {}, 'State'), h('dd', {}, h('span', { class: 'badge ' + (s.subscription.state === 'active' ? 'good' : 'failed') }, s.subscription.state)),
        h('dt', {}, 'Callback URL'), h('dd', {}, s.subscription.callbackUrl || '—'),
        h('dt', {}, 'Points here'), h('dd', {}, s.subscription.ours === null || s.subscription.ours === undefined ? 'unknown' : (s.subscription.ours ? 'yes' : 'no')))));
  }
  if (s.apiToken) {
    cards.push(h('section', { class: 'card', 'aria-labelledby': 'tok-h' },
      h('h2', { id: 'tok-h' }, 'Calendly API token'),
      h('dl', { class: 'facts' },
        h('dt', {}, 'Configured'), h('dd', {}, s.apiToken.configured ? 'yes' : 'no'),
        h('dt', {}, 'Valid'), h('dd', {}, s.apiToken.valid === null ? 'not checked' : (s.apiToken.valid ? 'yes' : 'no')),
        h('dt', {}, 'Organization'), h('dd', {}, s.apiToken.organization || '—'),
        s.apiToken.message ? [h('dt', {}, 'Note'), h('dd', {}, s.apiToken.message)] : null)));
  }
  if ('lastReconciliation' in s) {
    const r = s.lastReconciliation;
    cards.push(h('section', { class: 'card', 'aria-labelledby': 'rec-h' },
      h('h2', { id: 'rec-h' }, 'Last reconciliation'),
      r ? h('dl', { class: 'facts', id: 'reconciliation' },
        h('dt', {}, 'Status'), h('dd', {}, r.status),
        h('dt', {}, 'Finished'), h('dd', {}, when(r.finishedAt || r.startedAt)),
        h('dt', {}, 'Window'), h('dd', {}, (r.windowStart || '?') + ' – ' + (r.windowEnd || '?')),
        h('dt', {}, 'Changes'), h('dd', {}, `${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.failed} failed`),
        r.error ? [h('dt', {}, 'Error'), h('dd', { class: 'error' }, r.error)] : null)
        : h('p', { class: 'muted' }, 'No reconciliation has run yet.')));
  }
  const failed = h('section', { class: 'card', 'aria-labelledby': 'failed-h' }, h('h2', { id: 'failed-h' }, 'Failed deliveries'));
  page('Integration status', h('div', { class: 'grid' }, cards), failed);
  if (!hasRole('admin,manager,auditor')) {
    failed.append(h('p', { class: 'muted' }, `${s.counts.failedDeliveries} failed. The list is for admins, managers and auditors.`));
    return;
  }
  const list = await api('/api/v1/deliveries?outcome=failed&limit=20');
  if (list.status !== 200) return failed.append(h('p', { class: 'error' }, errorText(list)));
  if (list.json.items.length === 0) return failed.append(h('p', { class: 'muted', id: 'no-failed' }, 'None. Every delivery was applied.'));
  const rows = list.json.items.map(d => h('tr', {},
    h('td', { 'data-label': 'Received' }, when(d.receivedAt)),
    h('td', { 'data-label': 'Event' }, d.event || '—'),
    h('td', { 'data-label': 'Error' }, d.error || '—'),
    h('td', { 'data-label': 'Replay' }, d.replayedAt ? 'replayed: ' + d.replayOutcome
      : hasRole('admin') ? h('button', { type: 'button', class: 'secondary', onclick: () => replay(d.id) }, 'Replay #' + d.id) : '—')));
  failed.append(h('div', { class: 'table-wrap' }, h('table', { class: 'meetings', id: 'failed-deliveries' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Received'), h('th', { scope: 'col' }, 'Event'),
      h('th', { scope: 'col' }, 'Error'), h('th', { scope: 'col' }, 'Replay'))),
    h('tbody', {}, rows))));
}

async function replay(id) {
  const result = await api(`/api/v1/deliveries/${id}/replay`, { method: 'POST' });
  toast(result.status === 200 ? `Delivery ${id} replayed: ${result.json.result.status}` : `Replay failed: ${errorText(result)}`);
  statusPage().catch(() => { /* the user moved on */ });
}

function filterForm(query, fixed) {
  const p = params(query);
  const field = (name, label, input) => h('div', {}, h('label', { for: 'f-' + name }, label), input);
  const text = (name, label, type, extra) => field(name, label, h('input', Object.assign({ id: 'f-' + name, name, type: type || 'text', value: p.get(name) || '' }, extra || {})));
  const select = (name, label, options) => field(name, label, h('select', { id: 'f-' + name, name },
    options.map(([value, text]) => h('option', { value, selected: (p.get(name) || '') === value }, text))));
  const form = h('form', { class: 'filters card', id: 'filters', role: 'search', 'aria-label': 'Filter meetings' },
    text('q', 'Search name or email', 'search'),
    select('status', 'Status', [['', 'Any'], ['active', 'Active'], ['canceled', 'Canceled'], ['rescheduled', 'Rescheduled'], ['no-show', 'No-show']]),
    text('from', 'Starts from', 'date'),
    text('to', 'Starts before', 'date'),
    text('eventType', 'Event type (name or URI)'),
    select('source', 'Origin', [['', 'Any'], ['calendly', 'Calendly'], ['manual', 'Manual']]),
    fixed === 'customerId' ? null : text('customerId', 'Customer id', 'number', { min: 1 }),
    fixed === 'employeeId' ? null : text('employeeId', 'Employee id (host)', 'number', { min: 1 }),
    select('sort', 'Order', [['', 'Newest first'], ['startTime', 'Oldest first'], ['-createdAt', 'Recently synced']]),
    select('limit', 'Per page', [['', '50'], ['25', '25'], ['100', '100'], ['200', '200']]),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Apply'),
      h('a', { href: '#' + location.hash.slice(1).split('?')[0] }, 'Clear')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) next.set(k, String(v).trim());
    location.hash = location.hash.slice(1).split('?')[0] + (next.toString() ? '?' + next : '');
  });
  return form;
}

function meetingTable(items) {
  if (items.length === 0) return h('p', { class: 'muted', id: 'no-meetings' }, 'No meeting matches.');
  const rows = items.map(m => h('tr', { 'data-meeting-id': m.id },
    h('td', { 'data-label': 'Starts' }, when(m.startTime)),
    h('td', { 'data-label': 'Meeting' }, h('a', { href: '#/meetings/' + m.id, class: 'details-link' }, m.title),
      m.eventType && m.eventType.name !== m.title ? h('span', { class: 'sub' }, m.eventType.name) : null),
    h('td', { 'data-label': 'Invitee' }, m.invitee ? [m.invitee.name || '—', h('span', { class: 'sub' }, m.invitee.email)] : '—'),
    h('td', { 'data-label': 'Customer' }, m.customer ? h('a', { href: '#/customers/' + m.customer.id }, m.customer.name || m.customer.email) : '—'),
    h('td', { 'data-label': 'Hosts' }, (m.hosts || []).map(x => x.name || x.email).join(', ') || '—'),
    h('td', { 'data-label': 'Status', class: 'status' }, statusBadges(m)),
    h('td', { 'data-label': 'Calendly links' }, m.links && m.status === 'active'
      ? [h('a', { href: m.links.reschedule, target: '_blank', rel: 'noopener noreferrer' }, 'Reschedule'), ' · ',
         h('a', { href: m.links.cancel, target: '_blank', rel: 'noopener noreferrer' }, 'Cancel')]
      : '—')));
  return h('div', { class: 'table-wrap' }, h('table', { class: 'meetings', id: 'meetings-table' },
    h('caption', { class: 'muted' }, 'Meetings, ' + items.length + ' on this page'),
    h('thead', {}, h('tr', {}, ['Starts', 'Meeting', 'Invitee', 'Customer', 'Hosts', 'Status', 'Calendly links'].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows)));
}

function pager(base, query, nextCursor, pageNumber) {
  const p = params(query);
  const nav = h('nav', { class: 'pager', 'aria-label': 'Pages' });
  if (p.get('cursor')) {
    p.delete('cursor'); p.delete('page');
    nav.append(h('a', { href: '#' + base + (p.toString() ? '?' + p : '') }, 'First page'));
    nav.append(h('button', { type: 'button', class: 'secondary', onclick: () => history.back() }, 'Previous page'));
  }
  nav.append(h('span', { class: 'muted', id: 'page-number' }, 'Page ' + pageNumber));
  if (nextCursor) {
    const n = params(query);
    n.set('cursor', nextCursor);
    n.set('page', String(pageNumber + 1));
    nav.append(h('a', { href: '#' + base + '?' + n, id: 'next-page' }, 'Next page'));
  }
  return nav;
}

function apiQuery(query, drop) {
  const p = params(query);
  const out = new URLSearchParams();
  for (const k of FILTERS.concat(['cursor'])) if (p.get(k) && !(drop || []).includes(k)) out.set(k, p.get(k));
  return out;
}

async function download(format, query) {
  const q = apiQuery(query, ['cursor', 'limit']);
  q.set('format', format);
  const result = await fetch('/api/v1/meetings/export?' + q, { headers: { Authorization: 'Bearer ' + token() } });
  if (!result.ok) {
    const body = await result.json().catch(() => ({}));
    return toast('Export failed: ' + (body.message || result.status));
  }
  const blob = await result.blob();
  const name = (result.headers.get('Content-Disposition') || '').replace(/.*filename="([^"]+)".*/, '$1') || 'meetings.' + format;
  const link = h('a', { href: URL.createObjectURL(blob), download: name });
  document.body.append(link);
  link.click();
  link.remove();
}

async function meetingsPage(query) {
  const result = await api('/api/v1/meetings?' + apiQuery(query));
  const form = filterForm(query);
  const exports = h('div', { class: 'actions' },
    h('button', { type: 'button', class: 'secondary', onclick: () => download('csv', query) }, 'Export CSV'),
    h('button', { type: 'button', class: 'secondary', onclick: () => download('xlsx', query) }, 'Export Excel'));
  if (result.status !== 200) return page('Meetings', form, h('p', { class: 'error', role: 'alert', id: 'list-error' }, errorText(result)));
  const number = Number(params(query).get('page') || '1');
  page('Meetings', form, exports, meetingTable(result.json.items), pager('/meetings', query, result.json.nextCursor, number));
  if (me() && me().role === 'employee') {
    main.insertBefore(h('p', { class: 'muted' }, 'You see the meetings you host.'), form);
  }
}

function fact(label, value) {
  return [h('dt', {}, label), h('dd', {}, value === null || value === undefined || value === '' ? '—' : value)];
}

async function meetingPage(id) {
  const result = await api('/api/v1/meetings/' + encodeURIComponent(id));
  if (result.status !== 200) {
    return page('Meeting ' + id, h('p', { class: 'error', role: 'alert', id: 'detail-error' }, errorText(result)),
      h('p', {}, h('a', { href: '#/meetings' }, 'Back to meetings')));
  }
  const m = result.json.meeting;
  const c = result.json.calendly;
  const chain = result.json.rescheduleChain;
  const parts = [h('p', { class: 'status' }, statusBadges(m)),
    h('section', { class: 'card', 'aria-labelledby': 'm-h' }, h('h2', { id: 'm-h' }, 'Meeting'),
      h('dl', { class: 'facts', id: 'meeting-facts' },
        fact('Starts', when(m.startTime)), fact('Ends', when(m.endTime)), fact('Location', m.location),
        fact('Customer', m.customer ? h('a', { href: '#/customers/' + m.customer.id }, m.customer.name || m.customer.email) : null),
        fact('Hosts', (m.hosts || []).map(x => x.name || x.email).join(', ')),
        fact('Calendly links', m.links ? [h('a', { href: m.links.reschedule, target: '_blank', rel: 'noopener noreferrer' }, 'Reschedule'), ' · ',
          h('a', { href: m.links.cancel, target: '_blank', rel: 'noopener noreferrer' }, 'Cancel')] : null)))];
  if (chain.length > 1) {
    parts.push(h('section', { class: 'card', 'aria-labelledby': 'chain-h' }, h('h2', { id: 'chain-h' }, 'Reschedule chain'),
      h('ol', { class: 'chain', id: 'reschedule-chain' }, chain.map(b => h('li', {},
        b.stored ? (b.current ? h('strong', { 'aria-current': 'true' }, when(b.startTime) + ' (this meeting)')
          : h('a', { href: '#/meetings/' + b.meetingId }, when(b.startTime)))
          : h('span', { class: 'muted' }, 'not received yet: ' + b.inviteeUri),
        b.status ? [' ', h('span', { class: 'badge ' + b.status }, b.status)] : null)))));
  }
  if (c) {
    parts.push(h('section', { class: 'card', 'aria-labelledby': 'c-h' }, h('h2', { id: 'c-h' }, 'Calendly details'),
      h('dl', { class: 'facts', id: 'calendly-facts' },
        fact('Invitee', c.invitee.name), fact('Email', c.invitee.email), fact('Phone', c.invitee.phone),
        fact('Time zone', c.invitee.timezone), fact('Event', c.event.name), fact('Event type', c.event.eventType),
        fact('Event URI', c.event.uri), fact('Invitee URI', c.invitee.uri),
        fact('Location type', c.event.locationType),
        fact('Customer match', c.customerMatch),
        fact('No-show', c.noShow && c.noShow.marked ? 'marked ' + when(c.noShow.markedAt) : 'no'),
        c.cancellation ? fact('Canceled', when(c.cancellation.canceledAt) + ' by ' + (c.cancellation.canceledBy || '?')
          + (c.cancellation.reason ? ': ' + c.cancellation.reason : '')) : null,
        fact('UTM', ['utmSource', 'utmMedium', 'utmCampaign'].map(k => c.tracking[k]).filter(Boolean).join(' / ')),
        fact('Last change', c.lastChange), fact('Synced', when(c.syncedAt))),
      (c.invitee.questionsAndAnswers || []).length ? [h('h3', {}, 'Questions and answers'),
        h('dl', { class: 'facts' }, c.invitee.questionsAndAnswers.map(q => fact(q.question, q.answer)))] : null,
      h('details', {}, h('summary', {}, 'All Calendly data (JSON)'), h('pre', { id: 'calendly-json' }, JSON.stringify(c.calendlyData, null, 2)))));
  }
  page(m.title, ...parts, h('p', {}, h('a', { href: '#/meetings' }, 'Back to meetings')));
}

async function customerPage(id, query) {
  const result = await api(`/api/v1/customers/${encodeURIComponent(id)}/meetings?` + apiQuery(query, ['customerId']));
  if (result.status !== 200) return page('Customer ' + id, h('p', { class: 'error', role: 'alert' }, errorText(result)));
  const c = result.json.customer;
  const number = Number(params(query).get('page') || '1');
  page(c.name || c.email,
    h('section', { class: 'card' }, h('dl', { class: 'facts', id: 'customer-facts' }, fact('Email', c.email), fact('Status', c.status), fact('Customer id', c.id))),
    h('h2', {}, 'Meeting history'), filterForm(query, 'customerId'), meetingTable(result.json.items),
    pager('/customers/' + id, query, result.json.nextCursor, number));
}

function importPage(query) {
  const canStart = hasRole('admin,manager');
  const jobId = params(query).get('job');
  const progressArea = h('section', { class: 'card', id: 'import-progress-area', 'aria-labelledby': 'prog-h', 'aria-live': 'polite' },
    h('h2', { id: 'prog-h' }, 'Progress'), h('p', { class: 'muted' }, jobId ? 'Loading…' : 'No import started from this page yet.'));
  const error = h('p', { class: 'error', role: 'alert', id: 'import-error' });
  const today = new Date().toISOString().slice(0, 10);
  const form = h('form', { class: 'filters card', id: 'import-form' },
    h('div', {}, h('label', { for: 'i-start' }, 'From date'), h('input', { id: 'i-start', name: 'startDate', type: 'date', required: true,
      value: params(query).get('from') || '' })),
    h('div', {}, h('label', { for: 'i-end' }, 'To date'), h('input', { id: 'i-end', name: 'endDate', type: 'date', required: true,
      value: params(query).get('to') || today })),
    h('div', {}, h('label', { for: 'i-token' }, 'Calendly API token (optional, this import only)'),
      h('input', { id: 'i-token', name: 'calendlyApiToken', type: 'password', autocomplete: 'off' })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', disabled: !canStart }, 'Start import')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const data = Object.fromEntries(new FormData(form).entries());
    if (!data.calendlyApiToken) delete data.calendlyApiToken;
    const result = await api('/api/v1/calendly/import', { method: 'POST', body: data });
    if (result.status === 202 || result.status === 200) {
      location.hash = '#/import?' + new URLSearchParams({ job: result.json.jobId, from: data.startDate, to: data.endDate });
    } else if (result.status === 404 || result.status === 405) {
      error.textContent = 'This server has no history import yet (POST /api/v1/calendly/import is not there).';
    } else {
      error.textContent = errorText(result);
    }
  });
  page('Manual import',
    h('p', {}, 'Imports every Calendly meeting that starts in the date range, through the same rules as the webhook: nothing newer is overwritten.'),
    canStart ? null : h('p', { class: 'muted' }, 'Only admins and managers can start an import.'),
    form, error, progressArea);
  if (jobId) pollImport(jobId, progressArea).catch(() => { /* the user moved on */ });
}

async function pollImport(jobId, area) {
  if (pollTimer) clearTimeout(pollTimer);
  const result = await api('/api/v1/calendly/import/' + encodeURIComponent(jobId));
  if (!document.body.contains(area)) return;
  if (result.status !== 200) {
    area.replaceChildren(h('h2', { id: 'prog-h' }, 'Progress'), h('p', { class: 'error' }, errorText(result)));
    return;
  }
  const j = result.json;
  // without a known total (Calendly does not say how many events a range holds) the bar is
  // indeterminate and the counts below show the work going on
  const bar = h('progress', { id: 'import-progress', max: '100', 'aria-labelledby': 'prog-h', 'data-status': j.status,
    'data-events-seen': j.eventsSeen, 'data-invitees-imported': j.inviteesImported });
  if (j.status === 'completed') bar.value = 100;
  else if (typeof j.progress === 'number') bar.value = j.progress;
  area.replaceChildren(h('h2', { id: 'prog-h' }, 'Progress'), bar,
    h('p', { id: 'import-status' }, h('span', { class: 'badge ' + (j.status === 'failed' ? 'failed' : j.status === 'completed' ? 'good' : 'active') }, j.status),
      typeof j.progress === 'number' ? ' ' + j.progress + '%' : ''),
    h('dl', { class: 'facts', id: 'import-counts' },
      fact('Range', j.startDate + ' – ' + j.endDate), fact('Events seen', j.eventsSeen), fact('Invitees imported', j.inviteesImported),
      fact('Created', j.created), fact('Updated', j.updated), fact('Unchanged', j.unchanged), fact('Failed', j.failed),
      fact('API requests', j.apiRequests), fact('Pages', j.pages), fact('Started', when(j.startedAt)), fact('Finished', when(j.finishedAt)),
      j.error ? fact('Error', j.error) : null));
  if (j.status === 'queued' || j.status === 'running') {
    pollTimer = setTimeout(() => pollImport(jobId, area).catch(() => { /* the user moved on */ }), 1000);
  }
}

async function setupPage() {
  const result = await api('/api/v1/calendly/status');
  const url = result.status === 200 ? result.json.webhook.url : location.origin + '/api/v1/calendly/webhook';
  const signed = result.status === 200 && result.json.webhook.signatureChecking;
  const events = ['invitee.created', 'invitee.canceled', 'invitee_no_show.created', 'invitee_no_show.deleted'];
  const curl = `curl -X POST https://api.calendly.com/webhook_subscriptions \\
  -H "Authorization: Bearer $CALENDLY_API_TOKEN" -H "Content-Type: application/json" \\
  -d '{"url": "${url}",
       "events": ${JSON.stringify(events)},
       "organization": "<your organization URI from GET https://api.calendly.com/users/me>",
       "scope": "organization",
       "signing_key": "<the same value as CALENDLY_WEBHOOK_SECRET>"}'`;
  page('Setup',
    h('ol', { class: 'steps card', id: 'setup-steps' },
      h('li', {}, 'Make this deployment reachable from the internet over HTTPS and set ', h('code', {}, 'CALENDLY_PUBLIC_URL'),
        ' to that address. Calendly will send webhooks to:', h('pre', { id: 'setup-webhook-url' }, url),
        url.startsWith('https://') ? null : h('p', { class: 'error' }, 'This URL is not HTTPS: Calendly needs a public HTTPS address.')),
      h('li', {}, 'Choose a signing key (e.g. ', h('code', {}, 'openssl rand -hex 32'), ') and set it as ', h('code', {}, 'CALENDLY_WEBHOOK_SECRET'),
        '. Signature checking is now ', h('strong', { id: 'setup-signature' }, signed ? 'on' : 'off (no key set: every delivery is refused)'), '.'),
      h('li', {}, 'In Calendly (a paid plan is needed for webhooks), create a Personal Access Token under Integrations → API & Webhooks with the scopes users:read, scheduled_events:read, scheduled_events:write, webhooks:read and webhooks:write. An organization-scope subscription needs an admin or owner account.'),
      h('li', {}, 'Create the subscription for the four invitee events. ',
        hasRole('admin') ? 'Admins can let the app do it (POST /api/v1/calendly/setup with {"callbackUrl"}), or run: ' : 'An admin runs: ',
        h('pre', {}, curl)),
      h('li', {}, 'Check the Status page: the first booking, cancellation or no-show shows up as the last delivery. A delivery that failed can be replayed there by an admin.'),
      h('li', {}, 'For the history before the webhook existed, run a Manual import for the date range you need.'),
      h('li', {}, 'Give people tokens (admin API): POST /api/v1/tokens {"role": "manager"}, or {"role": "employee", "employeeId": 7} for someone who should see only the meetings they host. Each token is shown once.')));
}

// ---------- routing ----------

// Pages kept in files of their own (customers.js, reports.js...) register here by their first
// path part: dashboardPages.reports = async (rest, query) => {...} serves #/reports/...
const dashboardPages = {};

async function route() {
  routeSeq++;
  if (pollTimer) { clearTimeout(pollTimer); pollTimer = null; }
  if (!token() || !me()) return showSignIn();
  const m = me();
  document.getElementById('nav').hidden = false;
  document.getElementById('signout').hidden = false;
  document.getElementById('who').textContent = 'Signed in: ' + (ROLE_LABEL[m.role] || m.role) + (m.employeeId ? ' (employee ' + m.employeeId + ')' : '');
  for (const a of document.querySelectorAll('#nav a')) a.hidden = a.dataset.roles ? !hasRole(a.dataset.roles) : false;
  const hash = location.hash.slice(1) || '/home';
  const [path, query] = hash.split('?');
  const parts = path.split('/').filter(Boolean);
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.page === (parts[0] === 'customers' ? 'meetings' : parts[0])) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  try {
    if (parts[0] === 'meetings' && parts[1]) await meetingPage(parts[1]);
    else if (parts[0] === 'meetings') await meetingsPage(query);
    else if (parts[0] === 'customers' && parts[1]) await customerPage(parts[1], query);
    else if (parts[0] === 'import') importPage(query);
    else if (parts[0] === 'setup') await setupPage();
    else if (dashboardPages[parts[0]]) await dashboardPages[parts[0]](parts.slice(1), query);
    else await statusPage();
  } catch (e) {
    if (e.message !== 'signed out' && e.message !== 'stale') page('Something went wrong', h('p', { class: 'error' }, e.message));
  }
}

document.getElementById('signout').addEventListener('click', () => { signOut('Signed out.'); location.hash = '#/signin'; });
window.addEventListener('hashchange', route);
// after every deferred script has run, so pages in other files are registered
document.addEventListener('DOMContentLoaded', route);
