// calendly-sync dashboard. Plain JavaScript, no build step, no outside code: everything it shows
// comes from the same /api/v1 endpoints (and role checks) any other client uses. Pages are
// hash routes (#/meetings?status=canceled), so every view has a link and the back button works.
// All text from the server goes in through textContent (the h() helper), never as HTML.
// Other concerns live in their own files, loaded before this one starts routing: copy.js (copy
// buttons), import-jobs.js (the import page's jobs and progress), tokens.js (token management).
'use strict';

const store = window.sessionStorage;
const main = document.getElementById('main');
const ROLE_LABEL = { admin: 'Admin', manager: 'Manager', auditor: 'Auditor', employee: 'Employee' };
const FILTERS = ['q', 'status', 'from', 'to', 'eventType', 'source', 'customerId', 'employeeId', 'projectId', 'matched', 'sort', 'limit'];
let pollTimer = null;
// every navigation gets a number; an answer that arrives after the user moved on is dropped,
// so a slow page can never paint over the one the user is looking at
let routeSeq = 0;

// ---------- small helpers ----------

// h('tag', {attributes}, children...): children may be nodes, text, numbers, or arrays of
// those nested to any depth (a list of fact() pairs is an array of arrays); null, undefined and
// false are left out. A plain object is shown as its JSON, never as "[object Object]".
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  el.append(...nodes(children));
  return el;
}

function nodes(children) {
  return children.flat(Infinity).filter(c => c !== null && c !== undefined && c !== false).map(c => {
    if (c instanceof Node) return c;
    return document.createTextNode(typeof c === 'object' ? JSON.stringify(c) : String(c));
  });
}

// Replaces what an element shows, with the same rules as h() for its children (a DOM
// replaceChildren would show a null as the text "null").
function fill(el, ...children) {
  el.replaceChildren(...nodes(children));
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
  main.replaceChildren(h('h1', { id: 'page-title' }, title), ...nodes(content));
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
  const firstToken = h('section', { class: 'card signin', id: 'first-token', 'aria-labelledby': 'first-token-h' },
    h('h2', { id: 'first-token-h' }, 'No token yet?'),
    h('p', {}, 'The first admin token is made by whoever runs calendly-sync, in one of two ways:'),
    h('ul', {},
      h('li', {}, 'Set ', h('code', {}, 'CALENDLY_ADMIN_TOKEN'), ' to a long random value (at least 24 characters, e.g. from ',
        h('code', {}, 'openssl rand -base64 32'), '), restart the app, and sign in here with that value.'),
      h('li', {}, 'Or run this in the app\'s folder (stop the app first if it uses its own embedded database); it prints a new admin token once:',
        h('pre', {}, 'java -cp "target/calendly-sync.jar:target/lib/*" com.calendlysync.access.CreateToken --role admin'))),
    h('p', { class: 'muted' }, 'The app\'s start-up log says the same. Once signed in, an admin gives other people their tokens on the Setup page.'));
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
  page('Sign in', form, firstToken);
  input.focus();
}

// ---------- pages ----------

// A fact Calendly was not asked about (no API token, or the check could not run): grey, not red.
function notChecked(why) {
  return [h('span', { class: 'badge muted-badge' }, 'not checked'), why ? h('span', { class: 'sub' }, why) : null];
}

function subscriptionFacts(s) {
  const sub = s.subscription || {};
  if (!s.apiToken || !s.apiToken.configured) {
    return [fact('State', notChecked('set CALENDLY_API_TOKEN to check it'))];
  }
  if (sub.state === 'unknown' || !sub.state) {
    return [fact('State', notChecked(sub.message || s.apiToken.message || 'Calendly could not be asked.'))];
  }
  return [
    fact('State', h('span', { class: 'badge ' + (sub.state === 'active' ? 'good' : 'failed') }, sub.state)),
    fact('Callback URL', sub.callbackUrl ? h('code', { class: 'url' }, sub.callbackUrl) : null),
    fact('Points here', sub.ours === null || sub.ours === undefined ? '—' : (sub.ours ? 'yes' : 'no')),
    sub.message ? fact('Note', sub.message) : null];
}

