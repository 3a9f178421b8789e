/**
 * A minimal letter template for tests: the fields a letter layout needs (reference, date,
 * recipient name and address) and example data, with the body given by the test.
 */
import { parseTemplate, type Template } from '../../src/templates/index.js';

/** What a test letter is made of. */
export interface TestLetterOptions {
  id: string;
  title: string;
  body: string;
  lang?: string;
  name?: string;
}

/** The source of a letter template with `body` as its Markdown (`lang` in the front matter when given). */
export function testLetterSource(options: TestLetterOptions): string {
  return `---
id: ${options.id}
title: ${options.title}
kind: letter
profile: standard
layout: letter
${options.lang ? `lang: ${options.lang}\n` : ''}fields:
  reference: { type: string, max: 30 }
  letterDate: { type: date }
  recipient:
    type: object
    fields:
      name: { type: string, max: 100 }
      address: { type: address }
example:
  reference: DP-1
  letterDate: 2021-01-31
  recipient: { name: ${options.name ?? 'Sam Jones'}, address: [1 High Street, Northmoor, NM1 1AA] }
---
${options.body}`;
}

/** Parses a letter template with `body` as its Markdown (`lang` in the front matter when given). */
export function testLetter(options: TestLetterOptions): Template {
  return parseTemplate(testLetterSource(options), `${options.id}.md`);
}
