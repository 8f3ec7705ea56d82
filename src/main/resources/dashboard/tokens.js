// API tokens on the Setup page, for admins (GET/POST /api/v1/tokens, DELETE /api/v1/tokens/{id}):
// make a token with a role (an employee token is bound to one employee), a label and an expiry
// date; the new token is shown once, with a copy button; every token is listed; active ones can
// be revoked.
'use strict';

const TOKEN_ROLES = [['manager', 'Manager'], ['employee', 'Employee'], ['auditor', 'Auditor'], ['admin', 'Admin']];

function tokenManager() {
  const created = h('div', { id: 'token-created', 'aria-live': 'polite' });
  const error = h('p', { class: 'error', role: 'alert', id: 'token-error' });
  const listArea = h('div', { id: 'token-list-area' }, h('p', { class: 'muted' }, 'Loading…'));
  const role = h('select', { id: 't-role', name: 'role', 'aria-describedby': 't-role-help' }, TOKEN_ROLES.map(([value, text]) => h('option', { value }, text)));
  const employee = h('input', { id: 't-employee', name: 'employeeId', type: 'number', min: 1, step: 1, disabled: true,
    'aria-describedby': 't-employee-help' });
  const label = h('input', { id: 't-label', name: 'label', type: 'text', maxlength: 200, placeholder: 'e.g. Dana, sales dashboard' });
  const expires = h('input', { id: 't-expires', name: 'expires', type: 'date', min: new Date(Date.now() + 86400000).toISOString().slice(0, 10),
    'aria-describedby': 't-expires-help' });
  role.addEventListener('change', () => {
    employee.disabled = role.value !== 'employee';
    employee.required = role.value === 'employee';
  });
  const form = h('form', { class: 'filters', id: 'token-form', 'aria-label': 'Create an API token' },
    h('div', {}, h('label', { for: 't-role' }, 'Role'), role),
    h('div', {}, h('label', { for: 't-employee' }, 'Employee id'), employee,
      h('span', { class: 'hint', id: 't-employee-help' }, 'Employee tokens only')),
    h('div', {}, h('label', { for: 't-label' }, 'Label (who or what uses it)'), label),
    h('div', {}, h('label', { for: 't-expires' }, 'Expires on (optional)'), expires,
      h('span', { class: 'hint', id: 't-expires-help' }, 'Stops working at the start of that day, UTC')),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Create token')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const body = { role: role.value };
    if (role.value === 'employee') body.employeeId = Number(employee.value);
    if (label.value.trim()) body.label = label.value.trim();
    if (expires.value) body.expiresAt = expires.value + 'T00:00:00Z';
    const result = await api('/api/v1/tokens', { method: 'POST', body });
    if (result.status !== 201) {
      error.textContent = errorText(result);
      return;
    }
    const t = result.json;
    fill(created, h('div', { class: 'once' },
      h('p', {}, h('strong', {}, `New ${t.role} token #${t.id}`), ' — shown only this once: copy it now and hand it over. It cannot be shown again.'),
      copyable(t.token, 'Copy the new token', { id: 'new-token' }),
      h('button', { type: 'button', class: 'link', onclick: () => created.replaceChildren() }, 'Done, hide it')));
    form.reset();
    employee.disabled = true;
    await showTokens(listArea, error);
  });
  const section = h('section', { class: 'card', id: 'tokens', 'aria-labelledby': 'tokens-h' },
    h('h2', { id: 'tokens-h' }, 'API tokens'),
    h('p', { class: 'muted' }, 'Everyone signs in to this dashboard (and calls the API) with a token. Only its hash is stored.'),
    h('p', { class: 'muted', id: 't-role-help' }, 'Roles: a manager sees all meetings and runs imports; an employee sees only the '
      + 'meetings one employee hosts; an auditor reads everything; an admin also manages tokens and the setup.'),
    form, error, created, listArea);
  showTokens(listArea, error).catch(() => { /* the user moved on */ });
  return section;
}

function tokenState(t) {
  if (t.revokedAt) return h('span', { class: 'badge failed' }, 'revoked ' + when(t.revokedAt));
  if (!t.active) return h('span', { class: 'badge muted-badge' }, 'expired');
  return h('span', { class: 'badge good' }, 'active');
}

async function showTokens(area, error) {
  const result = await api('/api/v1/tokens');
  if (result.status !== 200) {
    fill(area, h('p', { class: 'error' }, errorText(result)));
    return;
  }
  const mine = me() && me().tokenId;
  const rows = result.json.items.slice().reverse().map(t => h('tr', { 'data-token-id': t.id, 'data-active': String(t.active) },
    h('td', { 'data-label': 'Token' }, '#' + t.id, t.id === mine ? h('span', { class: 'sub' }, 'yours') : null),
    h('td', { 'data-label': 'Role' }, t.role + (t.employeeId ? ' (employee ' + t.employeeId + ')' : '')),
    h('td', { 'data-label': 'Label', class: 'long-text' }, t.label || '—'),
    h('td', { 'data-label': 'Made by' }, t.origin === 'environment' ? 'CALENDLY_ADMIN_TOKEN' : t.origin === 'command' ? 'CreateToken command'
      : t.createdBy ? 'token #' + t.createdBy : t.origin),
    h('td', { 'data-label': 'Created' }, when(t.createdAt)),
    h('td', { 'data-label': 'Expires' }, t.expiresAt ? when(t.expiresAt) : 'never'),
    h('td', { 'data-label': 'State' }, tokenState(t)),
    h('td', { 'data-label': 'Action' }, t.active
      ? h('button', { type: 'button', class: 'secondary danger', onclick: () => revokeToken(t, area, error) }, 'Revoke #' + t.id) : '—')));
  fill(area, h('div', { class: 'table-wrap' }, h('table', { class: 'cards', id: 'token-list' },
    h('caption', { class: 'muted' }, result.json.items.length + ' tokens, newest first'),
    h('thead', {}, h('tr', {}, ['Token', 'Role', 'Label', 'Made by', 'Created', 'Expires', 'State', 'Action'].map(x => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows))));
}

async function revokeToken(t, area, error) {
  const yours = me() && me().tokenId === t.id;
  const question = `Revoke token #${t.id} (${t.role}${t.label ? ', ' + t.label : ''})? It stops working at once.`
    + (yours ? ' It is the token you are signed in with: you will be signed out.' : '');
  if (!window.confirm(question)) return;
  error.textContent = '';
  const result = await api('/api/v1/tokens/' + t.id, { method: 'DELETE' });
  if (result.status !== 200) {
    error.textContent = errorText(result);
    return;
  }
  toast(`Token #${t.id} revoked.`);
  await showTokens(area, error);
}
