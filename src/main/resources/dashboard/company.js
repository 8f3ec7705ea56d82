// calendly-sync dashboard: the company's customers, employees and projects. Lists with search
// and paging, a profile with the totals of its meetings and its meeting history, create and edit
// forms and CSV imports for managers and admins, employees from Calendly for admins. Also the
// type-ahead picker the meeting filters and a meeting's links use, and the meeting page's cards
// for links, deliveries and cancelling. Uses app.js's globals: h(), api(), page(), hasRole(),
// fact(), when(), errorText(), params(), toast(), filterForm(), meetingTable(), pager(), apiQuery().
'use strict';

const COMPANY = {
  customers: {
    api: '/api/v1/customers', title: 'Customers', one: 'customer', meetings: id => `/api/v1/customers/${id}/meetings?`, fixed: 'customerId',
    columns: [['Name', c => h('a', { href: '#/customers/' + c.id, class: 'record-link' }, c.name || '(no name)')], ['Email', c => c.email],
      ['Company domain', c => c.companyDomain], ['Customer number', c => c.customerNumber], ['Status', c => statusBadge(c.status)]],
    fields: [['name', 'Name', 'text', true], ['email', 'Email', 'email'], ['companyDomain', 'Company domain (for domain matching)', 'text'],
      ['customerNumber', 'Customer number / CRM reference', 'text']],
    csvColumns: 'name, email, companyDomain, customerNumber, status',
  },
  employees: {
    api: '/api/v1/employees', title: 'Employees', one: 'employee', meetings: id => `/api/v1/employees/${id}/meetings?`, fixed: 'employeeId',
    columns: [['Name', e => h('a', { href: '#/employees/' + e.id, class: 'record-link' }, e.name || e.email)], ['Email', e => e.email],
      ['Calendly user', e => e.calendlyUserUri ? h('span', { class: 'badge good', title: e.calendlyUserUri }, 'linked' + (e.calendlyRole ? ' · ' + e.calendlyRole : '')) : '—'],
      ['Time zone', e => e.timezone], ['Status', e => statusBadge(e.status)]],
    fields: [['name', 'Name', 'text', true], ['email', 'Email', 'email', true], ['calendlyUserUri', 'Calendly user URI', 'text'], ['timezone', 'Time zone', 'text']],
    csvColumns: 'name, email, calendlyUserUri, timezone, status',
  },
  projects: {
    api: '/api/v1/projects', title: 'Projects', one: 'project', meetings: id => `/api/v1/meetings?projectId=${id}&`, fixed: 'projectId',
    columns: [['Name', p => h('a', { href: '#/projects/' + p.id, class: 'record-link' }, p.name)], ['Code', p => p.code],
      ['Customer', p => p.customerId ? h('a', { href: '#/customers/' + p.customerId }, p.customerName || 'Customer ' + p.customerId) : '—'],
      ['Status', p => statusBadge(p.status)]],
    fields: [['name', 'Name', 'text', true], ['code', 'Code (named in a booking answer or UTM campaign)', 'text'],
      ['customerId', 'Customer', 'picker:customers'], ['description', 'Description', 'text']],
  },
};

function statusBadge(status) {
  return h('span', { class: 'badge ' + (status === 'active' ? 'good' : 'muted-badge') }, status);
}

// ---------- the type-ahead picker ----------

