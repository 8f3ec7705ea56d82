// Reports (#/reports/<report>) and the home page of widgets (#/home). Loaded after app.js and
// charts.js; uses their globals (h, api, page, hasRole, chartFigure...). Every number comes from
// /api/v1/reports/..., with the same filters and role scoping as any other client.
'use strict';

const REPORT_FILTERS = ['from', 'to', 'tz', 'dateBy', 'eventType', 'employeeId', 'customerId', 'projectId', 'source'];
const REPORT_PAGES = {
  volume: { title: 'Meetings over time', own: ['interval', 'by'] },
  summary: { title: 'Headline numbers', own: [] },
  engagement: { title: 'Customer engagement', own: [] },
  utilization: { title: 'Employee utilization', own: [] },
  conversion: { title: 'Meeting-to-customer conversion', own: ['days', 'interval'] },
  'popular-times': { title: 'Popular times', own: [] },
};
const TIME_ZONES = ['UTC', 'Europe/London', 'Europe/Berlin', 'Europe/Paris', 'America/New_York', 'America/Chicago',
  'America/Los_Angeles', 'Asia/Kolkata', 'Asia/Tokyo', 'Australia/Sydney'];
// ---------- the Reports page ----------

function reportQuery(query, report) {
  const p = new URLSearchParams(query || '');
  const out = new URLSearchParams();
  for (const k of REPORT_FILTERS.concat(REPORT_PAGES[report].own)) if (p.get(k)) out.set(k, p.get(k));
  if (!out.get('tz')) out.set('tz', browserZone());
  return out;
}

function reportForm(report, q) {
  const field = (name, label, input) => h('div', {}, h('label', { for: 'r-' + name }, label), input);
  const text = (name, type) => h('input', { id: 'r-' + name, name, type: type || 'text', value: q.get(name) || '' });
  const select = (name, options, value) => h('select', { id: 'r-' + name, name },
    options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
  const zones = TIME_ZONES.includes(q.get('tz')) ? TIME_ZONES : TIME_ZONES.concat([q.get('tz')]);
  const fields = [
    field('from', 'From (start of day)', text('from', 'date')),
    field('to', 'To (not included)', text('to', 'date')),
    field('tz', 'Time zone', select('tz', zones.map(z => [z, z]), q.get('tz'))),
    field('dateBy', 'Date meetings by', select('dateBy', [['start', 'meeting start'], ['booked', 'booking time']], q.get('dateBy') || 'start')),
    field('eventType', 'Event type (name or URI)', text('eventType')),
    field('employeeId', 'Employee id', text('employeeId', 'number')),
    field('customerId', 'Customer id', text('customerId', 'number')),
    field('projectId', 'Project id', text('projectId', 'number')),
    field('source', 'Source', text('source')),
  ];
  if (REPORT_PAGES[report].own.includes('interval')) {
    fields.push(field('interval', 'Interval', select('interval', [['day', 'day'], ['week', 'week'], ['month', 'month']], q.get('interval') || (report === 'conversion' ? 'month' : 'day'))));
  }
  if (report === 'volume') fields.push(field('by', 'Split by', select('by', [['none', 'nothing'], ['eventType', 'event type'], ['employee', 'employee'], ['status', 'outcome']], q.get('by') || 'none')));
  if (report === 'conversion') fields.push(field('days', 'Converted within (days)', text('days', 'number')));
  const form = h('form', { class: 'filters card', id: 'report-filters', role: 'search', 'aria-label': 'Report filters' }, fields,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const out = new URLSearchParams();
    for (const el of form.elements) if (el.name && el.value && !(el.name === 'by' && el.value === 'none') && !(el.name === 'dateBy' && el.value === 'start')) out.set(el.name, el.value);
    location.hash = '#/reports/' + report + '?' + out;
  });
  const presets = h('div', { class: 'actions presets', role: 'group', 'aria-label': 'Date presets' },
    [['7', 'Last 7 days'], ['30', 'Last 30 days'], ['90', 'Last 90 days'], ['quarter', 'This quarter']].map(([p, label]) =>
      h('button', { type: 'button', class: 'secondary', 'data-preset': p, onclick: () => {
        const range = presetRange(p, q.get('tz'));
        const next = new URLSearchParams(q);
        next.set('from', range.from);
        next.set('to', range.to);
        location.hash = '#/reports/' + report + '?' + next;
      } }, label)));
  return [form, presets];
}

