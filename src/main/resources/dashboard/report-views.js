// The reports' views (used by the dashboard and by embeddable widgets): charts drawn with ECharts (bundled in the jar, served as /assets/echarts-5.3.1.js).
// Every chart comes with its numbers as a table right below it, so keyboard and screen-reader
// users (and anyone who wants the exact figures) read the same data. No HTML tooltips: ECharts
// draws them inside the canvas, which keeps the Content-Security-Policy (default-src 'self') intact.
'use strict';

const OUTCOME_COLORS = { completed: '#1b7f3b', upcoming: '#0b5cd5', noShows: '#c77700', canceled: '#b3261e', rescheduled: '#6b4fb5' };
const OUTCOME_LABELS = { completed: 'Completed', upcoming: 'Upcoming', noShows: 'No-shows', canceled: 'Canceled', rescheduled: 'Rescheduled' };

function chartsAvailable() { return typeof echarts !== 'undefined'; }

// A figure: the chart (an image to assistive technology, described by its caption) and the table.
function chartFigure(id, caption, option, table) {
  const canvas = h('div', { class: 'chart', id: id + '-chart', role: 'img', 'aria-label': caption + ' (the table below has the numbers)' });
  const figure = h('figure', { class: 'chart-figure', id }, h('figcaption', {}, caption), canvas, table);
  if (chartsAvailable()) {
    // drawn once the figure is in the page and has a size
    requestAnimationFrame(() => {
      if (!canvas.isConnected) return;
      const chart = echarts.getInstanceByDom(canvas) || echarts.init(canvas);
      chart.setOption(Object.assign({ animation: false, tooltip: { renderMode: 'richText', trigger: 'axis' } }, option), true);
      new ResizeObserver(() => chart.resize()).observe(canvas);
    });
  }
  return figure;
}

// A table: columns [{label, key, format?}] and rows of objects.
function numbersTable(id, columns, rows) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'numbers', id: id + '-table' },
    h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col' }, c.label)))),
    h('tbody', {}, rows.map(r => h('tr', {}, columns.map((c, i) =>
      i === 0 ? h('th', { scope: 'row' }, show(r, c)) : h('td', { class: c.numeric === false ? '' : 'num' }, show(r, c))))))));
}

function show(row, column) {
  const v = typeof column.key === 'function' ? column.key(row) : row[column.key];
  if (v === null || v === undefined) return '—';
  return column.format ? column.format(v) : String(v);
}

function hoursText(v) { return Number(v).toFixed(2); }
function percent(v) { return v === null || v === undefined ? '—' : (Number(v) * 100).toFixed(1) + ' %'; }
function signed(v) { return v === null || v === undefined ? '—' : (Number(v) > 0 ? '+' : '') + v; }

// "2026-03-29T00:00:00+01:00" as the day, week or month it starts (its own local date, no conversion)
function bucketLabel(start, interval) {
  const date = start.slice(0, 10);
  if (interval === 'month') return date.slice(0, 7);
  if (interval === 'week') return 'week of ' + date;
  return date;
}

