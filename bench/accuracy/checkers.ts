/**
 * The four checkers the accuracy benchmark compares, each turned into the same shape: the
 * marks it puts on one sentence. A mark says where it is, whether it is serious enough to count
 * (`counts`), and whether it judges the whole sentence (`sentenceWide`, e.g. readability),
 * which never counts as catching a phrase.
 */
import { text as alexText } from 'alex';
import retextEnglish from 'retext-english';
import retextEquality from 'retext-equality';
import retextReadability from 'retext-readability';
import retextSimplify from 'retext-simplify';
import { type PluggableList, unified } from 'unified';
import { VFile } from 'vfile';
import writeGood from 'write-good';
import { loadConfig } from '../../src/core/index.js';
import { loadCheckedLexicon } from '../../src/lexicon/index.js';
import { lintText } from '../../src/lint/index.js';

export interface Mark {
  start: number;
  end: number;
  /** A warning or error (Plainly); every message of the other tools, which have no severities. */
  counts: boolean;
  /** Severity, for Plainly; peers: 'message'. */
  severity: string;
  sentenceWide: boolean;
  rule: string;
  actual: string;
}
export interface Checker {
  name: string;
  check(text: string): Mark[];
}

/** Rules that judge a whole sentence or paragraph rather than a phrase. */
const SENTENCE_WIDE = /^(readability|structure)\//;

export function plainly(lexiconDir = loadConfig().lexiconDir): Checker & { entries: number } {
  // As `plainly lint` does: a lexicon whose own examples fail is refused.
  const { entries, compiled: lexicon } = loadCheckedLexicon(lexiconDir);
  return {
    name: 'Plainly',
    entries: entries.length,
    check(text) {
      // No `kind`: every entry applies, as for a draft (docs/lint.md).
      return lintText(text, { profile: 'standard', lexicon, format: 'text', memo: false }).findings.map((f) => ({
        start: f.start.offset,
        end: f.end.offset,
        counts: f.severity === 'error' || f.severity === 'warning',
        severity: f.severity,
        sentenceWide: SENTENCE_WIDE.test(f.ruleId),
        rule: f.ruleId,
        actual: f.actual ?? text.slice(f.start.offset, f.end.offset),
      }));
    },
  };
}

interface MessageLike {
  place?: { start?: { offset?: number }; end?: { offset?: number }; offset?: number } | null;
  position?: { start?: { offset?: number }; end?: { offset?: number } } | null;
  source?: string | null;
  ruleId?: string | null;
  actual?: string | null;
  reason?: string;
}

function fromMessages(text: string, messages: MessageLike[], sentenceWideSources: string[] = []): Mark[] {
  return messages.map((m) => {
    const place = m.place ?? m.position ?? undefined;
    const start = (place && 'start' in place ? place.start?.offset : (place as { offset?: number } | undefined)?.offset) ?? 0;
    const end = (place && 'end' in place ? place.end?.offset : undefined) ?? text.length;
    const source = m.source ?? '';
    return {
      start,
      end,
      counts: true,
      severity: 'message',
      sentenceWide: sentenceWideSources.includes(source),
      rule: `${source}/${m.ruleId ?? ''}`,
      actual: m.actual ?? text.slice(start, end),
    };
  });
}

export function alex(): Checker {
  return { name: 'alex', check: (text) => fromMessages(text, alexText(text).messages as MessageLike[]) };
}

export function writeGoodChecker(): Checker {
  return {
    name: 'write-good',
    check: (text) =>
      writeGood(text).map((s) => ({
        start: s.index,
        end: s.index + s.offset,
        counts: true,
        severity: 'message',
        sentenceWide: false,
        rule: 'write-good',
        actual: text.slice(s.index, s.index + s.offset),
      })),
  };
}

/** retext-english + retext-equality + retext-simplify + retext-readability, default options. */
export function stockRetext(): Checker {
  const frozen = unified()
    .use([retextEnglish, retextEquality, retextSimplify, retextReadability] as PluggableList)
    .freeze();
  return {
    name: 'retext (stock)',
    check(text) {
      const file = new VFile(text);
      frozen.runSync(frozen.parse(file), file);
      // retext-readability judges a sentence, as Plainly's readability suggestion does: it is
      // left out of both recall and the clean rate, for every tool alike.
      return fromMessages(text, file.messages as MessageLike[], ['retext-readability']).map((m) => (m.sentenceWide ? { ...m, counts: false } : m));
    },
  };
}
