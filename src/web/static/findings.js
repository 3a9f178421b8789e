// Shared by the server (to render pages) and the browser (to re-render after a live check),
// so a page looks the same with or without JavaScript. Plain JavaScript with no imports; the
// types are in findings.d.ts.

/** Plain words for each severity, shown next to every colour so colour is never the only cue. */
export const SEVERITY_LABELS = {
  error: 'Must change',
  warning: 'Should change',
  suggestion: 'Could change',
};

/** GOV.UK tag colour for each severity. */
export const SEVERITY_TAGS = {
  error: 'govuk-tag--red',
  warning: 'govuk-tag--yellow',
  suggestion: 'govuk-tag--blue',
};

const RANK = { suggestion: 0, warning: 1, error: 2 };

/** Findings longer than this are about a passage (a long sentence), not a word: underlined, not marked. */
export const PASSAGE_CHARACTERS = 60;

/** True when a finding covers a passage rather than a few words. */
export function isPassage(finding) {
  return finding.end.offset - finding.start.offset > PASSAGE_CHARACTERS;
}

/**
 * Splits `text` into consecutive segments at every finding's start and end. Each segment says
 * which findings cover it (word findings in `marks`, passage findings in `passages`, by index
 * into `findings`), the worst severity of its marks, which findings start at it and which end
 * with it. Segments cover the whole text, in order, without overlapping.
 */
export function segments(text, findings) {
  const cuts = new Set([0, text.length]);
  const ranges = findings.map((finding) => {
    const start = Math.max(0, Math.min(text.length, finding.start.offset));
    const end = Math.max(start, Math.min(text.length, finding.end.offset));
    cuts.add(start);
    cuts.add(end);
    return { start, end, passage: isPassage(finding) };
  });
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i];
    const end = points[i + 1];
    if (start === end) continue;
    const marks = [];
    const passages = [];
    const starts = [];
    const ends = [];
    let worst;
    ranges.forEach((range, index) => {
      if (range.start === start) starts.push(index);
      if (range.start >= end || range.end <= start || range.start === range.end) return;
      if (range.end === end) ends.push(index);
      if (range.passage) passages.push(index);
      else {
        marks.push(index);
        const severity = findings[index].severity;
        if (worst === undefined || RANK[severity] > RANK[worst]) worst = severity;
      }
    });
    out.push({ text: text.slice(start, end), start, end, marks, passages, starts, ends, severity: worst });
  }
  // Findings of zero length (rare) still get an anchor: at the segment that starts there.
  if (text.length === 0 && findings.length > 0) out.push({ text: '', start: 0, end: 0, marks: [], passages: [], starts: findings.map((_, i) => i), ends: [], severity: undefined });
  return out;
}

/** "1 thing" / "3 things". */
export function countText(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

/** A one-line summary of findings, for the status message screen readers hear. */
export function summaryText(summary) {
  if (summary.total === 0) return 'No problems found.';
  const parts = [];
  if (summary.error) parts.push(`${summary.error} must change`);
  if (summary.warning) parts.push(`${summary.warning} should change`);
  if (summary.suggestion) parts.push(`${summary.suggestion} could change`);
  return `${countText(summary.total, 'thing', 'things')} to look at: ${parts.join(', ')}.`;
}

/** Applies a replacement to `text` if the finding's words are still where they were; else undefined. */
export function applyReplacement(text, start, end, actual, replacement) {
  if (start < 0 || end > text.length || start > end) return undefined;
  if (text.slice(start, end) !== actual) return undefined;
  return text.slice(0, start) + replacement + text.slice(end);
}

/**
 * True when the words from `start` are who a greeting is to: on a line that starts "Dear",
 * "Hello", "Hi" or "Good morning/afternoon/evening", before its comma ("Dear Client," or
 * "Dear service user and family,"). A word for people there is not replaced by another word
 * for people ("Dear Person who draws on care and support"): a greeting needs the person's name.
 */
export function inGreeting(text, start) {
  const lineStart = text.lastIndexOf('\n', Math.max(0, start - 1)) + 1;
  const before = text.slice(lineStart, Math.max(lineStart, start));
  return /^[ \t>*_#-]*(?:dear|hello|hi|good (?:morning|afternoon|evening))[ \t]+[^,.:;!?\n]*$/i.test(before);
}

/** What a page says instead of "use … instead" buttons for words in a greeting. */
export const GREETING_NOTE = 'This is the greeting: write the person’s name here, like “Dear Amina Patel” (in a template, {{dear recipient.name}}), not another word for them.';

/**
 * The replacements to offer for a finding in `text` (at most `max`): none in a greeting
 * (`greeting: true`), where the person's name is what fits.
 */
export function offeredReplacements(text, finding, max) {
  if (finding.expected.length > 0 && inGreeting(text, finding.start.offset)) return { replacements: [], greeting: true };
  return { replacements: finding.expected.slice(0, max), greeting: false };
}