function stackedVolume(buckets, interval) {
  const keys = ['completed', 'upcoming', 'noShows', 'canceled', 'rescheduled'];
  return {
    legend: { top: 0 },
    grid: { left: 40, right: 10, top: 30, bottom: 40 },
    xAxis: { type: 'category', data: buckets.map(b => bucketLabel(b.start, interval)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: keys.map(k => ({ name: OUTCOME_LABELS[k], type: 'bar', stack: 'outcome', color: OUTCOME_COLORS[k],
      data: buckets.map(b => b[k]) })),
  };
}

function volumeTable(id, buckets, interval) {
  return numbersTable(id, [
    { label: 'Period', key: b => bucketLabel(b.start, interval) },
    { label: 'Booked', key: 'booked' },
    { label: 'Completed', key: 'completed' },
    { label: 'Upcoming', key: 'upcoming' },
    { label: 'No-shows', key: 'noShows' },
    { label: 'Canceled', key: 'canceled' },
    { label: 'Rescheduled', key: 'rescheduled' }], buckets);
}

function barOption(labels, series, horizontal) {
  const category = { type: 'category', data: labels };
  const value = { type: 'value' };
  return {
    legend: series.length > 1 ? { top: 0 } : undefined,
    grid: { left: horizontal ? 140 : 40, right: 16, top: series.length > 1 ? 30 : 10, bottom: 30 },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? Object.assign({ inverse: true }, category) : value,
    series: series.map(s => Object.assign({ type: 'bar' }, s)),
  };
}

function heatmapOption(cells) {
  const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const max = Math.max(1, ...cells.map(c => c.booked));
  return {
    tooltip: { renderMode: 'richText', position: 'top' },
    grid: { left: 50, right: 10, top: 10, bottom: 70 },
    xAxis: { type: 'category', data: Array.from({ length: 24 }, (_, i) => String(i).padStart(2, '0')), splitArea: { show: true } },
    yAxis: { type: 'category', data: days, inverse: true, splitArea: { show: true } },
    visualMap: { min: 0, max, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: ['#eef3fb', '#0b5cd5'] } },
    series: [{ name: 'Bookings', type: 'heatmap', data: cells.map(c => [c.hour, c.weekday - 1, c.booked]) }],
  };
}

const METRIC_LABELS = {
  booked: 'Booked', completed: 'Completed', upcoming: 'Upcoming', noShows: 'No-shows', canceled: 'Canceled',
  canceledByHost: 'Canceled by host', canceledByInvitee: 'Canceled by invitee', rescheduled: 'Rescheduled',
  cancellationRate: 'Cancellation rate', rescheduleRate: 'Reschedule rate', noShowRate: 'No-show rate',
  leadTimeHoursMedian: 'Median lead time (hours)', hoursBooked: 'Hours booked', customers: 'Customers',
};
const RATES = ['cancellationRate', 'rescheduleRate', 'noShowRate'];
// the metrics where a rise is bad news (shown in red)
const WORSE_WHEN_UP = ['canceled', 'canceledByHost', 'canceledByInvitee', 'noShows', 'rescheduled', 'cancellationRate', 'rescheduleRate', 'noShowRate'];

function browserZone() {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && zone.includes('/') ? zone : 'UTC';
}

// today's date in a time zone, as YYYY-MM-DD
function today(zone) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date());
  const get = t => parts.find(p => p.type === t).value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

