/**
 * People and keys: what the API's admin routes and the web pages' admin and account pages share
 * (the rules for names and usernames, new passwords). Tokens, users and the audit log are kept
 * by the store (`app.store.tokens`, `.users`, `.audit`), whose methods are these use cases.
 */
import { z } from 'zod';

export { randomPassword } from './bootstrap.js';

/** A person's or a token's name. */
export const NameSchema = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

/** A username. */
export const UsernameSchema = z
  .string()
  .trim()
  .min(2, 'must be at least 2 characters')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9._@-]+$/, 'may use letters, digits and . _ @ - only');
