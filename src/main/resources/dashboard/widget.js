// An embeddable widget (/widgets/<signed id>): one report, read-only, from /widgets/<signed id>/data.
// No API token here: the signed id is the permission, and the server refuses it once expired or
// altered. Refreshes every minute. Draws with the same views as the dashboard (report-views.js).
'use strict';

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

const WIDGET_TITLES = { summary: 'Headline numbers', volume: 'Meetings over time', engagement: 'Customer engagement',
  utilization: 'Employee utilization', conversion: 'Meeting-to-customer conversion', 'popular-times': 'Popular times' };

async function showWidget() {
  const main = document.getElementById('main');
  const response = await fetch(location.pathname.replace(/\/$/, '') + '/data');
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    main.replaceChildren(h('p', { class: 'error', role: 'alert', id: 'widget-error' }, body.message || 'This widget cannot be shown.'));
    return;
  }
  const p = body.parameters;
  main.replaceChildren(h('h1', { class: 'widget-title' }, WIDGET_TITLES[body.report] || body.report),
    h('p', { class: 'range muted' }, `${p.from.slice(0, 10)} to ${p.to.slice(0, 10)} (not included), times in ${p.tz}`),
    h('div', { class: 'report', id: 'report-' + body.report }, REPORT_VIEWS[body.report](body)));
  setTimeout(showWidget, 60000);
}

document.addEventListener('DOMContentLoaded', showWidget);
