import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../src/core/index.js';
import type { TrieNode } from '../../src/lexicon/index.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

/** Runs `fn` and returns the AppError it throws (fails the test if it does not throw one). */
export function appErrorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

/** All text an AppError shows a person (message and listed problems). */
export function shown(error: AppError): string {
  return [error.message, ...(error.details.errors ?? []).map((e) => `${e.path}: ${e.message}`)].join('\n');
}

/** A token trie as plain nested data with its words in order, for comparing tries however they were made or read. */
export function plainTrie(node: TrieNode | undefined): unknown {
  if (!node) return undefined;
  const next = node.next ? [...node.next.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([word, child]) => [word, plainTrie(child)]) : undefined;
  return { next, wild: plainTrie(node.wild), hits: node.hits };
}