// A text box that searches customers, employees or projects as one types and keeps the chosen
// record's id in a hidden input called name (so forms submit an id, never a raw name).
function recordPicker(kind, name, label, id, shown) {
  const hidden = h('input', { type: 'hidden', name, value: id || '' });
  const inputId = 'pick-' + name;
  const list = h('ul', { class: 'picker-options', role: 'listbox', id: inputId + '-options', hidden: true });
  const input = h('input', { id: inputId, type: 'search', autocomplete: 'off', role: 'combobox', 'aria-autocomplete': 'list',
    'aria-expanded': 'false', 'aria-controls': list.id, value: shown || (id ? '#' + id : ''), placeholder: 'Type to search' });
  let seq = 0;
  const choose = (record) => {
    hidden.value = record ? record.id : '';
    input.value = record ? pickerText(record) : '';
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
  };
  input.addEventListener('input', async () => {
    const text = input.value.trim();
    if (!text) { hidden.value = ''; list.hidden = true; return; }
    const mine = ++seq;
    let result;
    try { result = await api(`${COMPANY[kind].api}?q=${encodeURIComponent(text)}&limit=8&status=active`); } catch (e) { return; }
    if (mine !== seq || result.status !== 200) return;
    list.replaceChildren(...(result.json.items.length ? result.json.items.map(r => h('li', { role: 'option', class: 'picker-option',
      'data-id': r.id, tabindex: '-1', onclick: () => choose(r) }, pickerText(r)))
      : [h('li', { class: 'muted' }, 'No match')]));
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') { const first = list.querySelector('[role=option]'); if (first) { event.preventDefault(); first.focus(); } }
    if (event.key === 'Escape') list.hidden = true;
  });
  list.addEventListener('keydown', (event) => {
    const item = document.activeElement;
    if (event.key === 'Enter' && item.dataset.id) { event.preventDefault(); item.click(); input.focus(); }
    if (event.key === 'ArrowDown' && item.nextElementSibling) { event.preventDefault(); item.nextElementSibling.focus(); }
    if (event.key === 'ArrowUp') { event.preventDefault(); (item.previousElementSibling || input).focus(); }
  });
  if (id && !shown) pickerLabel(kind, id).then(text => { if (input.value === '#' + id) input.value = text; }).catch(() => { /* moved on */ });
  const clear = h('button', { type: 'button', class: 'link picker-clear', 'aria-label': 'Clear ' + label, onclick: () => choose(null) }, 'clear');
  return h('div', { class: 'picker' }, h('label', { for: inputId }, label), input, clear, list, hidden);
}

function pickerText(r) {
  return (r.name || r.email || 'Record') + (r.email && r.name ? ' <' + r.email + '>' : '') + (r.code ? ' [' + r.code + ']' : '') + ' #' + r.id;
}

// What a picker shows for an id already chosen (a filter in the address): the record's name.
async function pickerLabel(kind, id) {
  if (!id) return '';
  const result = await api(`${COMPANY[kind].api}/${encodeURIComponent(id)}`);
  return result.status === 200 ? pickerText(result.json) : '#' + id;
}

// ---------- lists ----------

async function recordListPage(kind, query) {
  const k = COMPANY[kind];
  const p = params(query);
  const q = new URLSearchParams();
  for (const name of ['q', 'status', 'cursor', 'limit']) if (p.get(name)) q.set(name, p.get(name));
  const result = await api(k.api + '?' + q);
  const search = h('form', { class: 'filters card', id: 'record-search', role: 'search', 'aria-label': 'Search ' + kind },
    h('div', {}, h('label', { for: 'r-q' }, 'Search'), h('input', { id: 'r-q', name: 'q', type: 'search', value: p.get('q') || '' })),
    h('div', {}, h('label', { for: 'r-status' }, 'Status'), h('select', { id: 'r-status', name: 'status' },
      [['', 'Active'], ['inactive', 'Inactive'], ['all', 'All']].map(([v, t]) => h('option', { value: v, selected: (p.get('status') || '') === v }, t)))),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Search'), h('a', { href: '#/' + kind }, 'Clear')));
  search.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [name, value] of new FormData(search).entries()) if (String(value).trim()) next.set(name, String(value).trim());
    location.hash = '#/' + kind + (next.toString() ? '?' + next : '');
  });
  const tools = [];
  if (hasRole('admin,manager')) {
    tools.push(h('details', { class: 'card', id: 'new-record' }, h('summary', {}, 'New ' + k.one), recordForm(kind, null)));
    if (k.csvColumns) tools.push(csvImportCard(kind));
  }
  if (kind === 'employees' && hasRole('admin')) tools.push(employeeSyncCard());
  if (result.status !== 200) return page(k.title, search, h('p', { class: 'error', role: 'alert', id: 'list-error' }, errorText(result)));
  const items = result.json.items;
  const table = items.length === 0 ? h('p', { class: 'muted', id: 'no-records' }, 'No ' + k.one + ' matches.')
    : h('div', { class: 'table-wrap' }, h('table', { class: 'cards', id: 'records-table' },
      h('thead', {}, h('tr', {}, k.columns.map(([label]) => h('th', { scope: 'col' }, label)))),
      h('tbody', {}, items.map(r => h('tr', { 'data-id': r.id }, k.columns.map(([label, cell]) => {
        const value = cell(r);
        return h('td', { 'data-label': label }, value === null || value === undefined || value === '' ? '—' : value);
      }))))));
  const number = Number(p.get('page') || '1');
  page(k.title, search, tools, table, pager('/' + kind, query, result.json.nextCursor, number));
}

