/** Paragraphs of more than 5 sentences are hard to take in: break them up or use a list. */
import type { Rule } from '../types.js';

/** Most sentences a paragraph may have. */
export const MAX_PARAGRAPH_SENTENCES = 5;

export const paragraphLengthRule: Rule = {
  id: 'structure/paragraph-length',
  englishOnly: false,
  run(context) {
    // Sentences per block; in a template, per side of each `{{else}}` (only one side is ever
    // sent), keeping the largest.
    const counts = new Map<object, number>();
    const side = new Map<object, { at: number; count: number }>();
    for (const sentence of context.sentences) {
      const alternatives = sentence.block.alternatives;
      const at = alternatives ? alternatives.filter((offset) => offset <= sentence.start).length : 0;
      const current = side.get(sentence.block);
      const count = current && current.at === at ? current.count + 1 : 1;
      side.set(sentence.block, { at, count });
      counts.set(sentence.block, Math.max(counts.get(sentence.block) ?? 0, count));
    }
    for (const block of context.blocks) {
      const count = counts.get(block) ?? 0;
      if (block.type !== 'paragraph' && block.type !== 'quote' && block.type !== 'list-item') continue;
      if (count <= MAX_PARAGRAPH_SENTENCES) continue;
      const first = context.tokens[block.firstToken];
      const last = context.tokens[block.endToken - 1];
      context.report({
        ruleId: 'structure/paragraph-length',
        source: 'structure',
        severity: 'warning',
        reason: `This paragraph has ${count} sentences. Paragraphs of ${MAX_PARAGRAPH_SENTENCES} sentences or fewer are easier to take in: split it, or use a list.`,
        start: first.start,
        end: last.end,
        expected: [],
      });
    }
  },
};
