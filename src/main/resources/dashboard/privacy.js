// Privacy page (admins and auditors): the audit trail with filters and verification, retention,
// erasure receipts; for admins also a person's data export and erasure (with a confirmation
// that names what will go). Registered as dashboardPages.privacy; h(), api(), page(), hasRole(),
// when(), errorText() and toast() come from app.js.
'use strict';

const AUDIT_FILTERS = ['entity', 'entityId', 'actor', 'from', 'to'];

function actorText(a) {
  if (!a) return '—';
  let text = a.kind + (a.id ? ' ' + a.id : '') + (a.role ? ' (' + a.role + ')' : '');
  if (a.deliveryId) text += ', delivery ' + a.deliveryId;
  if (a.detail) text += ', ' + a.detail;
  return text;
}

function changesText(changes) {
  return Object.entries(changes || {}).map(([field, pair]) => {
    const show = v => v === null ? '∅' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return field + ': ' + show(pair[0]) + ' → ' + show(pair[1]);
  }).join('; ');
}

async function auditSection(query) {
  const q = new URLSearchParams(query || '');
  const form = h('form', { class: 'filters card', id: 'audit-filters' },
    ...AUDIT_FILTERS.map(name => h('div', {}, h('label', { for: 'a-' + name }, name),
      h('input', { id: 'a-' + name, name, value: q.get(name) || '',
        placeholder: { entity: 'meetings, customers…', actor: 'webhook, token:3…', from: '2026-01-31', to: '2026-12-31' }[name] || '' }))),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Filter')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const p = new URLSearchParams();
    for (const [k, v] of new FormData(form).entries()) if (v) p.set(k, v);
    location.hash = '#/privacy' + (p.toString() ? '?' + p : '');
  });
  const verifyResult = h('p', { id: 'audit-verify-result', 'aria-live': 'polite' });
  const verifyButton = h('button', { type: 'button', id: 'audit-verify', class: 'secondary' }, 'Verify the chain');
  verifyButton.addEventListener('click', async () => {
    verifyResult.textContent = 'Recomputing…';
    const r = await api('/api/v1/audit/verify');
    if (r.status !== 200) { verifyResult.textContent = errorText(r); return; }
    const v = r.json;
    verifyResult.className = v.valid ? 'good' : 'error';
    verifyResult.textContent = v.valid
      ? 'The chain is valid: ' + v.entries + ' sealed entries recomputed' + (v.unsealed ? ', ' + v.unsealed + ' waiting to be sealed.' : '.')
      : 'The chain is NOT valid from entry ' + v.firstInvalidId + ': ' + v.problem + '.';
  });
  const p = new URLSearchParams();
  for (const name of [...AUDIT_FILTERS, 'cursor']) if (q.get(name)) p.set(name, q.get(name));
  const r = await api('/api/v1/audit?' + p);
  let body;
  if (r.status !== 200) {
    body = h('p', { class: 'error', role: 'alert' }, errorText(r));
  } else if (!r.json.items.length) {
    body = h('p', { class: 'muted' }, 'No audit entries match.');
  } else {
    body = h('table', { id: 'audit-table' },
      h('thead', {}, h('tr', {}, ['#', 'When', 'Actor', 'Action', 'Entity', 'What changed'].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, r.json.items.map(e => h('tr', {},
        h('td', { 'data-label': '#' }, String(e.id), e.sealed ? '' : ' (unsealed)'),
        h('td', { 'data-label': 'When' }, when(e.at)),
        h('td', { 'data-label': 'Actor' }, actorText(e.actor)),
        h('td', { 'data-label': 'Action' }, e.action),
        h('td', { 'data-label': 'Entity' }, e.entity + (e.entityId ? ' ' + e.entityId : '')),
        h('td', { 'data-label': 'What changed', class: 'changes' }, changesText(e.changes))))));
  }
  const more = r.status === 200 && r.json.nextCursor;
  if (more) { q.set('cursor', r.json.nextCursor); }
  return h('section', { class: 'card', 'aria-labelledby': 'audit-h' },
    h('h2', { id: 'audit-h' }, 'Audit trail'),
    h('p', { class: 'muted' }, 'Every change to meetings, Calendly records, hosts, customers, employees, projects, tokens and settings, '
      + 'every erasure, retention run and export. Entries are chained by hash; Verify recomputes the chain.'),
    h('div', { class: 'actions' }, verifyButton), verifyResult, form, body,
    more ? h('nav', { class: 'pager' }, h('a', { href: '#/privacy?' + q, id: 'audit-next' }, 'Older entries')) : null);
}

async function retentionSection() {
  const r = await api('/api/v1/privacy/retention');
  if (r.status !== 200) return h('section', { class: 'card' }, h('h2', {}, 'Retention'), h('p', { class: 'error' }, errorText(r)));
  const { policy, lastRun, nextRunWouldRemove } = r.json;
  const days = d => d === null || d === undefined ? 'kept (off)' : d + ' days';
  return h('section', { class: 'card', id: 'retention-status', 'aria-labelledby': 'ret-h' },
    h('h2', { id: 'ret-h' }, 'Retention'),
    h('dl', { class: 'facts' },
      fact('Raw delivery bodies', days(policy.rawBodyDays)),
      fact('Personal data of past meetings', days(policy.personalDataDays)),
      fact('Token audit (access_audit)', days(policy.accessAuditDays)),
      fact('Export files', policy.exportFiles),
      fact('Runs', 'daily (' + policy.schedule + ')'),
      fact('Last run', lastRun ? when(lastRun.finishedAt || lastRun.startedAt) + ': removed ' + JSON.stringify(lastRun.removed)
        + (lastRun.error ? ' — error: ' + lastRun.error : '') : 'never'),
      fact('Next run would remove', Object.entries(nextRunWouldRemove).map(([k, v]) => k.replace('_', ' ') + ' ' + v).join(', '))));
}

