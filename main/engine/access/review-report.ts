import type { Review, ReviewItem } from '../../model/access'

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

function escapeHtml(value: string | null | undefined): string {
  return (value ?? '').replace(/[&<>"']/g, character => ESCAPES[character] ?? character)
}

/**
 * The printable report of a review: reviewer, dates, counts and every decision, as one HTML page
 * with its own styles and no script or remote resource (the app prints it to PDF; the CLI
 * writes it as it is, for any browser to print).
 */
export function reviewReportHtml(
  review: Review,
  items: ReadonlyArray<ReviewItem>,
  generatedAt: string
): string {
  const counts = review.counts
  const rows = items
    .map(
      item =>
        `<tr class="${escapeHtml(item.decision ?? 'undecided')}"><td>${escapeHtml(item.jobId)}</td>` +
        `<td>${escapeHtml(item.display)}</td><td>${escapeHtml(item.userName)}</td>` +
        `<td>${escapeHtml(item.targetId)}</td><td>${item.sourceId === null ? 'unmanaged' : escapeHtml(item.sourceId)}</td>` +
        `<td>${escapeHtml(item.state)}</td><td>${escapeHtml(item.decision ?? 'undecided')}</td>` +
        `<td>${escapeHtml(item.comment)}</td><td>${escapeHtml(item.decidedAt)}</td></tr>`
    )
    .join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(review.name)}</title>
<style>
body{font:12px/1.4 system-ui,sans-serif;margin:24px;color:#111}
h1{font-size:18px;margin:0 0 8px}
dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px;margin:0 0 12px}
dt{font-weight:600}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #bbb;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#eee}
tr.remove td{background:#fde7e9}
tr.investigate td{background:#fff4ce}
@media print{body{margin:0}thead{display:table-header-group}tr{page-break-inside:avoid}}
</style></head><body>
<h1>${escapeHtml(review.name)}</h1>
<p>Access review report</p>
<dl>
<dt>Review</dt><dd>${escapeHtml(review.id)} (${escapeHtml(review.status)})</dd>
<dt>Reviewer</dt><dd>${escapeHtml(review.reviewer)}</dd>
<dt>Apps (jobs)</dt><dd>${escapeHtml(review.jobIds.join(', '))}</dd>
<dt>Started</dt><dd>${escapeHtml(review.createdAt)}</dd>
<dt>Closed</dt><dd>${escapeHtml(review.closedAt ?? 'not yet')}</dd>
<dt>Report made</dt><dd>${escapeHtml(generatedAt)}</dd>
<dt>Decisions</dt><dd>${counts.total} accounts: ${counts.keep} keep, ${counts.remove} remove, ${counts.investigate} investigate, ${counts.undecided} undecided</dd>
</dl>
<table><thead><tr><th>Job</th><th>Name</th><th>userName</th><th>Account id</th><th>Source id</th><th>State</th><th>Decision</th><th>Comment</th><th>Decided</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`
}