async function downloadReport(report, q, format) {
  const p = new URLSearchParams(q);
  p.set('format', format);
  const result = await fetch('/api/v1/reports/' + report + '?' + p, { headers: { Authorization: 'Bearer ' + token() } });
  if (!result.ok) {
    const body = await result.json().catch(() => ({}));
    return toast('Download failed: ' + (body.message || result.status));
  }
  const blob = await result.blob();
  const name = (result.headers.get('Content-Disposition') || '').replace(/.*filename="([^"]+)".*/, '$1') || report + '.' + format;
  const link = h('a', { href: URL.createObjectURL(blob), download: name });
  document.body.append(link);
  link.click();
  link.remove();
}

async function createWidget(report, q) {
  const parameters = {};
  for (const [k, v] of q) parameters[k] = v;
  const result = await api('/api/v1/widgets', { method: 'POST', body: { report, parameters, expiresInDays: 30 } });
  if (result.status !== 201) return toast('Widget not made: ' + errorText(result));
  const out = document.getElementById('widget-url');
  out.replaceChildren(h('p', {}, 'Embed it with an iframe (valid until ' + when(result.json.expiresAt) + '):'),
    h('code', { id: 'widget-code' }, `<iframe src="${result.json.url}" width="640" height="420" title="${REPORT_PAGES[report].title}"></iframe>`));
}

async function reportsPage(rest, query) {
  const report = REPORT_PAGES[rest[0]] ? rest[0] : 'volume';
  const q = reportQuery(query, report);
  const tabs = h('nav', { class: 'tabs', 'aria-label': 'Reports' }, Object.entries(REPORT_PAGES).map(([id, r]) =>
    h('a', { href: '#/reports/' + id + '?' + reportQuery(query, id), 'aria-current': id === report ? 'page' : null }, r.title)));
  const result = await api('/api/v1/reports/' + report + '?' + q);
  const [form, presets] = reportForm(report, q);
  const downloads = h('div', { class: 'actions' },
    h('button', { type: 'button', class: 'secondary', id: 'download-csv', onclick: () => downloadReport(report, q, 'csv') }, 'Download CSV'),
    h('button', { type: 'button', class: 'secondary', id: 'download-xlsx', onclick: () => downloadReport(report, q, 'xlsx') }, 'Download Excel'),
    hasRole('admin') ? h('button', { type: 'button', class: 'secondary', id: 'make-widget', onclick: () => createWidget(report, q) }, 'Embeddable widget') : null);
  if (result.status !== 200) return page('Reports', tabs, form, presets, h('p', { class: 'error', role: 'alert', id: 'report-error' }, errorText(result)));
  const r = result.json;
  const range = h('p', { class: 'range', id: 'report-range' }, `${r.parameters.from.slice(0, 16).replace('T', ' ')} to ${r.parameters.to.slice(0, 16).replace('T', ' ')} `,
    h('strong', {}, 'times in ' + r.parameters.tz), `, dated by ${r.parameters.dateBy === 'booked' ? 'booking time' : 'meeting start'}`,
    me() && me().role === 'employee' ? ' · only the meetings you host' : '');
  page('Reports: ' + REPORT_PAGES[report].title, tabs, form, presets, range, downloads, h('div', { id: 'widget-url', 'aria-live': 'polite' }),
    h('section', { class: 'card report', id: 'report-' + report }, REPORT_VIEWS[report](r)));
}

// ---------- the home page: widgets that follow new webhooks by themselves ----------

const HOME_METRICS = ['booked', 'completed', 'upcoming', 'noShowRate', 'cancellationRate', 'leadTimeHoursMedian'];
const LIVE_POLL_MS = 1000;