async function statusPage() {
  const result = await api('/api/v1/calendly/status');
  if (result.status !== 200) return page('Integration status', h('p', { class: 'error' }, errorText(result)));
  const s = result.json;
  const cards = [];
  cards.push(h('section', { class: 'card wide', 'aria-labelledby': 'webhook-h' },
    h('h2', { id: 'webhook-h' }, 'Webhook'),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Webhook URL'), h('dd', {}, h('code', { id: 'webhook-url', class: 'url' }, s.webhook.url), ' ',
        copyButton(s.webhook.url, 'Copy the webhook URL')),
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
  if ('subscription' in s) {
    cards.push(h('section', { class: 'card wide', 'aria-labelledby': 'sub-h' },
      h('h2', { id: 'sub-h' }, 'Webhook subscription'),
      h('dl', { class: 'facts', id: 'subscription' }, subscriptionFacts(s))));
  }
  if (s.apiToken) {
    cards.push(h('section', { class: 'card wide', 'aria-labelledby': 'tok-h' },
      h('h2', { id: 'tok-h' }, 'Calendly API token'),
      h('dl', { class: 'facts', id: 'api-token' },
        fact('Configured', s.apiToken.configured ? 'yes' : 'no'),
        fact('Valid', s.apiToken.valid === null || s.apiToken.valid === undefined ? notChecked()
          : h('span', { class: 'badge ' + (s.apiToken.valid ? 'good' : 'failed') }, s.apiToken.valid ? 'yes' : 'no')),
        fact('Organization', s.apiToken.organization ? h('code', { class: 'url' }, s.apiToken.organization) : null),
        s.apiToken.message ? fact('Note', s.apiToken.message) : null)));
  }
  if ('lastReconciliation' in s) {
    const r = s.lastReconciliation;
    cards.push(h('section', { class: 'card', 'aria-labelledby': 'rec-h' },
      h('h2', { id: 'rec-h' }, 'Last reconciliation'),
      r ? h('dl', { class: 'facts', id: 'reconciliation' },
        h('dt', {}, 'Status'), h('dd', {}, r.status),
        h('dt', {}, 'Finished'), h('dd', {}, when(r.finishedAt || r.startedAt)),
        h('dt', {}, 'Window'), h('dd', {}, when(r.windowStart) + ' – ' + when(r.windowEnd)),
        h('dt', {}, 'Changes'), h('dd', {}, `${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.failed} failed`),
        r.error ? [h('dt', {}, 'Error'), h('dd', { class: 'error' }, r.error)] : null)
        : h('p', { class: 'muted' }, s.apiToken && !s.apiToken.configured
          ? 'Off: reconciliation needs CALENDLY_API_TOKEN.' : 'No reconciliation has run yet.')));
  }
  if (s.encryption) {
    const e = s.encryption;
    cards.push(h('section', { class: 'card', 'aria-labelledby': 'enc-h' },
      h('h2', { id: 'enc-h' }, 'Encryption at rest'),
      h('dl', { class: 'facts', id: 'encryption' },
        fact('Personal data', h('span', { class: 'badge ' + (e.enabled ? 'good' : 'failed') }, e.enabled ? 'encrypted' : 'in clear')),
        e.enabled ? fact('Primary key id', h('code', {}, e.primaryKeyId)) : null,
        e.enabled && e.keyIds.length > 1 ? fact('Older key ids', e.keyIds.slice(1).join(', ')) : null,
        (e.reencryption || []).map(t => fact('Re-encryption of ' + t.table,
          `${t.done} of ${t.total} row(s) moved to ${t.targetKeyId}` + (t.finishedAt ? ', finished ' + when(t.finishedAt) : ', running'))))));
  }
  const failed = h('section', { class: 'card', 'aria-labelledby': 'failed-h' }, h('h2', { id: 'failed-h' }, 'Failed deliveries'));
  // the cards with URLs take whole rows (a URL squeezed into a narrow card breaks every few characters)
  const wideFirst = cards.filter(c => c.classList.contains('wide')).concat(cards.filter(c => !c.classList.contains('wide')));
  page('Integration status', h('div', { class: 'grid' }, wideFirst), failed);
  if (!hasRole('admin,manager,auditor')) {
    failed.append(h('p', { class: 'muted' }, `${s.counts.failedDeliveries} failed. The list is for admins, managers and auditors.`));
    return;
  }
  const list = await api('/api/v1/deliveries?outcome=failed&limit=20');
  if (list.status !== 200) return failed.append(h('p', { class: 'error' }, errorText(list)));
  if (list.json.items.length === 0) return failed.append(h('p', { class: 'muted', id: 'no-failed' }, 'None. Every delivery was applied.'));
  const rows = list.json.items.map(d => h('tr', { 'data-delivery-id': d.id },
    h('td', { 'data-label': 'Received' }, when(d.receivedAt)),
    h('td', { 'data-label': 'Event' }, d.event || '—'),
    h('td', { 'data-label': 'Error', class: 'long-text' }, d.error || '—'),
    h('td', { 'data-label': 'Replay', class: 'replay' }, replayCell(d))));
  failed.append(h('div', { class: 'table-wrap' }, h('table', { class: 'cards', id: 'failed-deliveries' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Received'), h('th', { scope: 'col' }, 'Event'),
      h('th', { scope: 'col' }, 'Error'), h('th', { scope: 'col' }, 'Replay'))),
    h('tbody', {}, rows))));
}