// ---------- create and edit ----------

function recordForm(kind, record) {
  const k = COMPANY[kind];
  const error = h('p', { class: 'error', role: 'alert', id: 'record-form-error' });
  const prefix = record ? 'e-' : 'n-';
  const inputs = k.fields.map(([name, label, type, required]) => {
    if (type.startsWith('picker:')) {
      return recordPicker(type.slice(7), name, label, record && record[name], record && record.customerName
        ? record.customerName + ' #' + record[name] : '');
    }
    return h('div', {}, h('label', { for: prefix + name }, label + (required ? ' (required)' : '')),
      h('input', { id: prefix + name, name, type, required: required && !record ? true : null, value: record && record[name] ? record[name] : '' }));
  });
  if (record) {
    inputs.push(h('div', {}, h('label', { for: 'e-status' }, 'Status'), h('select', { id: 'e-status', name: 'status' },
      ['active', 'inactive'].map(s => h('option', { value: s, selected: record.status === s }, s === 'inactive' ? 'inactive (deactivated)' : s)))));
  }
  const form = h('form', { class: 'filters', id: record ? 'edit-record' : 'create-record' }, inputs,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, record ? 'Save changes' : 'Create ' + k.one)), error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const body = {};
    for (const [name, , type] of k.fields) {
      const value = String(new FormData(form).get(name) || '').trim();
      if (type.startsWith('picker:')) body[name] = value ? Number(value) : null;
      else if (value) body[name] = value;
      else if (record) body[name] = null;
    }
    if (record) body.status = new FormData(form).get('status');
    const result = await api(record ? `${k.api}/${record.id}` : k.api, { method: record ? 'PATCH' : 'POST', body });
    if (result.status === 200 || result.status === 201) {
      const linked = result.json.relinkedMeetings;
      toast(`${k.one[0].toUpperCase() + k.one.slice(1)} ${result.json.name || result.json.email} saved` + (linked ? `; ${linked} meeting(s) linked` : ''));
      if (record) route(); else location.hash = `#/${kind}/${result.json.id}`;
    } else {
      error.textContent = errorText(result);
    }
  });
  return form;
}

// ---------- CSV import ----------

function csvImportCard(kind) {
  const k = COMPANY[kind];
  const file = h('input', { id: 'csv-file', type: 'file', accept: '.csv,text/csv', required: true });
  const mode = h('select', { id: 'csv-mode' }, h('option', { value: 'per-row' }, 'Write the good rows, report the bad ones'),
    h('option', { value: 'all-or-nothing' }, 'All or nothing'));
  const report = h('div', { id: 'csv-report', 'aria-live': 'polite' });
  const form = h('form', { class: 'filters', id: 'csv-form' },
    h('div', {}, h('label', { for: 'csv-file' }, 'CSV file (header row; columns ' + k.csvColumns + ')'), file),
    h('div', {}, h('label', { for: 'csv-mode' }, 'Mode'), mode),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Import')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!file.files.length) return;
    report.replaceChildren(h('p', { class: 'muted' }, 'Importing…'));
    const response = await fetch(`${k.api}/import?mode=${mode.value}`, { method: 'POST',
      headers: { Authorization: 'Bearer ' + token(), 'Content-Type': 'text/csv' }, body: file.files[0] });
    const json = await response.json().catch(() => ({}));
    report.replaceChildren(...csvReport(response.status, json));
  });
  return h('details', { class: 'card', id: 'csv-import' }, h('summary', {}, 'Import ' + kind + ' from CSV'),
    h('p', { class: 'muted' }, 'Rows are matched on email: an active ' + k.one + ' with the email is updated (empty cells keep their value), any other row creates one.'),
    form, report);
}

