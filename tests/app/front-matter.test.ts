/**
 * The one front-matter reader (src/core/front-matter.ts): templates, lint's mask, the service's
 * id check and `plainly lint` all read front matter through it.
 */
import { describe, expect, it } from 'vitest';
import { frontMatterId, readFrontMatter, splitFrontMatter } from '../../src/core/index.js';
import { maskTemplate } from '../../src/lint/mask.js';
import { parseTemplate } from '../../src/templates/index.js';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/core/index.js';

describe('splitFrontMatter', () => {
  it('splits YAML from the body and says where the body starts', () => {
    const split = splitFrontMatter('---\nid: a\ntitle: A\n---\nDear {{name}}\n');
    expect(split).toEqual({ yaml: 'id: a\ntitle: A', body: 'Dear {{name}}\n', bodyFirstLine: 5, bodyOffset: 23 });
  });

  it('reads a byte-order mark, CRLF lines, a "..." closing line and empty front matter', () => {
    expect(splitFrontMatter('\ufeff---\r\nid: a\r\n---\r\nBody')).toMatchObject({ yaml: 'id: a', body: 'Body', bodyFirstLine: 4 });
    expect(splitFrontMatter('---\nid: a\n...\nBody')).toMatchObject({ yaml: 'id: a', body: 'Body' });
    expect(splitFrontMatter('---\n---\nBody')).toMatchObject({ yaml: '', body: 'Body', bodyFirstLine: 3 });
    expect(splitFrontMatter('---\nid: a\n---')).toMatchObject({ yaml: 'id: a', body: '' });
  });

  it('says when there is none or it is not closed', () => {
    expect(splitFrontMatter('Dear reader\n---\n')).toEqual({ problem: 'no-front-matter' });
    expect(splitFrontMatter('---\nid: a\nDear reader\n')).toEqual({ problem: 'not-closed' });
  });
});

describe('readFrontMatter and frontMatterId', () => {
  it('reads the YAML leniently', () => {
    expect(readFrontMatter('---\nkind: letter\nprofile: easy-read\n---\nx')).toEqual({ kind: 'letter', profile: 'easy-read' });
    expect(readFrontMatter('---\nkind: [letter\n---\nx')).toBeUndefined();
    expect(readFrontMatter('---\n- a\n---\nx')).toBeUndefined();
    expect(readFrontMatter('no front matter')).toBeUndefined();
  });

  it('finds the declared id even when the rest does not parse, and only in the front matter', () => {
    expect(frontMatterId('---\nid: "financial-checkup" # the letter\nkind: [\n---\nx')).toBe('financial-checkup');
    expect(frontMatterId('---\ntitle: A\n---\nid: not-this\n')).toBeUndefined();
    expect(frontMatterId('id: nope')).toBeUndefined();
  });
});

describe('its readers', () => {
  it('lint masks the front matter, keeping every offset and line', () => {
    const source = '---\nid: a\n---\nWe will audit you.\n';
    const masked = maskTemplate(source);
    expect(masked.length).toBe(source.length);
    expect(masked.split('\n').length).toBe(source.split('\n').length);
    expect(masked).not.toContain('id: a');
    expect(masked.endsWith('We will audit you.\n')).toBe(true);
  });

  it('a template without front matter, or not closed, is TEMPLATE_INVALID saying which', () => {
    expect(() => parseTemplate('Dear reader', 'x.md')).toThrow(/starts with front matter/);
    expect(() => parseTemplate('---\nid: a\nDear reader', 'x.md')).toThrow(/not closed/);
  });

  it('every shipped template parses with its body starting on the line after the closing "---"', () => {
    const file = path.join(PROJECT_ROOT, 'templates', 'letters', fs.readdirSync(path.join(PROJECT_ROOT, 'templates', 'letters')).find((f) => f.endsWith('.md'))!);
    const source = fs.readFileSync(file, 'utf8');
    const split = splitFrontMatter(source);
    expect('problem' in split).toBe(false);
    if ('problem' in split) return;
    const closing = source.split('\n').findIndex((line, i) => i > 0 && /^---\s*$/.test(line));
    expect(split.bodyFirstLine).toBe(closing + 2);
    expect(parseTemplate(source, file).id).toBe(frontMatterId(source));
  });
});