// Replay is offered only where it can help: the server says a delivery whose stored body is not
// JSON can never succeed, however often it is replayed.
function replayCell(d) {
  const earlier = d.replayedAt ? 'replayed: ' + d.replayOutcome : null;
  if (!d.replayable) return earlier || h('span', { class: 'muted' }, 'cannot be replayed: the body Calendly sent is not JSON');
  if (!hasRole('admin')) return earlier || '—';
  return [earlier ? [earlier, ' '] : null,
    h('button', { type: 'button', class: 'secondary', onclick: () => replay(d.id) }, (earlier ? 'Replay again #' : 'Replay #') + d.id)];
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
    // customers, employees and projects are picked by name (company.js)
    fixed === 'customerId' ? null : recordPicker('customers', 'customerId', 'Customer', p.get('customerId')),
    fixed === 'employeeId' ? null : recordPicker('employees', 'employeeId', 'Host (employee)', p.get('employeeId')),
    fixed === 'projectId' ? null : recordPicker('projects', 'projectId', 'Project', p.get('projectId')),
    fixed === 'customerId' ? null : select('matched', 'Customer link', [['', 'Any'], ['false', 'Unmatched'], ['true', 'Matched']]),
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
  return collapsible(form, FILTERS.filter(k => k !== 'sort' && k !== 'limit' && k !== fixed && p.get(k)).length);
}

// On a phone the filters fold away behind one button (CSS shows the button only on narrow
// screens); it says how many filters are on, so a filtered list never looks like the whole one.
function collapsible(form, active) {
  form.classList.add('collapsible');
  const label = 'Filters' + (active ? ` (${active} on)` : '');
  const toggle = h('button', { type: 'button', class: 'secondary filters-toggle', id: 'filters-toggle',
    'aria-controls': form.id, 'aria-expanded': 'false' }, label);
  toggle.addEventListener('click', () => {
    const open = form.classList.toggle('open');
    toggle.setAttribute('aria-expanded', String(open));
    if (open) form.querySelector('input, select').focus();
  });
  return [toggle, form];
}