async function homeWidgets(zone) {
  const range = presetRange('30', zone);
  const q = new URLSearchParams({ from: range.from, to: range.to, tz: zone });
  const [summary, volume, engagement, utilization, upcoming] = await Promise.all([
    api('/api/v1/reports/summary?' + q), api('/api/v1/reports/volume?interval=day&' + q),
    api('/api/v1/reports/engagement?limit=5&' + q), api('/api/v1/reports/utilization?' + q),
    api('/api/v1/meetings?status=active&sort=startTime&limit=5&from=' + encodeURIComponent(new Date().toISOString()))]);
  const failed = [summary, volume, engagement, utilization, upcoming].find(r => r.status !== 200);
  if (failed) return { error: errorText(failed) };
  const s = summary.json;
  const rates = s.metrics.filter(m => ['noShowRate', 'cancellationRate', 'rescheduleRate'].includes(m.name));
  return {
    range: s.parameters,
    sections: {
      headline: [h('div', { class: 'metrics' }, s.metrics.filter(m => HOME_METRICS.includes(m.name)).map(metricCard))],
      volume: [chartFigure('home-volume', 'Bookings per day by outcome', stackedVolume(volume.json.buckets, 'day'), volumeTable('home-volume', volume.json.buckets, 'day'))],
      rates: [chartFigure('home-rates', 'No-show and cancellation rates', barOption(rates.map(m => METRIC_LABELS[m.name]),
        [{ name: 'This period %', data: rates.map(m => m.current === null ? 0 : Math.round(m.current * 1000) / 10), color: '#b3261e' },
          { name: 'Previous period %', data: rates.map(m => m.previous === null ? 0 : Math.round(m.previous * 1000) / 10), color: '#a9b0bd' }]),
      summaryTable('home-rates', rates))],
      upcoming: upcoming.json.items.length === 0 ? [h('p', { class: 'muted', id: 'home-upcoming-none' }, 'No upcoming meetings.')]
        : [h('ol', { class: 'upcoming', id: 'home-upcoming' }, upcoming.json.items.map(m => h('li', {},
          h('a', { href: '#/meetings/' + m.id }, m.title), ' ', h('span', { class: 'muted' }, when(m.startTime)),
          m.customer ? ' · ' + (m.customer.name || m.customer.email) : '')))],
      customers: [numbersTable('home-customers', [{ label: 'Customer', key: c => c.name || c.email, numeric: false },
        { label: 'Bookings', key: 'meetings' }, { label: 'Completed', key: 'completed' }, { label: 'Next', key: c => c.nextMeeting && c.nextMeeting.slice(0, 16).replace('T', ' ') }],
      engagement.json.customers)],
      employees: [numbersTable('home-employees', [{ label: 'Employee', key: e => e.name || e.email, numeric: false },
        { label: 'Bookings', key: 'meetings' }, { label: 'Hours booked', key: 'hoursBooked', format: hoursText }, { label: 'Utilization', key: 'utilization', format: percent }],
      utilization.json.employees.slice(0, 5))],
    },
  };
}

const HOME_SECTIONS = [['headline', 'Last 30 days'], ['volume', 'Meetings over time'], ['rates', 'No-shows and cancellations'],
  ['upcoming', 'Upcoming meetings'], ['customers', 'Top customers'], ['employees', 'Busiest employees']];

async function homePage() {
  const seq = routeSeq;
  const zone = browserZone();
  const version = await api('/api/v1/reports/changes');
  const widgets = await homeWidgets(zone);
  if (widgets.error) return page('Home', h('p', { class: 'error', role: 'alert' }, widgets.error));
  const status = h('p', { class: 'muted live', id: 'home-live', 'aria-live': 'polite' },
    `Times in ${zone}. Updates by itself when meetings change.`);
  const sections = HOME_SECTIONS.map(([id, title]) => h('section', { class: 'card widget widget-' + id, id: 'home-' + id + '-widget', 'aria-labelledby': 'home-' + id + '-h' },
    h('h2', { id: 'home-' + id + '-h' }, title), h('div', { class: 'widget-body' }, widgets.sections[id])));
  page('Home', status, h('div', { class: 'widgets' }, sections),
    h('p', {}, h('a', { href: '#/reports/volume' }, 'All reports, filters and downloads')));
  let seen = version.status === 200 ? version.json.version : -1;
  let settle = false;
  // Short polling of a one-row endpoint: a change shows within a second, through any proxy, with
  // any number of app instances (the version lives in the database), and costs no long-lived
  // connection. The widgets are fetched again only when the version moved, and once more on the
  // next poll (the version is taken just before its transaction commits).
  const poll = async () => {
    if (seq !== routeSeq) return;
    try {
      const now = await api('/api/v1/reports/changes');
      const moved = now.status === 200 && now.json.version !== seen;
      if (moved || settle) {
        const fresh = await homeWidgets(zone);
        if (!fresh.error) {
          if (moved) seen = now.json.version;
          settle = moved;
          for (const [id] of HOME_SECTIONS) document.querySelector('#home-' + id + '-widget .widget-body').replaceChildren(...fresh.sections[id]);
          status.textContent = `Times in ${zone}. Updated ${new Date().toLocaleTimeString()}.`;
        }
      }
    } catch (e) {
      if (e.message === 'stale' || e.message === 'signed out') return;
    }
    if (seq === routeSeq) setTimeout(poll, LIVE_POLL_MS);
  };
  setTimeout(poll, LIVE_POLL_MS);
}

dashboardPages.home = async () => homePage();
dashboardPages.reports = async (rest, query) => reportsPage(rest, query);
