/**
 * The start page (what each role can do, as cards) and the help page.
 */
import express, { type Router } from 'express';
import { WEB_ACCESS, can } from '../access.js';
import { type WebContext, render, viewGuard, webOf } from '../pages.js';

/** Home and help. */
export function homeRoutes(web: WebContext): Router {
  const router = express.Router();
  router.get('/', viewGuard('any'), (req, res) => {
    const role = webOf(res).session!.user.role;
    const areas = [
      { href: '/check', title: 'Check some writing', text: 'Paste a letter or a paragraph and see what to change, and why.', show: true },
      { href: '/letters', title: 'Letters', text: 'Send letters to many people from a spreadsheet.', show: can(role, WEB_ACCESS.letters) },
      { href: '/documents', title: 'Documents', text: 'Find a letter that was sent, and download it again.', show: can(role, WEB_ACCESS.documents) },
      { href: '/templates', title: 'Templates', text: 'Write and publish letters, agreements, guides and Easy Read versions.', show: can(role, WEB_ACCESS.templatesView) },
      { href: '/lexicon', title: 'Words to avoid', text: 'The words we do not use, why, and what to say instead. Suggest a change.', show: can(role, WEB_ACCESS.lexiconView) },
      { href: '/admin/users', title: 'People and API tokens', text: 'Add the people who use Plainly, choose what they can do, and make API tokens for other systems.', show: can(role, WEB_ACCESS.admin) },
    ].filter((area) => area.show);
    render(web, req, res, 'pages/home.njk', { title: 'Home', areas });
  });
  router.get('/help', (req, res) => {
    render(web, req, res, 'pages/help.njk', { title: 'Help using these pages' });
  });
  return router;
}