function meetingTable(items) {
  if (items.length === 0) return h('p', { class: 'muted', id: 'no-meetings' }, 'No meeting matches.');
  const rows = items.map(m => h('tr', { 'data-meeting-id': m.id },
    h('td', { 'data-label': 'Starts' }, when(m.startTime), m.timezone ? h('span', { class: 'sub' }, 'invitee: ' + m.timezone) : null),
    h('td', { 'data-label': 'Meeting' }, h('a', { href: '#/meetings/' + m.id, class: 'details-link' }, m.title),
      m.eventType && m.eventType.name !== m.title ? h('span', { class: 'sub' }, m.eventType.name) : null,
      m.project ? h('span', { class: 'sub' }, 'Project: ', h('a', { href: '#/projects/' + m.project.id }, m.project.name)) : null),
    h('td', { 'data-label': 'Invitee' }, m.invitee ? [m.invitee.name || '—', h('span', { class: 'sub' }, m.invitee.email)] : '—'),
    h('td', { 'data-label': 'Customer' }, m.customer ? h('a', { href: '#/customers/' + m.customer.id }, m.customer.name || m.customer.email)
      : m.unmatchedReason ? h('span', { class: 'muted unmatched' }, unmatchedText(m.unmatchedReason)) : '—'),
    h('td', { 'data-label': 'Hosts' }, (m.hosts || []).length ? m.hosts.flatMap((x, i) => [i ? ', ' : null, x.employee_id
      ? h('a', { href: '#/employees/' + x.employee_id }, x.name || x.email) : x.name || x.email]) : '—'),
    h('td', { 'data-label': 'Status', class: 'status' }, statusBadges(m)),
    h('td', { 'data-label': 'Calendly links' }, meetingActions(m))));
  return h('div', { class: 'table-wrap' }, h('table', { class: 'cards', id: 'meetings-table' },
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
  const listQuery = apiQuery(query);
  listQuery.set('total', 'true');
  const result = await api('/api/v1/meetings?' + listQuery);
  const form = filterForm(query);
  const exports = h('div', { class: 'actions' },
    h('button', { type: 'button', class: 'secondary', onclick: () => download('csv', query) }, 'Export CSV'),
    h('button', { type: 'button', class: 'secondary', onclick: () => download('xlsx', query) }, 'Export Excel'));
  if (result.status !== 200) return page('Meetings', form, h('p', { class: 'error', role: 'alert', id: 'list-error' }, errorText(result)));
  const number = Number(params(query).get('page') || '1');
  const total = h('p', { id: 'meeting-total', class: 'total' }, result.json.total === 1 ? '1 meeting' : result.json.total + ' meetings',
    params(query).toString() && [...params(query).keys()].some(k => FILTERS.includes(k) && k !== 'sort' && k !== 'limit') ? ' match the filters' : '');
  page('Meetings', form, total, exports, meetingTable(result.json.items), pager('/meetings', query, result.json.nextCursor, number));
  if (me() && me().role === 'employee') {
    main.insertBefore(h('p', { class: 'muted' }, 'You see the meetings you host.'), form[0]);
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
        fact('Starts', when(m.startTime)), fact('Ends', when(m.endTime)),
        fact('Time zone', [Intl.DateTimeFormat().resolvedOptions().timeZone + ' (shown here)', m.timezone ? h('span', { class: 'sub' }, 'invitee: ' + m.timezone) : null]),
        fact('Event type', m.eventType ? h('span', { title: m.eventType.uri || '' }, m.eventType.name) : null),
        fact('Location', m.location),
        fact('Customer', m.customer ? h('a', { href: '#/customers/' + m.customer.id }, m.customer.name || m.customer.email) : unmatchedText(m.unmatchedReason)),
        fact('Project', m.project ? h('a', { href: '#/projects/' + m.project.id }, m.project.name) : null),
        fact('Hosts', (m.hosts || []).length ? m.hosts.flatMap((x, i) => [i ? ', ' : null, x.employee_id
          ? h('a', { href: '#/employees/' + x.employee_id }, x.name || x.email) : x.name || x.email]) : null),
        fact('Calendly links', meetingActions(m))))];
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
        h('dl', { class: 'facts', id: 'questions-and-answers' }, c.invitee.questionsAndAnswers.map(q => fact(q.question, q.answer)))] : null,
      h('details', {}, h('summary', {}, 'All Calendly data (JSON)'), h('pre', { id: 'calendly-json' }, JSON.stringify(c.calendlyData, null, 2)))));
  }
  parts.splice(2, 0, ...await meetingCompanyCards(m));
  page(m.title, ...parts, h('p', {}, h('a', { href: '#/meetings' }, 'Back to meetings')));
}

function importPage(query) {
  const canStart = hasRole('admin,manager');
  const jobId = params(query).get('job');
  const progressArea = h('section', { class: 'card', id: 'import-progress-area', 'aria-labelledby': 'prog-h', 'aria-live': 'polite' },
    h('h2', { id: 'prog-h' }, 'Progress'), h('p', { class: 'muted' }, jobId ? 'Loading…' : 'Start an import, or follow one from the list below.'));
  const jobsArea = h('section', { class: 'card', id: 'import-jobs-area', 'aria-labelledby': 'jobs-h' },
    h('h2', { id: 'jobs-h' }, 'Imports and reconciliation runs'), h('p', { class: 'muted' }, 'Loading…'));
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
    form, error, progressArea, jobsArea);
  followImports(jobId, progressArea, jobsArea).catch(() => { /* the user moved on */ });
}

