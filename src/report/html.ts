/**
 * The report as one accessible HTML page: no script, headings in order, tables with captions
 * and header scopes, severity said in words (never by colour alone), text and marks with
 * strong contrast (black on white; the words found on yellow, as GOV.UK marks them), and
 * print styles so it can be handed out at a meeting.
 */
import { escapeHtml, SEVERITIES } from '../core/index.js';
import { describeCounts, type ReportFinding, type ReportModel, SEVERITY_LABELS } from './model.js';


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

/** Class names for the report's elements: none in the standalone page, GOV.UK Frontend's on the web pages. */
type Classes = Partial<Record<'h2' | 'h3' | 'p' | 'table' | 'caption' | 'tr' | 'th' | 'td' | 'ol' | 'ul' | 'blockquote' | 'note', string>>;

const GOVUK: Classes = {
  h2: 'govuk-heading-m',
  h3: 'govuk-heading-s',
  p: 'govuk-body',
  table: 'govuk-table',
  caption: 'govuk-table__caption govuk-table__caption--s',
  tr: 'govuk-table__row',
  th: 'govuk-table__header',
  td: 'govuk-table__cell',
  ol: 'govuk-list govuk-list--number',
  ul: 'govuk-list govuk-list--bullet',
  blockquote: 'govuk-inset-text',
  note: 'govuk-inset-text',
};

/**
 * The report's body (its sections start at `h2`), for the standalone page and for the web
 * check page, which puts it under its own heading (`headingLevel: 3`) with GOV.UK Frontend's classes (`style: 'govuk'`).
 */
export function reportSections(model: ReportModel, options: { idPrefix?: string; style?: 'plain' | 'govuk'; headingLevel?: 2 | 3 } = {}): string {
  const idPrefix = options.idPrefix ?? 'doc';
  const classes = options.style === 'govuk' ? GOVUK : {};
  const c = (name: keyof Classes, extra = '') => {
    const all = [classes[name], extra].filter(Boolean).join(' ');
    return all ? ` class="${all}"` : '';
  };
  const numeric = options.style === 'govuk' ? ' govuk-table__cell--numeric' : 'n';
  const numericHeader = options.style === 'govuk' ? ' govuk-table__header--numeric' : 'n';
  const td = (text: string | number, isNumber = false) => `<td${c('td', isNumber ? numeric.trim() : '')}>${text}</td>`;
  const th = (text: string, scope: 'col' | 'row', isNumber = false) => `<th scope="${scope}"${c('th', isNumber ? numericHeader.trim() : '')}>${text}</th>`;
  const p = (html: string, extra: keyof Classes = 'p') => `<p${c(extra, extra === 'note' ? 'note' : '')}>${html}</p>`;

  const findingItem = (finding: ReportFinding) => {
    const instead = finding.expected.length > 0 ? `Say instead: ${finding.expected.map((e) => `“${escapeHtml(e)}”`).join(' or ')}` : 'Say instead: reword the sentence.';
    return `<li class="finding">${p(`<span class="sev">${SEVERITY_LABELS[finding.severity].label}</span>: ${escapeHtml(finding.where.text)}`)}
<blockquote${c('blockquote')}><p>${escapeHtml(finding.sentence.before)}<mark>${escapeHtml(finding.sentence.actual)}</mark>${escapeHtml(finding.sentence.after)}</p></blockquote>
${p(instead)}
${p(`Why: ${escapeHtml(finding.reason)} <small>(${escapeHtml(finding.ruleId)})</small>`)}</li>`;
  };

  const out: string[] = [];
  out.push(`<h2 id="summary"${c('h2')}>Summary for the meeting</h2>`);
  out.push(model.summary.map((line) => p(escapeHtml(line))).join('\n'));

  out.push(`<h2 id="counts"${c('h2')}>Counts</h2>`);
  out.push(`<table${c('table')}><caption${c('caption')}>Findings by how serious they are</caption>
<thead><tr${c('tr')}>${th('How serious', 'col')}${th('What it means', 'col')}${th('Findings', 'col', true)}${th('Documents', 'col', true)}</tr></thead>
<tbody>${SEVERITIES.map((severity) => `<tr${c('tr')}>${th(SEVERITY_LABELS[severity].label, 'row')}${td(SEVERITY_LABELS[severity].meaning)}${td(model.totals[severity], true)}${td(model.documentsWith[severity], true)}</tr>`).join('\n')}</tbody></table>`);
  if (model.rules.length > 0) {
    out.push(`<table${c('table')}><caption${c('caption')}>Findings by rule, the most serious and most frequent first</caption>
<thead><tr${c('tr')}>${th('Words found', 'col')}${th('How serious', 'col')}${th('Say instead', 'col')}${th('Findings', 'col', true)}${th('Documents', 'col', true)}${th('Rule', 'col')}</tr></thead>
<tbody>${model.rules
      .map(
        (rule) =>
          `<tr${c('tr')}>${th(rule.words.map((w) => `“${escapeHtml(w)}”`).join(', '), 'row')}${td(SEVERITY_LABELS[rule.severity].label)}${td(rule.expected.length > 0 ? rule.expected.map((e) => `“${escapeHtml(e)}”`).join(' or ') : 'reword the sentence')}${td(rule.findings, true)}${td(rule.documents, true)}${td(escapeHtml(rule.ruleId))}</tr>`,
      )
      .join('\n')}</tbody></table>`);
  }

  out.push(`<h2 id="documents"${c('h2')}>Documents, worst first</h2>`);
  if (model.documents.length > 0) {
    out.push(`<table${c('table')}><caption${c('caption')}>Every document checked, the one with the most to change first</caption>
<thead><tr${c('tr')}>${th('Document', 'col')}${SEVERITIES.map((s) => th(SEVERITY_LABELS[s].label, 'col', true)).join('')}${th('Words', 'col', true)}</tr></thead>
<tbody>${model.documents.map((row, i) => `<tr${c('tr')}>${th(`<a href="#${idPrefix}-${i + 1}"${options.style === 'govuk' ? ' class="govuk-link"' : ''}>${escapeHtml(row.document.name)}</a>`, 'row')}${SEVERITIES.map((s) => td(row.counts[s], true)).join('')}${td(row.document.words.toLocaleString('en-GB'), true)}</tr>`).join('\n')}</tbody></table>`);
  } else {
    out.push(p('No document could be read.'));
  }
  model.documents.forEach((row, i) => {
    out.push(`<h3 id="${idPrefix}-${i + 1}"${c('h3')}>${escapeHtml(row.document.name)}</h3>`);
    out.push(p(`${escapeHtml(describeCounts(row.counts))} (${row.document.words.toLocaleString('en-GB')} words).`));
    for (const note of row.document.notes) out.push(p(escapeHtml(note), 'note'));
    if (row.document.findings.length > 0) out.push(`<ol${c('ol')}>${row.document.findings.map(findingItem).join('\n')}</ol>`);
  });

  if (model.unreadable.length > 0) {
    out.push(`<h2 id="unread"${c('h2')}>Files that could not be read</h2>`);
    out.push(`<ul${c('ul')}>${model.unreadable.map((doc) => `<li>${escapeHtml(doc.message.startsWith(doc.name) ? doc.message : `${doc.name}: ${doc.message}`)}</li>`).join('\n')}</ul>`);
  }
  const html = out.join('\n');
  // Under a page's own h2 the sections move one level down (names and quotes are escaped, so only our tags match).
  return options.headingLevel === 3 ? html.replace(/<(\/?)h3\b/g, '<$1h4').replace(/<(\/?)h2\b/g, '<$1h3') : html;
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
