// The import page's jobs: the latest imports and reconciliation runs with their live counts
// (GET /api/v1/calendly/imports) and the progress of the one being followed
// (GET /api/v1/calendly/import/{jobId}). Polled every second while any of them runs; once a job
// has ended its bar stands still and a failed job says why.
'use strict';

const JOB_BADGE = { queued: 'active', running: 'active', completed: 'good', failed: 'failed' };

function jobIsLive(job) {
  return job.status === 'queued' || job.status === 'running';
}

// Determinate whenever the server can tell how far the job is (its position in the date range);
// without a value a <progress> animates, so an ended job always gets one.
function jobBar(job, attrs) {
  const bar = h('progress', Object.assign({ max: '100', class: 'job-bar ' + job.status, 'data-status': job.status,
    'data-events-seen': job.eventsSeen, 'data-invitees-imported': job.inviteesImported }, attrs));
  if (typeof job.progress === 'number') bar.value = job.progress;
  else if (!jobIsLive(job)) bar.value = 0;
  return bar;
}

function jobPercent(job) {
  if (typeof job.progress === 'number') return job.progress + '% of the date range';
  return jobIsLive(job) ? 'position not known yet' : '';
}

function jobRange(job) {
  const day = (text) => (text || '?').slice(0, 10);
  return day(job.startDate) + ' – ' + day(job.endDate);
}

function jobKind(job) {
  return job.kind === 'reconciliation' ? 'Reconciliation' : 'Import';
}

function jobFailure(job, id) {
  return job.status === 'failed'
    ? h('p', { class: 'error', role: 'alert', id }, 'The ' + jobKind(job).toLowerCase() + ' failed: ' + (job.error || 'no reason was recorded'))
    : null;
}

function renderFollowed(area, job) {
  fill(area, h('h2', { id: 'prog-h' }, 'Progress'),
    jobBar(job, { id: 'import-progress', 'aria-labelledby': 'prog-h', 'aria-describedby': 'import-status' }),
    h('p', { id: 'import-status' }, h('span', { class: 'badge ' + JOB_BADGE[job.status] }, job.status), ' ', jobPercent(job)),
    jobFailure(job, 'import-failure'),
    h('dl', { class: 'facts', id: 'import-counts' },
      fact('Range', jobRange(job)), fact('Events seen', job.eventsSeen), fact('Invitees imported', job.inviteesImported),
      fact('Created', job.created), fact('Updated', job.updated), fact('Unchanged', job.unchanged), fact('Failed', job.failed),
      fact('API requests', job.apiRequests), fact('Pages', job.pages), fact('Started', when(job.startedAt)), fact('Finished', when(job.finishedAt)),
      job.error ? fact('Error', job.error) : null));
}

function renderJobList(area, jobs, followedId) {
  const heading = h('h2', { id: 'jobs-h' }, 'Imports and reconciliation runs');
  if (jobs.length === 0) {
    fill(area, heading, h('p', { class: 'muted', id: 'no-import-jobs' }, 'No import or reconciliation has run yet.'));
    return;
  }
  const rows = jobs.map(job => h('tr', { 'data-job-id': job.jobId, 'data-status': job.status,
    'aria-current': job.jobId === followedId ? 'true' : null },
    h('td', { 'data-label': 'Job' }, jobKind(job), h('span', { class: 'sub' }, 'started ' + when(job.startedAt))),
    h('td', { 'data-label': 'Range' }, jobRange(job)),
    h('td', { 'data-label': 'Status', class: 'job-status' }, h('span', { class: 'badge ' + JOB_BADGE[job.status] }, job.status),
      jobBar(job, { 'aria-label': jobKind(job) + ' ' + jobRange(job) + ' progress' }),
      h('span', { class: 'sub' }, jobPercent(job)), jobFailure(job, null)),
    h('td', { 'data-label': 'Events', class: 'num' }, job.eventsSeen),
    h('td', { 'data-label': 'Invitees', class: 'job-invitees' }, String(job.inviteesImported),
      h('span', { class: 'sub' }, `${job.created} created, ${job.updated} updated, ${job.unchanged} unchanged, ${job.failed} failed`)),
    h('td', { 'data-label': 'Finished' }, when(job.finishedAt)),
    h('td', { 'data-label': 'Details' }, job.jobId === followedId ? h('span', { class: 'muted' }, 'shown above')
      : h('a', { href: '#/import?' + new URLSearchParams({ job: job.jobId }) }, 'Follow'))));
  fill(area, heading, h('div', { class: 'table-wrap' }, h('table', { class: 'cards', id: 'import-jobs' },
    h('caption', { class: 'muted' }, 'The 20 latest jobs, newest first'),
    h('thead', {}, h('tr', {}, ['Job', 'Range', 'Status', 'Events', 'Invitees', 'Finished', 'Details'].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows))));
}

// The followed job is asked first and the list second: a job only moves forward, so the list is
// never older than the progress shown above it.
async function followImports(followedId, progressArea, jobsArea) {
  if (pollTimer) clearTimeout(pollTimer);
  let live = false;
  if (followedId) {
    const result = await api('/api/v1/calendly/import/' + encodeURIComponent(followedId));
    if (!document.body.contains(progressArea)) return;
    if (result.status === 200) {
      renderFollowed(progressArea, result.json);
      live = jobIsLive(result.json);
    } else {
      fill(progressArea, h('h2', { id: 'prog-h' }, 'Progress'), h('p', { class: 'error', role: 'alert' }, errorText(result)));
    }
  }
  const list = await api('/api/v1/calendly/imports');
  if (!document.body.contains(jobsArea)) return;
  if (list.status === 200) {
    renderJobList(jobsArea, list.json.items, followedId);
    live = live || list.json.items.some(jobIsLive);
  } else {
    fill(jobsArea, h('h2', { id: 'jobs-h' }, 'Imports and reconciliation runs'), h('p', { class: 'error' }, errorText(list)));
  }
  if (live) {
    pollTimer = setTimeout(() => followImports(followedId, progressArea, jobsArea).catch(() => { /* the user moved on */ }), 1000);
  }
}
