/** The report model and its writers: order, counts, summary, escaping, spreadsheet-safe CSV. */
import { describe, expect, it } from 'vitest';
import { buildReport, reportCsv, reportHtml, reportJson, type ReportDocument, type ReportFinding } from '../../src/report/index.js';

const finding = (severity: ReportFinding['severity'], actual: string, ruleId = `lexicon/${actual}`): ReportFinding => ({
  ruleId,
  severity,
  reason: `Why ${actual}.`,
  actual,
  expected: actual === 'audit' ? ['financial checkup'] : [],
  where: { text: 'paragraph 1' },
  sentence: { before: 'We will ', actual, after: ' it.' },
});

const doc = (name: string, findings: ReportFinding[]): ReportDocument => ({ name, status: 'checked', format: 'docx', findings, notes: [], words: 100 });

describe('the report model', () => {
  const documents: ReportDocument[] = [
    doc('b-clean.docx', []),
    doc('c-warnings.pdf', [finding('warning', 'audit'), finding('warning', 'audit'), finding('suggestion', 'utilise')]),
    doc('a-error.html', [finding('error', 'misspent'), finding('warning', 'Audit')]),
    { name: 'old.doc', status: 'unreadable', message: 'old.doc: this is an old Word document (.doc).' },
  ];
  const model = buildReport(documents, new Date('2026-12-06T12:00:00Z'));

  it('puts the worst documents first: errors, then warnings, then suggestions', () => {
    expect(model.documents.map((row) => row.document.name)).toEqual(['a-error.html', 'c-warnings.pdf', 'b-clean.docx']);
    expect(model.unreadable.map((d) => d.name)).toEqual(['old.doc']);
  });

  it('counts by severity and by rule', () => {
    expect(model.totals).toEqual({ error: 1, warning: 3, suggestion: 1, total: 5 });
    expect(model.documentsWith).toEqual({ error: 1, warning: 2, suggestion: 1 });
    expect(model.rules.map((r) => [r.ruleId, r.severity, r.findings, r.documents, r.words])).toEqual([
      ['lexicon/misspent', 'error', 1, 1, ['misspent']],
      ['lexicon/audit', 'warning', 2, 1, ['audit']],
      ['lexicon/Audit', 'warning', 1, 1, ['audit']],
      ['lexicon/utilise', 'suggestion', 1, 1, ['utilise']],
    ]);
  });

  it('says what was found in plain sentences', () => {
    expect(model.summary[0]).toBe('We checked 3 documents (1 more file could not be read: see the end of this report).');
    expect(model.summary[1]).toBe('1 document has wording that must change before it is sent again: 1 place in all.');
    expect(model.summary.at(-1)).toBe('Start with a-error.html (1 must change, 1 should change); c-warnings.pdf (2 should change, 1 could change).');
  });

  it('says so when nothing needs to change', () => {
    expect(buildReport([doc('ok.docx', [])]).summary).toEqual(['We checked 1 document.', 'None of them has wording to change.']);
  });
});

describe('the writers', () => {
  it('escapes names and quotes in HTML', () => {
    const html = reportHtml(buildReport([doc('<script>alert(1)</script>.html', [{ ...finding('error', 'x'), sentence: { before: '<b>', actual: 'x', after: '&' } }])]));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;.html');
    expect(html).toContain('&lt;b&gt;<mark>x</mark>&amp;');
  });

  it('keeps spreadsheet formulas out of CSV cells', () => {
    const csv = reportCsv(buildReport([doc('=HYPERLINK("http://evil")', [{ ...finding('error', 'x'), sentence: { before: '', actual: '+cmd', after: '' } }])]));
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).toContain(",'+cmd,");
  });

  it('writes the same model as JSON', () => {
    const json = JSON.parse(reportJson(buildReport([doc('a.docx', [finding('warning', 'audit')])], new Date('2026-12-06T00:00:00Z'))));
    expect(json.generatedAt).toBe('2026-12-06T00:00:00.000Z');
    expect(json.documents[0]).toMatchObject({ name: 'a.docx', counts: { warning: 1, total: 1 } });
  });
});