function csvReport(status, r) {
  if (status !== 200 && status !== 422) return [h('p', { class: 'error', role: 'alert', id: 'csv-error' }, r.message || 'The server answered ' + status)];
  const parts = [h('p', { id: 'csv-summary', class: r.applied ? '' : 'error' },
    r.applied ? `${r.rows} rows: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.rejected} rejected; ${r.relinkedMeetings} meeting(s) linked.`
      : `Nothing was written: ${r.rejected} row(s) rejected (mode all or nothing).`)];
  if (r.rejectedRows && r.rejectedRows.length) {
    parts.push(h('table', { class: 'cards', id: 'csv-rejected' },
      h('thead', {}, h('tr', {}, ['Line', 'Email', 'Reason'].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, r.rejectedRows.map(row => h('tr', {}, h('td', { 'data-label': 'Line' }, row.line),
        h('td', { 'data-label': 'Email' }, row.email || '—'), h('td', { 'data-label': 'Reason' }, row.reason))))));
  }
  return parts;
}

// ---------- employees from Calendly ----------

function employeeSyncCard() {
  const out = h('p', { id: 'sync-result', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'secondary', id: 'sync-employees' }, 'Sync employees from Calendly');
  button.addEventListener('click', async () => {
    button.disabled = true;
    out.textContent = 'Reading the organization\'s members from Calendly…';
    const result = await api('/api/v1/employees/sync', { method: 'POST' });
    button.disabled = false;
    const r = result.json || {};
    out.textContent = result.status === 200
      ? `${r.memberships} Calendly members: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.skipped.length} skipped; ${r.relinkedMeetings} meeting(s) linked.`
      : errorText(result);
  });
  return h('section', { class: 'card', id: 'employee-sync' }, h('h2', {}, 'Calendly members'),
    h('p', { class: 'muted' }, 'Creates or updates an employee for every member of your Calendly organization (also done by every reconciliation).'),
    button, out);
}

// ---------- profiles ----------

async function recordProfilePage(kind, id, query) {
  const k = COMPANY[kind];
  const result = await api(`${k.api}/${encodeURIComponent(id)}`);
  if (result.status !== 200) {
    return page(k.title, h('p', { class: 'error', role: 'alert', id: 'profile-error' }, errorText(result)),
      h('p', {}, h('a', { href: '#/' + kind }, 'Back to ' + kind)));
  }
  const r = result.json;
  const t = r.totals;
  const facts = kind === 'customers' ? [fact('Email', r.email), fact('Company domain', r.companyDomain), fact('Customer number', r.customerNumber)]
    : kind === 'employees' ? [fact('Email', r.email), fact('Calendly user', r.calendlyUserUri), fact('Calendly role', r.calendlyRole), fact('Time zone', r.timezone)]
      : [fact('Code', r.code), fact('Customer', r.customerId ? h('a', { href: '#/customers/' + r.customerId }, r.customerName) : null), fact('Description', r.description)];
  const totals = h('section', { class: 'card', 'aria-labelledby': 'totals-h' }, h('h2', { id: 'totals-h' }, 'Meetings'),
    h('dl', { class: 'facts totals', id: 'totals' },
      fact('Meetings', t.meetings), fact('Upcoming', t.upcoming), fact('Completed', t.completed), fact('Canceled', t.canceled),
      fact('No-shows', t.noShows),
      fact('Last meeting', t.lastMeeting ? h('a', { href: '#/meetings/' + t.lastMeeting.id }, when(t.lastMeeting.startTime) + ' · ' + t.lastMeeting.title) : null),
      fact('Next meeting', t.nextMeeting ? h('a', { href: '#/meetings/' + t.nextMeeting.id }, when(t.nextMeeting.startTime) + ' · ' + t.nextMeeting.title) : null)));
  const parts = [h('p', {}, statusBadge(r.status)),
    h('section', { class: 'card' }, h('dl', { class: 'facts', id: 'profile-facts' }, facts.flat(), fact(k.one[0].toUpperCase() + k.one.slice(1) + ' id', r.id))),
    totals];
  if (kind === 'customers') {
    parts.push(h('section', { class: 'card', 'aria-labelledby': 'projects-h' }, h('h2', { id: 'projects-h' }, 'Projects'),
      r.projects.length ? h('ul', { id: 'customer-projects' }, r.projects.map(p => h('li', {},
        h('a', { href: '#/projects/' + p.id }, p.name), p.code ? ' [' + p.code + ']' : '', ' ', statusBadge(p.status))))
        : h('p', { class: 'muted' }, 'No project yet.')));
  }
  if (hasRole('admin,manager')) {
    parts.push(h('details', { class: 'card', id: 'edit' }, h('summary', {}, 'Edit or deactivate'), recordForm(kind, r)));
  }
  const history = await api(k.meetings(r.id) + apiQuery(query, [k.fixed]));
  parts.push(h('h2', {}, 'Meeting history'), filterForm(query, k.fixed));
  if (history.status === 200) {
    parts.push(meetingTable(history.json.items), pager(`/${kind}/${r.id}`, query, history.json.nextCursor, Number(params(query).get('page') || '1')));
  } else {
    parts.push(h('p', { class: 'error' }, errorText(history)));
  }
  page(r.name || r.email, parts, h('p', {}, h('a', { href: '#/' + kind }, 'All ' + kind)));
}

for (const kind of Object.keys(COMPANY)) {
  dashboardPages[kind] = async (rest, query) => rest[0] ? recordProfilePage(kind, rest[0], query) : recordListPage(kind, query);
}

// ---------- a meeting's company links, deliveries and cancel (cards of the meeting page) ----------

const LINKED_BY = { reference: 'rule: reference in the booking', email: 'rule: email', domain: 'rule: email domain',
  calendly_user: 'rule: Calendly user', code: 'rule: project code', only_project: "rule: the customer's only project", person: 'set by a person' };
const UNMATCHED = { no_email: 'the invitee gave no email', no_customer_with_email: 'no active customer has this email',
  no_customer_with_email_or_domain: 'no active customer has this email or domain', free_mail_domain: 'a free-mail address (domain not used)',
  ambiguous_domain: 'several customers share this domain', unknown_reference: 'the booking names a customer reference nobody has',
  cleared_by_person: 'cleared by a person' };

function unmatchedText(reason) { return reason ? 'unmatched: ' + (UNMATCHED[reason] || reason) : null; }

async function meetingCompanyCards(m) {
  const cards = [];
  const links = h('section', { class: 'card', 'aria-labelledby': 'links-h', id: 'meeting-links' }, h('h2', { id: 'links-h' }, 'Company links'));
  const linkRow = (label, kind, link, by, extra) => fact(label, [link.id
    ? h('a', { href: `#/${kind}/${link.id}`, class: 'linked-' + kind }, link.name || '#' + link.id) : h('span', { class: 'muted' }, extra || 'none'),
    by ? h('span', { class: 'sub' }, LINKED_BY[by] || by) : null]);
  const c = { id: m.customer && m.customer.id, name: m.customer && m.customer.name };
  links.append(h('dl', { class: 'facts', id: 'link-facts' },
    linkRow('Customer', 'customers', c, m.linkedBy && m.linkedBy.customer, unmatchedText(m.unmatchedReason)),
    linkRow('Employee', 'employees', { id: m.organizerEmployeeId, name: hostName(m) }, m.linkedBy && m.linkedBy.employee),
    linkRow('Project', 'projects', m.project || {}, m.linkedBy && m.linkedBy.project)));
  if (hasRole('admin,manager')) {
    const error = h('p', { class: 'error', role: 'alert', id: 'links-error' });
    const form = h('form', { class: 'filters', id: 'links-form' },
      recordPicker('customers', 'customerId', 'Customer', c.id, c.id ? (c.name || '') + ' #' + c.id : ''),
      recordPicker('employees', 'employeeId', 'Employee', m.organizerEmployeeId, m.organizerEmployeeId ? hostName(m) + ' #' + m.organizerEmployeeId : ''),
      recordPicker('projects', 'projectId', 'Project', m.project && m.project.id, m.project ? m.project.name + ' #' + m.project.id : ''),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save links')), error);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const body = {};
      for (const name of ['customerId', 'employeeId', 'projectId']) {
        const value = data.get(name) ? Number(data.get(name)) : null;
        const current = name === 'customerId' ? c.id : name === 'employeeId' ? m.organizerEmployeeId : m.project && m.project.id;
        if ((value || null) !== (current || null)) body[name] = value;
      }
      if (!Object.keys(body).length) { error.textContent = 'Nothing changed.'; return; }
      const result = await api('/api/v1/meetings/' + m.id, { method: 'PATCH', body });
      if (result.status === 200) { toast('Links saved; no rule will change them.'); route(); } else error.textContent = errorText(result);
    });
    links.append(h('details', { id: 'edit-links' }, h('summary', {}, 'Link or unlink by hand'),
      h('p', { class: 'muted' }, 'A link set here is kept: matching rules, later webhooks and imports never change it. Clear a box to unlink.'), form));
  }
  cards.push(links);
  if (hasRole('admin,manager') && m.status === 'active' && m.calendly && isFuture(m.startTime)) {
    const out = h('p', { id: 'cancel-result', role: 'status' });
    const reason = h('input', { id: 'cancel-reason', type: 'text', maxlength: 500 });
    const button = h('button', { type: 'button', id: 'cancel-meeting', class: 'danger' }, 'Cancel this meeting in Calendly');
    button.addEventListener('click', async () => {
      if (!window.confirm('Cancel this meeting in Calendly? The invitee is told.')) return;
      button.disabled = true;
      const result = await api(`/api/v1/meetings/${m.id}/cancel`, { method: 'POST', body: reason.value.trim() ? { reason: reason.value.trim() } : {} });
      if (result.status === 200) { toast('Meeting canceled in Calendly.'); route(); } else { out.textContent = errorText(result); button.disabled = false; }
    });
    cards.push(h('section', { class: 'card', 'aria-labelledby': 'cancel-h', id: 'cancel-card' }, h('h2', { id: 'cancel-h' }, 'Cancel'),
      h('div', {}, h('label', { for: 'cancel-reason' }, 'Reason (optional, Calendly shows it to the invitee)'), reason), button, out));
  }
  if (hasRole('admin,manager,auditor') && m.calendly) {
    const result = await api(`/api/v1/meetings/${m.id}/deliveries`);
    cards.push(h('section', { class: 'card', 'aria-labelledby': 'deliveries-h' }, h('h2', { id: 'deliveries-h' }, 'Delivery history'),
      result.status !== 200 ? h('p', { class: 'error' }, errorText(result))
        : result.json.items.length === 0 ? h('p', { class: 'muted', id: 'no-deliveries' }, 'No webhook delivery about this meeting (it came from an import).')
          : h('ol', { id: 'delivery-history' }, result.json.items.map(d => h('li', {}, when(d.receivedAt), ' · ', d.event, ' ',
            h('span', { class: 'badge ' + (d.outcome === 'failed' ? 'failed' : 'good') }, d.outcome), d.error ? h('span', { class: 'sub' }, d.error) : null)))));
  }
  return cards;
}

