/**
 * The report as one accessible HTML page: no script, headings in order, tables with captions
 * and header scopes, severity said in words (never by colour alone), text and marks with
 * strong contrast (black on white; the words found on yellow, as GOV.UK marks them), and
 * print styles so it can be handed out at a meeting.
 */
import { SEVERITIES } from '../core/index.js';
import { describeCounts, type ReportFinding, type ReportModel, SEVERITY_LABELS } from './model.js';

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
body{font-family:Arial,Helvetica,sans-serif;font-size:1.1875rem;line-height:1.5;color:#0b0c0c;background:#fff;margin:0 auto;max-width:60rem;padding:1rem}
h1{font-size:2rem;line-height:1.2}h2{font-size:1.5rem;margin-top:2.5rem}h3{font-size:1.25rem;margin-top:2rem}
table{border-collapse:collapse;margin:1rem 0;width:100%}caption{text-align:left;font-weight:bold;padding:.5rem 0}
th,td{border-bottom:1px solid #505a5f;padding:.5rem;text-align:left;vertical-align:top}td.n,th.n{text-align:right}
mark{background:#ffdd00;color:#0b0c0c;padding:0 .1em}
blockquote{margin:.5rem 0;padding:.25rem 1rem;border-left:5px solid #505a5f}
.sev{font-weight:bold}.finding{margin-bottom:1.25rem}.note{border-left:5px solid #1d70b8;padding:.25rem 1rem}
a{color:#1d70b8}a:focus{outline:3px solid #ffdd00;background:#ffdd00;color:#0b0c0c}
@media print{a{color:#0b0c0c}h3{break-before:auto}.finding{break-inside:avoid}}
`;

function countsCells(counts: Record<string, number>): string {
  return SEVERITIES.map((severity) => `<td class="n">${counts[severity]}</td>`).join('');
}

function findingItem(finding: ReportFinding): string {
  const instead = finding.expected.length > 0 ? `<p>Say instead: ${finding.expected.map((e) => `“${escapeHtml(e)}”`).join(' or ')}</p>` : '<p>Say instead: reword the sentence.</p>';
  return `<li class="finding"><p><span class="sev">${SEVERITY_LABELS[finding.severity].label}</span>: ${escapeHtml(finding.where.text)}</p>
<blockquote><p>${escapeHtml(finding.sentence.before)}<mark>${escapeHtml(finding.sentence.actual)}</mark>${escapeHtml(finding.sentence.after)}</p></blockquote>
${instead}
<p>Why: ${escapeHtml(finding.reason)} <small>(${escapeHtml(finding.ruleId)})</small></p></li>`;
}

/**
 * The report's body (its sections start at `h2`), for the standalone page and for the web
 * check page, which puts it under its own `h1`.
 */
export function reportSections(model: ReportModel, idPrefix = 'doc'): string {
  const out: string[] = [];
  out.push('<h2 id="summary">Summary for the meeting</h2>');
  out.push(model.summary.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n'));

  out.push('<h2 id="counts">Counts</h2>');
  out.push(`<table><caption>Findings by how serious they are</caption>
<thead><tr><th scope="col">How serious</th><th scope="col">What it means</th><th scope="col" class="n">Findings</th><th scope="col" class="n">Documents</th></tr></thead>
<tbody>${SEVERITIES.map((severity) => `<tr><th scope="row">${SEVERITY_LABELS[severity].label}</th><td>${SEVERITY_LABELS[severity].meaning}</td><td class="n">${model.totals[severity]}</td><td class="n">${model.documentsWith[severity]}</td></tr>`).join('\n')}</tbody></table>`);
  if (model.rules.length > 0) {
    out.push(`<table><caption>Findings by rule, the most serious and most frequent first</caption>
<thead><tr><th scope="col">Words found</th><th scope="col">How serious</th><th scope="col">Say instead</th><th scope="col" class="n">Findings</th><th scope="col" class="n">Documents</th><th scope="col">Rule</th></tr></thead>
<tbody>${model.rules
      .map(
        (rule) =>
          `<tr><th scope="row">${rule.words.map((w) => `“${escapeHtml(w)}”`).join(', ')}</th><td>${SEVERITY_LABELS[rule.severity].label}</td><td>${rule.expected.length > 0 ? rule.expected.map((e) => `“${escapeHtml(e)}”`).join(' or ') : 'reword the sentence'}</td><td class="n">${rule.findings}</td><td class="n">${rule.documents}</td><td>${escapeHtml(rule.ruleId)}</td></tr>`,
      )
      .join('\n')}</tbody></table>`);
  }

  out.push('<h2 id="documents">Documents, worst first</h2>');
  if (model.documents.length > 0) {
    out.push(`<table><caption>Every document checked, the one with the most to change first</caption>
<thead><tr><th scope="col">Document</th>${SEVERITIES.map((s) => `<th scope="col" class="n">${SEVERITY_LABELS[s].label}</th>`).join('')}<th scope="col" class="n">Words</th></tr></thead>
<tbody>${model.documents.map((row, i) => `<tr><th scope="row"><a href="#${idPrefix}-${i + 1}">${escapeHtml(row.document.name)}</a></th>${countsCells(row.counts)}<td class="n">${row.document.words.toLocaleString('en-GB')}</td></tr>`).join('\n')}</tbody></table>`);
  } else {
    out.push('<p>No document could be read.</p>');
  }
  model.documents.forEach((row, i) => {
    out.push(`<h3 id="${idPrefix}-${i + 1}">${escapeHtml(row.document.name)}</h3>`);
    out.push(`<p>${escapeHtml(describeCounts(row.counts))} (${row.document.words.toLocaleString('en-GB')} words).</p>`);
    for (const note of row.document.notes) out.push(`<p class="note">${escapeHtml(note)}</p>`);
    if (row.document.findings.length > 0) out.push(`<ol>${row.document.findings.map(findingItem).join('\n')}</ol>`);
  });

  if (model.unreadable.length > 0) {
    out.push('<h2 id="unread">Files that could not be read</h2>');
    out.push(`<ul>${model.unreadable.map((doc) => `<li>${escapeHtml(doc.message.startsWith(doc.name) ? doc.message : `${doc.name}: ${doc.message}`)}</li>`).join('\n')}</ul>`);
  }
  return out.join('\n');
}

/** The whole report as a standalone HTML page. */
export function reportHtml(model: ReportModel, title = 'Plain language report'): string {
  const date = new Date(model.generatedAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const checked = model.documents.length;
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}: ${checked} ${checked === 1 ? 'document' : 'documents'} checked</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p>${checked} ${checked === 1 ? 'document' : 'documents'} checked by Plainly on ${escapeHtml(date)}.</p>
${reportSections(model)}
</main>
</body>
</html>
`;
}