async function setupPage() {
  const result = await api('/api/v1/calendly/status');
  const status = result.status === 200 ? result.json : null;
  const url = status ? status.webhook.url : location.origin + '/api/v1/calendly/webhook';
  const signed = !!status && status.webhook.signatureChecking;
  const apiTokenSet = !!status && !!status.apiToken && status.apiToken.configured;
  const events = ['invitee.created', 'invitee.canceled', 'invitee_no_show.created', 'invitee_no_show.deleted'];
  const curl = `curl -X POST https://api.calendly.com/webhook_subscriptions \\
  -H "Authorization: Bearer $CALENDLY_API_TOKEN" -H "Content-Type: application/json" \\
  -d '{"url": "${url}",
       "events": ${JSON.stringify(events)},
       "organization": "<your organization URI from GET https://api.calendly.com/users/me>",
       "scope": "organization",
       "signing_key": "<the same value as CALENDLY_WEBHOOK_SECRET>"}'`;
  const admin = hasRole('admin');
  page('Setup',
    h('ol', { class: 'steps card', id: 'setup-steps' },
      h('li', {}, 'Make this deployment reachable from the internet over HTTPS and set ', h('code', {}, 'CALENDLY_PUBLIC_URL'),
        ' to that address. Calendly will send webhooks to:', copyable(url, 'Copy the webhook URL', { id: 'setup-webhook-url' }),
        url.startsWith('https://') ? null : h('p', { class: 'error' }, 'This URL is not HTTPS: Calendly needs a public HTTPS address.')),
      h('li', {}, 'Choose a signing key and set it as ', h('code', {}, 'CALENDLY_WEBHOOK_SECRET'), ', for example the output of:',
        copyable('openssl rand -hex 32', 'Copy the command that makes a signing key', { id: 'setup-key-command' }),
        'Signature checking is now ', h('strong', { id: 'setup-signature' }, signed ? 'on' : 'off (no key set: every delivery is refused)'), '.'),
      h('li', {}, 'In Calendly, create a Personal Access Token under Integrations → API & Webhooks with the scopes users:read, scheduled_events:read, ',
        'scheduled_events:write, webhooks:read and webhooks:write, and set it as ', h('code', {}, 'CALENDLY_API_TOKEN'),
        '. Webhook subscriptions work on every Calendly plan, Free included. An organization-scope subscription needs an admin or owner account. ',
        'API token: ', h('strong', { id: 'setup-api-token' }, apiTokenSet ? 'set' : 'not set'), '.'),
      h('li', { id: 'setup-subscription' }, 'Create the subscription for the four invitee events. ',
        admin ? [subscriptionCreator(url, apiTokenSet), h('p', {}, 'Or run it yourself:')] : 'An admin does it here, or runs:',
        copyable(curl, 'Copy the curl command', { id: 'setup-curl' })),
      h('li', {}, 'Check the Status page: the first booking, cancellation or no-show shows up as the last delivery. A delivery that failed can be replayed there by an admin.'),
      h('li', {}, 'For the history before the webhook existed, run a Manual import for the date range you need.'),
      h('li', {}, 'Give people tokens: ', admin ? 'below. ' : 'an admin makes them on this page. ',
        'A manager sees and imports everything; an employee token sees only the meetings that employee hosts; an auditor only reads.')),
    admin ? tokenManager() : null);
}

// POST /api/v1/calendly/setup: the app creates (or keeps, or replaces its disabled) subscription
// with the configured Calendly API token; a signing key it had to generate is shown once.
function subscriptionCreator(url, apiTokenSet) {
  const input = h('input', { id: 'setup-callback', name: 'callbackUrl', type: 'url', value: url, required: true });
  const outcome = h('div', { id: 'setup-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'inline-form', id: 'setup-form' },
    h('label', { for: 'setup-callback' }, 'Callback URL'),
    h('div', { class: 'actions' }, input, h('button', { type: 'submit', disabled: !apiTokenSet }, 'Create subscription')),
    apiTokenSet ? null : h('p', { class: 'muted', id: 'setup-needs-token' },
      'Set CALENDLY_API_TOKEN (see the step above) and restart: the app creates the subscription with it.'),
    outcome);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    fill(outcome, h('p', { class: 'muted' }, 'Asking Calendly…'));
    const result = await api('/api/v1/calendly/setup', { method: 'POST', body: { callbackUrl: input.value.trim() } });
    if (result.status !== 200) {
      fill(outcome, h('p', { class: 'error', role: 'alert' }, errorText(result)));
      return;
    }
    const r = result.json;
    fill(outcome,
      h('p', {}, h('span', { class: 'badge good' }, r.action), ' Subscription ', h('code', { class: 'url' }, r.subscription),
        ' is ', h('strong', {}, r.state), '.'),
      h('p', {}, r.message),
      r.signingKey ? h('div', { class: 'once' },
        h('p', {}, h('strong', {}, 'Signing key, shown only this once:'), ' set CALENDLY_WEBHOOK_SECRET to it on every instance and restart.'),
        copyable(r.signingKey, 'Copy the signing key', { id: 'setup-signing-key' })) : null);
  });
  return form;
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
    if (a.dataset.page === parts[0]) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  try {
    if (parts[0] === 'meetings' && parts[1]) await meetingPage(parts[1]);
    else if (parts[0] === 'meetings') await meetingsPage(query);
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
// after every deferred script has run (copy.js, import-jobs.js, tokens.js and the pages in files of
// their own), so all pages are registered
document.addEventListener('DOMContentLoaded', route);