function addDays(date, days) {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function presetRange(preset, zone) {
  const t = today(zone);
  if (preset === 'quarter') {
    const month = Number(t.slice(5, 7));
    const first = String(month - ((month - 1) % 3)).padStart(2, '0');
    const start = t.slice(0, 4) + '-' + first + '-01';
    const end = new Date(start + 'T00:00:00Z');
    end.setUTCMonth(end.getUTCMonth() + 3);
    return { from: start, to: end.toISOString().slice(0, 10) };
  }
  const days = Number(preset);
  return { from: addDays(t, 1 - days), to: addDays(t, 1) };
}

function metricValue(name, v) {
  if (v === null || v === undefined) return '—';
  return RATES.includes(name) ? percent(v) : String(v);
}

function changeText(m) {
  if (m.change === null || m.change === undefined) return 'no earlier figure';
  const points = RATES.includes(m.name);
  const delta = points ? signed((Number(m.change) * 100).toFixed(1)) + ' pts' : signed(m.change);
  const pct = m.changePercent === null || m.changePercent === undefined ? '' : ` (${signed(m.changePercent)} %)`;
  return delta + pct + ' vs previous period';
}

function metricCard(m) {
  const up = Number(m.change) > 0;
  const tone = !m.change || Number(m.change) === 0 ? '' : (up === WORSE_WHEN_UP.includes(m.name) ? 'worse' : 'better');
  return h('div', { class: 'metric', id: 'metric-' + m.name },
    h('span', { class: 'metric-label' }, METRIC_LABELS[m.name] || m.name),
    h('span', { class: 'metric-value' }, metricValue(m.name, m.current)),
    h('span', { class: 'metric-change ' + tone }, changeText(m)));
}

function summaryTable(id, metrics) {
  return numbersTable(id, [
    { label: 'Metric', key: m => METRIC_LABELS[m.name] || m.name },
    { label: 'This period', key: m => metricValue(m.name, m.current) },
    { label: 'Previous period', key: m => metricValue(m.name, m.previous) },
    { label: 'Change', key: m => RATES.includes(m.name) && m.change !== null ? signed((Number(m.change) * 100).toFixed(1)) + ' pts' : signed(m.change) },
    { label: 'Change %', key: m => m.changePercent === null ? null : signed(m.changePercent) + ' %' }], metrics);
}

// ---------- the report views: chart(s) and table for one report's JSON ----------

const REPORT_VIEWS = {
  summary(r) {
    const counts = r.metrics.filter(m => ['booked', 'completed', 'upcoming', 'noShows', 'canceled', 'rescheduled'].includes(m.name));
    return [h('div', { class: 'metrics' }, r.metrics.filter(m => ['booked', 'completed', 'noShowRate', 'cancellationRate', 'leadTimeHoursMedian', 'hoursBooked'].includes(m.name)).map(metricCard)),
      chartFigure('summary', 'This period against the previous one', barOption(counts.map(m => METRIC_LABELS[m.name]),
        [{ name: 'This period', data: counts.map(m => m.current), color: '#0b5cd5' }, { name: 'Previous period', data: counts.map(m => m.previous), color: '#a9b0bd' }]),
      summaryTable('summary', r.metrics))];
  },
  volume(r) {
    const figures = [chartFigure('volume', 'Bookings per ' + r.interval + ' by outcome', stackedVolume(r.buckets, r.interval), volumeTable('volume', r.buckets, r.interval))];
    if (r.series) {
      const labels = r.buckets.map(b => bucketLabel(b.start, r.interval));
      figures.push(chartFigure('volume-series', 'Bookings per ' + r.interval + ' by ' + r.by, {
        legend: { top: 0, type: 'scroll' }, grid: { left: 40, right: 10, top: 30, bottom: 40 },
        xAxis: { type: 'category', data: labels }, yAxis: { type: 'value', minInterval: 1 },
        series: r.series.slice(0, 12).map(s => ({ name: s.label, type: 'line', data: s.buckets.map(b => b.booked) })),
      }, numbersTable('volume-series', [{ label: 'Series', key: 'label' }, { label: 'Booked', key: s => s.buckets.reduce((a, b) => a + b.booked, 0) },
        { label: 'Completed', key: s => s.buckets.reduce((a, b) => a + b.completed, 0) },
        { label: 'Canceled', key: s => s.buckets.reduce((a, b) => a + b.canceled, 0) },
        { label: 'No-shows', key: s => s.buckets.reduce((a, b) => a + b.noShows, 0) }], r.series)));
    }
    return figures;
  },
  engagement(r) {
    const t = r.totals;
    const top = r.customers.slice(0, 15);
    return [h('div', { class: 'metrics' },
      [['Customers booked', t.customers], ['Customers met', t.customersMet], ['Repeat customers', t.repeatCustomers], ['Repeat rate', percent(t.repeatRate)]]
        .map(([label, value]) => h('div', { class: 'metric' }, h('span', { class: 'metric-label' }, label), h('span', { class: 'metric-value' }, String(value))))),
    chartFigure('engagement', 'Customers with the most bookings', barOption(top.map(c => c.name || c.email),
      [{ name: 'Completed', stack: 'c', data: top.map(c => c.completed), color: OUTCOME_COLORS.completed },
        { name: 'Upcoming', stack: 'c', data: top.map(c => c.upcoming), color: OUTCOME_COLORS.upcoming },
        { name: 'No-shows', stack: 'c', data: top.map(c => c.noShows), color: OUTCOME_COLORS.noShows },
        { name: 'Canceled', stack: 'c', data: top.map(c => c.canceled), color: OUTCOME_COLORS.canceled },
        { name: 'Rescheduled', stack: 'c', data: top.map(c => c.rescheduled), color: OUTCOME_COLORS.rescheduled }], true),
    numbersTable('engagement', [{ label: 'Customer', key: c => c.name || c.email, numeric: false }, { label: 'Bookings', key: 'meetings' },
      { label: 'Completed', key: 'completed' }, { label: 'No-shows', key: 'noShows' }, { label: 'Canceled', key: 'canceled' },
      { label: 'First', key: c => c.firstMeeting && c.firstMeeting.slice(0, 10) }, { label: 'Last', key: c => c.lastMeeting && c.lastMeeting.slice(0, 10) },
      { label: 'Next', key: c => c.nextMeeting && c.nextMeeting.slice(0, 16).replace('T', ' ') }], r.customers))];
  },
  utilization(r) {
    const top = r.employees.slice(0, 20);
    return [h('p', { class: 'muted' }, `Capacity: ${r.capacity.weeklyHours} hours a week × ${r.capacity.weeks} weeks = ${r.capacity.hours} hours per employee.`),
      chartFigure('utilization', 'Utilization per employee (hours booked / capacity)', barOption(top.map(e => e.name || e.email),
        [{ name: 'Utilization %', data: top.map(e => e.utilization === null ? 0 : Math.round(e.utilization * 1000) / 10), color: '#0b5cd5' }], true),
      numbersTable('utilization', [{ label: 'Employee', key: e => e.name || e.email, numeric: false }, { label: 'Bookings', key: 'meetings' },
        { label: 'Completed', key: 'completed' }, { label: 'Hours booked', key: 'hoursBooked', format: hoursText }, { label: 'Utilization', key: 'utilization', format: percent }], r.employees))];
  },
  conversion(r) {
    return [h('div', { class: 'metrics' },
      [['Prospects', r.prospects], ['Became customers', r.converted], ['Conversion rate', percent(r.rate)], ['Within', r.days + ' days']]
        .map(([label, value]) => h('div', { class: 'metric' }, h('span', { class: 'metric-label' }, label), h('span', { class: 'metric-value', id: 'conversion-' + label.split(' ')[0].toLowerCase() }, String(value))))),
    chartFigure('conversion', 'Prospects and conversions per ' + r.interval, barOption(r.buckets.map(b => bucketLabel(b.start, r.interval)),
      [{ name: 'Prospects', data: r.buckets.map(b => b.prospects), color: '#a9b0bd' }, { name: 'Became customers', data: r.buckets.map(b => b.converted), color: '#1b7f3b' }]),
    numbersTable('conversion', [{ label: 'Period', key: b => bucketLabel(b.start, r.interval) }, { label: 'Prospects', key: 'prospects' },
      { label: 'Became customers', key: 'converted' }, { label: 'Rate', key: 'rate', format: percent }], r.buckets))];
  },
  'popular-times'(r) {
    const hours = Array.from({ length: 24 }, (_, i) => i);
    const rows = r.byWeekday.map(d => Object.assign({ name: d.weekdayName, total: d.booked }, ...hours.map(hh => ({ ['h' + hh]: r.cells[(d.weekday - 1) * 24 + hh].booked }))));
    return [chartFigure('popular-times', 'Bookings by weekday and hour', heatmapOption(r.cells),
      numbersTable('popular-times', [{ label: 'Weekday', key: 'name' }, { label: 'Total', key: 'total' }].concat(hours.map(hh => ({ label: String(hh).padStart(2, '0'), key: 'h' + hh }))), rows))];
  },
};