function receiptLine(x) {
  return h('li', {}, h('strong', {}, 'Receipt ' + x.receiptId), ' ', when(x.requestedAt), ' by token ', String(x.requestedBy.id || '?'),
    ': ', x.summary, ' Calendly: ', x.calendly.status, x.reason ? ' — reason: ' + x.reason : '');
}

async function receiptsSection() {
  const r = await api('/api/v1/privacy/erasures?limit=20');
  return h('section', { class: 'card', 'aria-labelledby': 'rec-h' }, h('h2', { id: 'rec-h' }, 'Erasure receipts'),
    r.status !== 200 ? h('p', { class: 'error' }, errorText(r))
      : r.json.items.length ? h('ul', { id: 'erasure-receipts' }, r.json.items.map(receiptLine))
        : h('p', { class: 'muted', id: 'erasure-receipts' }, 'No erasures yet.'));
}

function personSection() {
  const email = h('input', { id: 'subject-email', name: 'email', type: 'email', required: true, autocomplete: 'off' });
  const reason = h('input', { id: 'erasure-reason', name: 'reason', placeholder: 'e.g. request by email of 30 Nov' });
  const out = h('div', { id: 'subject-result', 'aria-live': 'polite' });
  const error = h('p', { class: 'error', role: 'alert', id: 'subject-error' });

  async function exportDoc() {
    error.textContent = '';
    const r = await api('/api/v1/privacy/export?email=' + encodeURIComponent(email.value));
    if (r.status !== 200) { error.textContent = errorText(r); return null; }
    return r.json;
  }
  function held(doc) {
    return doc.meetings.length + ' meeting(s) with their Calendly records and answers, ' + doc.deliveries.length
      + ' delivery body(ies), ' + doc.customers.length + ' customer record(s), and the personal values in '
      + doc.audit.length + ' audit entry(ies)';
  }
  const exportButton = h('button', { type: 'button', id: 'subject-export', class: 'secondary' }, 'Export their data');
  exportButton.addEventListener('click', async () => {
    const doc = await exportDoc();
    if (!doc) return;
    const link = h('a', { id: 'subject-download', download: 'personal-data.json',
      href: URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' })) }, 'Download the JSON document');
    out.replaceChildren(h('p', {}, 'Held about ' + email.value + ': ' + held(doc) + '. '), link);
  });
  const eraseButton = h('button', { type: 'button', id: 'subject-erase', class: 'danger' }, 'Erase…');
  eraseButton.addEventListener('click', async () => {
    const doc = await exportDoc();
    if (!doc) return;
    const confirmButton = h('button', { type: 'button', id: 'erasure-confirm', class: 'danger' }, 'Erase permanently');
    const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
    cancel.addEventListener('click', () => out.replaceChildren());
    confirmButton.addEventListener('click', async () => {
      confirmButton.disabled = true;
      const r = await api('/api/v1/privacy/erasure', { method: 'POST', body: { email: email.value, reason: reason.value || null } });
      if (r.status !== 200) { error.textContent = errorText(r); confirmButton.disabled = false; return; }
      const x = r.json;
      out.replaceChildren(h('div', { id: 'erasure-receipt', class: 'card' }, h('h3', {}, 'Erasure receipt ' + x.receiptId),
        h('p', {}, x.summary), h('p', {}, 'Calendly: ' + x.calendly.detail)));
      toast('Erased.');
    });
    out.replaceChildren(h('div', { class: 'confirm', id: 'erasure-confirmation', role: 'alertdialog', 'aria-labelledby': 'erasure-q' },
      h('p', { id: 'erasure-q' }, 'This permanently erases everything personal held about ' + email.value + ': ' + held(doc)
        + '. The meetings stay, without the person, for reports; the person stays suppressed: future deliveries and imports about them are stored without their data.'),
      h('div', { class: 'actions' }, confirmButton, cancel)));
  });
  return h('section', { class: 'card', 'aria-labelledby': 'person-h' }, h('h2', { id: 'person-h' }, 'A person\'s data'),
    h('div', { class: 'filters' }, h('div', {}, h('label', { for: 'subject-email' }, 'Email'), email),
      h('div', {}, h('label', { for: 'erasure-reason' }, 'Reason (for the receipt)'), reason)),
    h('div', { class: 'actions' }, exportButton, eraseButton), error, out);
}

dashboardPages.privacy = async (rest, query) => {
  if (!hasRole('admin,auditor')) {
    page('Privacy', h('p', { class: 'muted' }, 'Only admins and auditors can see the audit trail and privacy records.'));
    return;
  }
  const sections = await Promise.all([auditSection(query), retentionSection(), receiptsSection()]);
  page('Privacy', hasRole('admin') ? personSection() : null, ...sections);
};
