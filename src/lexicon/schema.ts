/**
 * The lexicon entry format (DESIGN.md, "Lexicon file format"), as one zod schema. The YAML
 * and CSV readers and the HTTP service all validate with it, so an entry means the same
 * thing however it arrives.
 */
import { z } from 'zod';
import { DOCUMENT_KINDS, PROFILES, SEVERITIES } from '../core/index.js';
import { parsePattern } from './pattern.js';
import { activeLexiconSupport } from './support.js';

/** True when a phrase has at least one letter or digit (so it can ever match a word). */
function hasWord(value: string): boolean {
  return /[\p{L}\p{N}]/u.test(value);
}

// Strings are trimmed; a phrase's inner spaces and line breaks are folded to one space,
// because the matcher ignores them anyway and a stray double space should not make two
// entries look different.
const phrase = z
  .string()
  .transform((value) => value.replace(/\s+/gu, ' ').trim())
  .pipe(
    z
      .string()
      .min(1, 'must not be empty')
      // An empty phrase already has its message ("must not be empty"): one problem, one message.
      .refine((value) => value === '' || hasWord(value), 'must contain at least one letter or digit (it is only punctuation)'),
  );

const text = z
  .string()
  .transform((value) => value.trim())
  .pipe(z.string().min(1, 'must not be empty'));

/** Example sentences keep their inner line breaks: "unauthorised\nexpenditure" is a real test. */
const example = z
  .string()
  .transform((value) => value.trim())
  .pipe(z.string().min(1, 'must not be empty'));

/** Ids are what people type in suppressions (`lexicon/<id>`) and URLs: lower case, digits, hyphens. */
const id = z
  .string()
  .trim()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters, digits and single hyphens, like "misspent" or "care-package"')
  .max(80, 'must be at most 80 characters');

const LexiconEntryObject = z.strictObject({
  id,
  // An entry has terms, or a pattern (a shape of words: see pattern.ts and docs/lexicon.md).
  terms: z.array(phrase).optional(),
  pattern: z
    .string({ error: 'must be text, like "[recover, reclaim] … {money}"' })
    .transform((value) => value.trim())
    .optional(),
  replace: z.array(phrase),
  severity: z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` }),
  reason: text,
  kinds: z.array(z.enum(DOCUMENT_KINDS, { error: `must be one of ${DOCUMENT_KINDS.join(', ')}` })).min(1).optional(),
  profiles: z.array(z.enum(PROFILES, { error: `must be one of ${PROFILES.join(', ')}` })).min(1).optional(),
  unless: z.array(phrase).optional(),
  explained: z.array(phrase).optional(),
  once: z.boolean({ error: 'must be true or false' }).optional(),
  exact: z.boolean({ error: 'must be true or false' }).optional(),
  examples: z.strictObject({
    flag: z.array(example).min(1, 'needs at least one sentence the entry must flag'),
    pass: z.array(example).min(1, 'needs at least one sentence the entry must not flag'),
  }),
}).superRefine(
  (entry, ctx) => {
    // Runs even when other fields have problems (`when` below), so every problem is named at
    // once; the fields it reads may then be malformed, so it only looks at well-formed ones.
    const pattern = typeof entry.pattern === 'string' ? entry.pattern : undefined;
    const terms = Array.isArray(entry.terms) ? entry.terms : undefined;
    if (pattern === undefined) {
      if (entry.terms === undefined) ctx.addIssue({ code: 'custom', path: ['terms'], message: 'needs at least one term (or a pattern)' });
      else if (terms && terms.length === 0) ctx.addIssue({ code: 'custom', path: ['terms'], message: 'needs at least one term' });
      return;
    }
    if (terms && terms.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'an entry has terms or a pattern, not both; make two entries' });
      return;
    }
    const parsed = parsePattern(pattern, new Set(activeLexiconSupport().sets.keys()));
    if (!parsed.ok) {
      // `at` (0-based, in the pattern) lets the YAML reader point at the exact column.
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: `${parsed.problem.message} (at character ${parsed.problem.at + 1} of the pattern)`, params: { at: parsed.problem.at } });
    }
  },
  { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
);

/**
 * One lexicon entry, fully typed. Canonical form: `unless: []`, `explained: []`, `once: false`
 * and `exact: false` are the same as leaving them out, so they are left out (this is what makes
 * YAML and CSV round-trip exactly).
 */
export interface LexiconEntry {
  /** Stable id; findings are `lexicon/<id>`. */
  id: string;
  /** Base forms to flag; inflections are generated unless `exact` is true. Empty for a pattern entry. */
  terms: string[];
  /**
   * A shape of words instead of terms ("[recover, reclaim] … {money}"; see pattern.ts). The
   * matched span is what a finding quotes.
   */
  pattern?: string;
  /** What to say instead (base forms; put into the matched form where grammar allows). */
  replace: string[];
  severity: z.infer<typeof LexiconEntryObject>['severity'];
  /** Why, in plain words. */
  reason: string;
  /** Document kinds the entry applies to (default: all). */
  kinds?: z.infer<typeof LexiconEntryObject>['kinds'];
  /** Profiles the entry applies to (default: all). */
  profiles?: z.infer<typeof LexiconEntryObject>['profiles'];
  /** Phrases in which a term is fine ("in case" for "case"). */
  unless?: string[];
  /**
   * Phrases that explain a term where it is used ("we call this your contingency"). A term inside
   * one is fine, as inside one of the entry's own `replace` phrases; with `once`, it also counts
   * as the explanation for the rest of the document.
   */
  explained?: string[];
  /**
   * A word people need to learn: only its first use in a document is checked, and not even that
   * when it is explained there.
   */
  once?: boolean;
  /** Match the terms exactly as written: no inflections, no UK/US spelling variants. */
  exact?: boolean;
  /** The entry's own tests. */
  examples: { flag: string[]; pass: string[] };
}

/** Validates one entry (unknown fields are errors, so a typo like `severty` is caught). */
export const LexiconEntrySchema: z.ZodType<LexiconEntry, unknown> = LexiconEntryObject.transform((entry) => {
  const out: LexiconEntry = {
    id: entry.id,
    terms: entry.terms ?? [],
    replace: entry.replace,
    severity: entry.severity,
    reason: entry.reason,
    examples: { flag: entry.examples.flag, pass: entry.examples.pass },
  };
  if (entry.pattern !== undefined) out.pattern = entry.pattern;
  if (entry.kinds) out.kinds = entry.kinds;
  if (entry.profiles) out.profiles = entry.profiles;
  if (entry.unless && entry.unless.length > 0) out.unless = entry.unless;
  if (entry.explained && entry.explained.length > 0) out.explained = entry.explained;
  if (entry.once) out.once = true;
  if (entry.exact) out.exact = true;
  return out;
});

/** A lexicon file is a list of entries. */
export const LexiconFileSchema = z.array(LexiconEntrySchema);

/** The order of an entry's fields in YAML and CSV output. */
export const ENTRY_FIELDS = ['id', 'terms', 'pattern', 'replace', 'severity', 'reason', 'kinds', 'profiles', 'unless', 'explained', 'once', 'exact', 'examples'] as const;