function hostName(m) {
  const host = (m.hosts || []).find(x => x.employee_id === m.organizerEmployeeId);
  return host ? host.name || host.email : (m.organizerEmployeeId ? 'Employee ' + m.organizerEmployeeId : '');
}

function isFuture(iso) { return !!iso && new Date(iso).getTime() > Date.now(); }

// Join for an online meeting; Reschedule and Cancel only while they can still be used (an
// active meeting that has not started)
function meetingActions(m) {
  const actions = [];
  if (m.joinUrl) actions.push(joinLink(m));
  if (m.links && m.status === 'active' && isFuture(m.startTime)) {
    actions.push(h('a', { href: m.links.reschedule, target: '_blank', rel: 'noopener noreferrer', class: 'reschedule-link' }, 'Reschedule'),
      h('a', { href: m.links.cancel, target: '_blank', rel: 'noopener noreferrer', class: 'cancel-link' }, 'Cancel'));
  }
  return actions.length ? actions.flatMap((a, i) => i ? [' · ', a] : [a]) : '—';
}

// An online meeting's address, shown as a Join link
function joinLink(m) {
  return m.joinUrl ? h('a', { href: m.joinUrl, target: '_blank', rel: 'noopener noreferrer', class: 'join-link' }, 'Join') : null;
}
