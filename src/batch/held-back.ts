/**
 * held-back.csv: the wording problems of every letter held back, one line per error finding.
 * One writer and one column set for every batch, from the CLI or the service (they used to
 * write 7 and 6 columns). docs/batch.md lists the columns.
 */
import type { Finding } from '../core/index.js';
import { CsvFileWriter } from './manifest.js';

/** Column headings of held-back.csv. */
export const HELD_BACK_HEADER = ['row', 'reference', 'rule', 'words', 'why', 'say instead', 'where'] as const;

/** The file name, in a ZIP or a folder. */
export const HELD_BACK_FILE = 'held-back.csv';

/** Letters held back whose findings are kept in full (service); the rest keep their reason only. */
export const HELD_LISTED = 1000;

/**
 * Why a letter whose rendering failed was held back. No findings, and not the error's own
 * text: it may quote the row's data.
 */
export const RENDER_FAILED_REASON = 'Plainly could not render this letter: try the batch again, and report it if it happens again';

/** The reason a held-back letter gives in the manifest and the status. */
export function heldReason(findings: readonly Finding[]): string {
  const errors = findings.filter((finding) => finding.severity === 'error');
  const list = errors.map((finding) => `"${finding.actual}" (${finding.ruleId})`).join('; ');
  return `${errors.length === 1 ? '1 wording problem' : `${errors.length} wording problems`} to change before it can be sent: ${list}`;
}

/** Where a finding is, for people: the data field, the template's line, or the letter's line. */
export function findingWhere(finding: Finding): string {
  if (finding.origin?.kind === 'data') return `data: ${finding.origin.path}`;
  if (finding.origin?.kind === 'template') return `template: ${finding.origin.file}:${finding.origin.line}:${finding.origin.column}`;
  return `line ${finding.start.line}, column ${finding.start.column}`;
}

/** The lines of held-back.csv for one letter (its error findings, in `HELD_BACK_HEADER` order). */
export function heldBackLines(row: number, reference: string | null | undefined, findings: readonly Finding[]): Array<Array<string | number>> {
  return findings
    .filter((finding) => finding.severity === 'error')
    .map((finding) => [row, reference ?? '', finding.ruleId, finding.actual, finding.reason, (finding.expected ?? []).join(' / '), findingWhere(finding)]);
}

/** The last line when some held-back letters are not listed with their wording. */
export function heldNotListedLine(count: number): Array<string | number> {
  return ['', '', '', '', `Only the first ${HELD_LISTED.toLocaleString('en-GB')} letters held back are listed with their wording; ${count.toLocaleString('en-GB')} more are in manifest.csv with the reason.`, '', ''];
}

/** Writes held-back.csv to a temporary file as letters are held back. */
export class HeldBackWriter {
  /** Lines written (not counting the heading). */
  lines = 0;

  private constructor(private readonly csv: CsvFileWriter) {}

  /** Opens the temporary file and writes the heading row. */
  static async open(): Promise<HeldBackWriter> {
    return new HeldBackWriter(await CsvFileWriter.open(HELD_BACK_FILE, [...HELD_BACK_HEADER]));
  }

  /** The temporary file (complete after `close`). */
  get file(): string {
    return this.csv.file;
  }

  /** Adds one held-back letter's error findings. */
  async add(row: number, reference: string | null | undefined, findings: readonly Finding[]): Promise<void> {
    for (const line of heldBackLines(row, reference, findings)) {
      await this.csv.row(line);
      this.lines++;
    }
  }

  /** Says how many held-back letters are not listed (only when some are not). */
  async notListed(count: number): Promise<void> {
    if (count > 0) await this.csv.row(heldNotListedLine(count));
  }

  async close(): Promise<void> {
    await this.csv.close();
  }

  async remove(): Promise<void> {
    await this.csv.remove();
  }
}
