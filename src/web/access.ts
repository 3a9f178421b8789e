/**
 * Who may use which page, and the navigation each role sees. These mirror the API's roles
 * (the pages call the same store and service code, with the same principal), so a page never
 * lets someone do what the API would refuse them.
 */
import { type Access, type Role, allows } from '../app/index.js';

/** Page and action access by area. `admin` may always do everything. */
export const WEB_ACCESS = {
  check: 'any',
  templatesView: ['policy', 'approver', 'coproduction', 'viewer'],
  templatesEdit: ['policy'],
  lexiconView: ['policy', 'coproduction', 'approver', 'viewer', 'finance'],
  lexiconPropose: ['coproduction', 'approver'],
  lexiconDecide: ['approver'],
  letters: ['finance'],
  documents: ['finance'],
  /** People and API tokens: administrators only. */
  admin: [],
} as const satisfies Record<string, Access>;

/** Each role as an administrator chooses it: a name and what it lets someone do, most used first. */
export const ROLE_LABELS: Record<Role, { name: string; does: string }> = {
  finance: { name: 'Finance', does: 'Sends letters from a spreadsheet and finds letters that were sent.' },
  policy: { name: 'Policy officer', does: 'Writes, checks and publishes templates.' },
  coproduction: { name: 'Co-production group member', does: 'Suggests words to avoid and changes to them.' },
  approver: { name: 'Approver', does: 'Agrees to or turns down suggested words, and uploads the word list.' },
  viewer: { name: 'Viewer', does: 'Can look at templates and words, and change nothing.' },
  admin: { name: 'Administrator', does: 'Can do everything, and adds people, changes their roles and makes API tokens.' },
};

/** The roles in the order the choices are offered (administrator last: it is given least). */
export const ROLE_CHOICES = Object.keys(ROLE_LABELS) as Role[];

/** A link in the service navigation. */
export interface NavItem {
  href: string;
  text: string;
  current?: boolean;
  active?: boolean;
}

/** The areas in navigation order, each shown to the roles that use it day to day. */
const NAV: { href: string; text: string; roles: readonly Role[] | 'any' }[] = [
  { href: '/check', text: 'Check some writing', roles: 'any' },
  { href: '/letters', text: 'Letters', roles: WEB_ACCESS.letters },
  { href: '/documents', text: 'Documents', roles: WEB_ACCESS.documents },
  { href: '/templates', text: 'Templates', roles: ['policy', 'approver', 'coproduction', 'viewer'] },
  // Finance may look words up, but the lexicon is not part of their day-to-day navigation.
  { href: '/lexicon', text: 'Words to avoid', roles: ['policy', 'coproduction', 'approver', 'viewer'] },
  { href: '/admin', text: 'People and API tokens', roles: WEB_ACCESS.admin },
];

/** The navigation for a role; the area holding `path` is marked current/active. */
export function navigationFor(role: Role, path: string): NavItem[] {
  return NAV.filter((item) => item.roles === 'any' || allows(item.roles, role)).map((item) => {
    const current = path === item.href;
    const active = !current && path.startsWith(item.href + '/');
    return { href: item.href, text: item.text, ...(current ? { current: true } : {}), ...(active ? { active: true } : {}) };
  });
}

/** Where a role lands after signing in. */
export function homeFor(role: Role): string {
  switch (role) {
    case 'finance':
      return '/letters';
    case 'policy':
      return '/templates';
    case 'coproduction':
    case 'approver':
      return '/lexicon';
    default:
      return '/';
  }
}

/** True when the role may do `access` (admin always may). */
export function can(role: Role | undefined, access: Access): boolean {
  return role !== undefined && allows(access, role);
}
