/**
 * The lexicon workflow over HTTP: propose, change with If-Match (428/412), approve (examples
 * must pass), lint uses approved entries only, versions go up, retire, history, impact-free
 * export/import round trips.
 */
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LexiconEntry, lexiconFromCsv, parseLexiconYaml } from '../../src/lexicon/index.js';
import { type TestApp, createTestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.dispose();
});

function entry(id: string, overrides: Partial<LexiconEntry> = {}): LexiconEntry {
  return {
    id,
    terms: ['scold'],
    replace: ['talk to'],
    severity: 'error',
    reason: 'It sounds like telling someone off.',
    examples: { flag: ['We will scold you if this happens again.'], pass: ['We will talk to you about it.'] },
    ...overrides,
  };
}

async function lintIds(text: string): Promise<string[]> {
  const res = await request(t.app).post('/api/lint').set(t.auth('viewer')).send({ text });
  expect(res.status).toBe(200);
  return res.body.findings.map((f: { ruleId: string }) => f.ruleId);
}

async function version(): Promise<number> {
  const res = await request(t.app).get('/api/lexicon').set(t.auth('viewer'));
  return res.body.version;
}

describe('lexicon workflow', () => {
  it('starts at version 1 with the files imported, with an ETag and 304 on If-None-Match', async () => {
    const res = await request(t.app).get('/api/lexicon').set(t.auth('viewer'));
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(1);
    expect(res.body.entries.length).toBeGreaterThan(5);
    expect(res.headers.etag).toBe('"lexicon-1"');
    const again = await request(t.app).get('/api/lexicon').set(t.auth('viewer')).set('If-None-Match', '"lexicon-1"');
    expect(again.status).toBe(304);
  });

  it('proposed entries are not used by lint until approved, then the version goes up', async () => {
    const before = await version();
    const proposed = await request(t.app).post('/api/lexicon/entries').set(t.auth('coproduction')).send({ entry: entry('scold'), comment: 'People told us this feels like a telling-off.' });
    expect(proposed.status).toBe(201);
    expect(proposed.body.status).toBe('proposed');
    expect(proposed.body.selfTest.passed).toBe(true);
    expect(proposed.headers.etag).toBe('"scold.1"');
    expect(await lintIds('We will scold you if this happens again.')).not.toContain('lexicon/scold');

    const approved = await request(t.app)
      .post('/api/lexicon/entries/scold/approve')
      .set(t.auth('approver'))
      .set('If-Match', proposed.headers.etag)
      .send({ comment: 'Agreed at the March meeting.' });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    expect(approved.body.lexiconVersion).toBe(before + 1);
    expect(await version()).toBe(before + 1);
    expect(await lintIds('We will scold you if this happens again.')).toContain('lexicon/scold');
  });

  it('a bare entry in the file format can be proposed too (DESIGN.md)', async () => {
    const res = await request(t.app).post('/api/lexicon/entries').set(t.auth('coproduction')).send(entry('bare-one', { terms: ['telling off'] , examples: { flag: ['This is a telling off.'], pass: ['This is a chat.'] } }));
    expect(res.status).toBe(201);
    expect(res.body.pending.id).toBe('bare-one');
  });

  it('a change needs If-Match: missing is 428, stale is 412, and nothing is overwritten', async () => {
    const current = await request(t.app).get('/api/lexicon/entries/scold').set(t.auth('viewer'));
    const etag = current.headers.etag;
    const changed = entry('scold', { severity: 'warning' });

    const missing = await request(t.app).put('/api/lexicon/entries/scold').set(t.auth('coproduction')).send({ entry: changed, comment: 'softer' });
    expect(missing.status).toBe(428);
    expect(missing.body.code).toBe('PRECONDITION_REQUIRED');

    const first = await request(t.app).put('/api/lexicon/entries/scold').set(t.auth('coproduction')).set('If-Match', etag).send({ entry: changed, comment: 'softer' });
    expect(first.status).toBe(200);
    expect(first.body.pending.severity).toBe('warning');
    expect(first.body.approved.severity).toBe('error'); // still in use until approved

    const stale = await request(t.app).put('/api/lexicon/entries/scold').set(t.auth('coproduction')).set('If-Match', etag).send({ entry: entry('scold', { severity: 'suggestion' }), comment: 'even softer' });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('PRECONDITION_FAILED');
    expect(stale.body.etag).toBe(first.headers.etag);

    const after = await request(t.app).get('/api/lexicon/entries/scold').set(t.auth('viewer'));
    expect(after.body.pending.severity).toBe('warning');
  });

  it('two people changing the same entry at once: exactly one wins, the other gets 412', async () => {
    const current = await request(t.app).get('/api/lexicon/entries/scold').set(t.auth('viewer'));
    const results = await Promise.all(
      ['first', 'second', 'third'].map((who) =>
        request(t.app)
          .put('/api/lexicon/entries/scold')
          .set(t.auth('coproduction'))
          .set('If-Match', current.headers.etag)
          .send({ entry: entry('scold', { reason: `Reason from the ${who} person.` }), comment: who }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 412, 412]);
    const winner = results.find((r) => r.status === 200)!;
    const after = await request(t.app).get('/api/lexicon/entries/scold').set(t.auth('viewer'));
    expect(after.body.pending.reason).toBe(winner.body.pending.reason);
    expect(after.body.revision).toBe(current.body.revision + 1);
  });

  it('an entry whose own examples fail can be proposed (with the failures shown) but not approved', async () => {
    const bad = entry('bad-examples', { terms: ['penalise'], examples: { flag: ['Nothing here matches.'], pass: ['We may penalise you.'] } });
    const proposed = await request(t.app).post('/api/lexicon/entries').set(t.auth('coproduction')).send({ entry: bad });
    expect(proposed.status).toBe(201);
    expect(proposed.body.selfTest.passed).toBe(false);
    expect(proposed.body.selfTest.failures.map((f: { expectation: string }) => f.expectation).sort()).toEqual(['flag', 'pass']);
    const approve = await request(t.app).post('/api/lexicon/entries/bad-examples/approve').set(t.auth('approver')).set('If-Match', proposed.headers.etag).send({});
    expect(approve.status).toBe(422);
    expect(approve.body.code).toBe('LEXICON_EXAMPLES_FAILED');
    expect(approve.body.detail).toContain('Nothing here matches.');
    const still = await request(t.app).get('/api/lexicon/entries/bad-examples').set(t.auth('viewer'));
    expect(still.body.status).toBe('proposed');
  });

  it('an entry that is not in the file format is refused with every problem named', async () => {
    const res = await request(t.app)
      .post('/api/lexicon/entries')
      .set(t.auth('coproduction'))
      .send({ entry: { id: 'Bad Id', terms: [], severity: 'awful', reason: '', examples: { flag: [], pass: [] }, severty: 'x' } });
    expect(res.status).toBe(422);
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['entry.id', 'entry.terms', 'entry.severity', 'entry.severty']));
  });

  it('reject needs a comment; a rejected new entry is marked rejected', async () => {
    const current = await request(t.app).get('/api/lexicon/entries/bad-examples').set(t.auth('viewer'));
    const noComment = await request(t.app).post('/api/lexicon/entries/bad-examples/reject').set(t.auth('approver')).set('If-Match', current.headers.etag).send({});
    expect(noComment.status).toBe(422);
    const res = await request(t.app)
      .post('/api/lexicon/entries/bad-examples/reject')
      .set(t.auth('approver'))
      .set('If-Match', current.headers.etag)
      .send({ comment: 'The examples do not show the problem.' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('rejected');
  });

  it('retiring an approved entry stops lint using it and makes a new version', async () => {
    const before = await version();
    const current = await request(t.app).get('/api/lexicon/entries/scold').set(t.auth('viewer'));
    const res = await request(t.app).delete('/api/lexicon/entries/scold').set(t.auth('approver')).set('If-Match', current.headers.etag).send({ comment: 'No longer needed.' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('retired');
    expect(res.body.lexiconVersion).toBe(before + 1);
    expect(await lintIds('We will scold you if this happens again.')).not.toContain('lexicon/scold');
    const twice = await request(t.app).delete('/api/lexicon/entries/scold').set(t.auth('approver')).set('If-Match', res.headers.etag).send({});
    expect(twice.status).toBe(409);
  });

  it('history records every step with who, when and why', async () => {
    const res = await request(t.app).get('/api/lexicon/history?entry=scold').set(t.auth('viewer'));
    expect(res.status).toBe(200);
    const steps = res.body.history.map((h: { action: string }) => h.action).reverse();
    expect(steps[0]).toBe('propose');
    expect(steps).toContain('approve');
    expect(steps).toContain('change');
    expect(steps[steps.length - 1]).toBe('retire');
    const proposal = res.body.history.find((h: { action: string }) => h.action === 'propose');
    expect(proposal.actor.name).toBe('test coproduction');
    expect(proposal.reason).toBe('People told us this feels like a telling-off.');
    expect(proposal.content.terms).toEqual(['scold']);
  });

  it('every change is in the audit log', async () => {
    const res = await request(t.app).get('/api/audit?targetType=lexicon-entry&targetId=scold').set(t.auth('admin'));
    const actions = res.body.events.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['lexicon.propose', 'lexicon.change', 'lexicon.approve', 'lexicon.retire']));
  });

  it('an old version can still be read', async () => {
    const res = await request(t.app).get('/api/lexicon/versions/1').set(t.auth('viewer'));
    expect(res.status).toBe(200);
    expect(res.body.entries.find((e: { id: string }) => e.id === 'scold')).toBeUndefined();
    const missing = await request(t.app).get('/api/lexicon/versions/9999').set(t.auth('viewer'));
    expect(missing.status).toBe(404);
  });
});

describe('proposing a retirement (co-production members propose, approvers decide)', () => {
  const berate = () => entry('berate', { terms: ['berate'], replace: ['talk to'], examples: { flag: ['We may berate you.'], pass: ['We may talk to you.'] } });
  const flagged = async () => (await lintIds('We may berate you.')).includes('lexicon/berate');

  it('coproduction proposes, lint keeps the entry until an approver approves; reject keeps it; DELETE stays for approvers', async () => {
    const proposed = await request(t.app).post('/api/lexicon/entries').set(t.auth('coproduction')).send({ entry: berate(), comment: 'Sounds like a telling-off.' });
    const approved = await request(t.app).post('/api/lexicon/entries/berate/approve').set(t.auth('approver')).set('If-Match', proposed.headers.etag).send({});
    expect(approved.status).toBe(200);
    expect(await flagged()).toBe(true);

    // Co-production cannot retire directly, and a proposal needs If-Match and a reason.
    const direct = await request(t.app).delete('/api/lexicon/entries/berate').set(t.auth('coproduction')).set('If-Match', approved.headers.etag).send({});
    expect(direct.status).toBe(403);
    const noMatch = await request(t.app).post('/api/lexicon/entries/berate/propose-retirement').set(t.auth('coproduction')).send({ comment: 'Nobody says this any more.' });
    expect(noMatch.status).toBe(428);
    const noReason = await request(t.app).post('/api/lexicon/entries/berate/propose-retirement').set(t.auth('coproduction')).set('If-Match', approved.headers.etag).send({});
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ path: 'comment' })]);

    const first = await request(t.app).post('/api/lexicon/entries/berate/propose-retirement').set(t.auth('coproduction')).set('If-Match', approved.headers.etag).send({ comment: 'Nobody says this any more.' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'approved', pendingRetirement: true, pending: null });
    expect(await flagged()).toBe(true);
    // A stale ETag is refused and changes nothing.
    const stale = await request(t.app).post('/api/lexicon/entries/berate/propose-retirement').set(t.auth('coproduction')).set('If-Match', approved.headers.etag).send({ comment: 'Again.' });
    expect(stale.status).toBe(412);

    const rejected = await request(t.app).post('/api/lexicon/entries/berate/reject').set(t.auth('approver')).set('If-Match', first.headers.etag).send({ comment: 'We still see it in letters.' });
    expect(rejected.body).toMatchObject({ status: 'approved', pendingRetirement: false });
    expect(await flagged()).toBe(true);

    const before = await version();
    const second = await request(t.app).post('/api/lexicon/entries/berate/propose-retirement').set(t.auth('coproduction')).set('If-Match', rejected.headers.etag).send({ comment: 'Checked again: it is gone from every letter.' });
    const listed = await request(t.app).get('/api/lexicon/entries?status=approved').set(t.auth('viewer'));
    expect(listed.body.entries.find((e: { id: string }) => e.id === 'berate')).toMatchObject({ pendingRetirement: true });
    const retired = await request(t.app).post('/api/lexicon/entries/berate/approve').set(t.auth('approver')).set('If-Match', second.headers.etag).send({ comment: 'Agreed.' });
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({ status: 'retired', pendingRetirement: false, lexiconVersion: before + 1 });
    expect(await flagged()).toBe(false);

    const again = await request(t.app).post('/api/lexicon/entries/berate/propose-retirement').set(t.auth('coproduction')).set('If-Match', retired.headers.etag).send({ comment: 'Twice.' });
    expect(again.status).toBe(409);

    const history = await request(t.app).get('/api/lexicon/history?entry=berate').set(t.auth('viewer'));
    const steps = history.body.history.map((h: { action: string; actor: { name: string }; reason: string }) => [h.action, h.actor.name, h.reason]).reverse();
    expect(steps.slice(2)).toEqual([
      ['propose-retire', 'test coproduction', 'Nobody says this any more.'],
      ['reject', 'test approver', 'We still see it in letters.'],
      ['propose-retire', 'test coproduction', 'Checked again: it is gone from every letter.'],
      ['retire', 'test approver', 'Agreed.'],
    ]);
    const audit = await request(t.app).get('/api/audit?targetType=lexicon-entry&targetId=berate').set(t.auth('admin'));
    const actions = audit.body.events.map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a === 'lexicon.propose-retire')).toHaveLength(2);
    expect(actions[0]).toBe('lexicon.retire');
    expect(audit.body.events[0].detail).toMatchObject({ approvedProposal: second.body.revision });
  });

  it('a proposal that was never approved cannot be proposed for retirement (an approver rejects it)', async () => {
    const proposed = await request(t.app).post('/api/lexicon/entries').set(t.auth('coproduction')).send({ entry: entry('upbraid', { terms: ['upbraid'], examples: { flag: ['We upbraid you.'], pass: ['We help you.'] } }) });
    const res = await request(t.app).post('/api/lexicon/entries/upbraid/propose-retirement').set(t.auth('coproduction')).set('If-Match', proposed.headers.etag).send({ comment: 'Not needed.' });
    expect(res.status).toBe(409);
    expect(res.body.detail).toMatch(/reject/);
  });
});

describe('export and import', () => {
  for (const format of ['yaml', 'csv'] as const) {
    it(`${format}: importing an export changes nothing and keeps the version`, async () => {
      const before = await request(t.app).get('/api/lexicon').set(t.auth('viewer'));
      const exported = await request(t.app).get(`/api/lexicon/export?format=${format}`).set(t.auth('viewer')).buffer(true).parse((res, cb) => {
        let data = '';
        res.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
        res.on('end', () => cb(null, data));
      });
      expect(exported.status).toBe(200);
      const text = exported.body as string;
      const parsed = format === 'yaml' ? parseLexiconYaml(text, 'export') : lexiconFromCsv(text, 'export');
      expect(JSON.parse(JSON.stringify(parsed))).toEqual(before.body.entries);

      const imported = await request(t.app)
        .post('/api/lexicon/import?retireMissing=true')
        .set(t.auth('approver'))
        .set('If-Match', exported.headers.etag)
        .set('Content-Type', format === 'yaml' ? 'application/yaml' : 'text/csv')
        .send(text);
      expect(imported.status).toBe(200);
      expect(imported.body.created).toEqual([]);
      expect(imported.body.updated).toEqual([]);
      expect(imported.body.retired).toEqual([]);
      expect(imported.body.lexiconVersion).toBe(before.body.version);
      const after = await request(t.app).get('/api/lexicon').set(t.auth('viewer'));
      expect(after.body).toEqual(before.body);
    });
  }

  it('an import with a changed entry approves it and makes one new version; a bad file changes nothing', async () => {
    const before = await request(t.app).get('/api/lexicon').set(t.auth('viewer'));
    const yaml = `- id: imported-one\n  terms: [rebuke]\n  replace: [talk to]\n  severity: warning\n  reason: Sounds like telling off.\n  examples:\n    flag: ["We will rebuke you."]\n    pass: ["We will talk to you."]\n`;
    const ok = await request(t.app).post('/api/lexicon/import').set(t.auth('approver')).set('If-Match', '*').set('Content-Type', 'application/yaml').send(yaml);
    expect(ok.status).toBe(200);
    expect(ok.body.created).toEqual(['imported-one']);
    expect(ok.body.lexiconVersion).toBe(before.body.version + 1);

    const bad = yaml.replace('flag: ["We will rebuke you."]', 'flag: ["Nothing to see."]').replace('imported-one', 'imported-two');
    const refused = await request(t.app).post('/api/lexicon/import').set(t.auth('approver')).set('If-Match', '*').set('Content-Type', 'application/yaml').send(bad);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('LEXICON_EXAMPLES_FAILED');
    const broken = await request(t.app).post('/api/lexicon/import').set(t.auth('approver')).set('If-Match', '*').set('Content-Type', 'application/yaml').send('- id: [unclosed');
    expect(broken.status).toBe(422);
    expect(broken.body.code).toBe('LEXICON_INVALID');
    expect(broken.body.detail).toMatch(/uploaded YAML:\d+:\d+/);
    expect(await version()).toBe(before.body.version + 1);
  });

  it("an import needs the ETag of the export it came from: none is 428, a stale one 412 and changes nothing (an approval since is not undone)", async () => {
    const exported = await request(t.app).get('/api/lexicon/export?format=yaml').set(t.auth('viewer')).buffer(true).parse((res, cb) => {
      let data = '';
      res.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      res.on('end', () => cb(null, data));
    });
    const stale = exported.body as string;
    expect(exported.headers.etag).toMatch(/^"lexicon-\d+-yaml"$/);
    const missing = await request(t.app).post('/api/lexicon/import').set(t.auth('approver')).set('Content-Type', 'application/yaml').send(stale);
    expect(missing.status).toBe(428);
    expect(missing.body.detail).toContain('If-Match');
    const odd = await request(t.app).post('/api/lexicon/import').set(t.auth('approver')).set('If-Match', '"a-number-of.1"').set('Content-Type', 'application/yaml').send(stale);
    expect(odd.status).toBe(412);

    // Someone approves a change after the export…
    const yaml = `- id: approved-after-export\n  terms: [scold]\n  replace: [talk to]\n  severity: warning\n  reason: Sounds like telling off.\n  examples:\n    flag: ["We will scold you."]\n    pass: ["We will talk to you."]\n`;
    const added = await request(t.app).post('/api/lexicon/import').set(t.auth('approver')).set('If-Match', exported.headers.etag).set('Content-Type', 'application/yaml').send(yaml);
    expect(added.status).toBe(200);
    const before = await request(t.app).get('/api/lexicon').set(t.auth('viewer'));
    // …so the old file, which would retire it, is refused and nothing changes.
    const refused = await request(t.app).post('/api/lexicon/import?retireMissing=true').set(t.auth('approver')).set('If-Match', exported.headers.etag).set('Content-Type', 'application/yaml').send(stale);
    expect(refused.status).toBe(412);
    expect(refused.body.code).toBe('PRECONDITION_FAILED');
    expect(refused.body.detail).toMatch(/from lexicon version \d+, and the lexicon is now at version \d+/);
    expect(await request(t.app).get('/api/lexicon').set(t.auth('viewer')).then((r) => r.body)).toEqual(before.body);
  });

  it('an import in a type it does not accept is 415', async () => {
    const res = await request(t.app).post('/api/lexicon/import').set(t.auth('approver')).set('If-Match', '*').set('Content-Type', 'application/pdf').send(Buffer.from('%PDF-1.4'));
    expect(res.status).toBe(415);
  });

  it('property: any lexicon of valid entries round-trips through YAML and CSV export/import', async () => {
    // Each run replaces the whole lexicon (retireMissing), so this test runs last and alone.
    const fresh = t;
    const word = fc.stringMatching(/^[a-z]{3,10}$/);
    const arbEntry = fc.record({
      term: word,
      replace: fc.array(fc.stringMatching(/^[a-z]{2,8}( [a-z]{2,8})?$/), { maxLength: 2 }),
      severity: fc.constantFrom('error', 'warning', 'suggestion'),
      reason: fc.stringMatching(/^[A-Z][a-z ,']{5,40}\.$/),
      kinds: fc.option(fc.subarray(['letter', 'agreement', 'guide'], { minLength: 1 }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(arbEntry, { minLength: 1, maxLength: 4, selector: (e) => e.term }), fc.constantFrom('yaml', 'csv'), async (specs, format) => {
        {
          const entries: LexiconEntry[] = specs.map((s) => ({
            id: `p-${s.term}`,
            terms: [s.term],
            replace: s.replace,
            severity: s.severity as LexiconEntry['severity'],
            reason: s.reason,
            ...(s.kinds ? { kinds: s.kinds as LexiconEntry['kinds'] } : {}),
            examples: { flag: [`Here is ${s.term} in a sentence.`], pass: ['Nothing in this one.'] },
          }));
          // The store keeps entries in id order, and so does the export.
          entries.sort((a, b) => (a.id < b.id ? -1 : 1));
          const { lexiconToYaml, lexiconToCsv } = await import('../../src/lexicon/index.js');
          const file = format === 'yaml' ? lexiconToYaml(entries) : lexiconToCsv(entries);
          const type = format === 'yaml' ? 'application/yaml' : 'text/csv';
          const first = await request(fresh.app).post('/api/lexicon/import?retireMissing=true').set(fresh.auth('approver')).set('If-Match', '*').set('Content-Type', type).send(file);
          expect(first.status).toBe(200);
          const exported = await request(fresh.app).get(`/api/lexicon/export?format=${format}`).set(fresh.auth('viewer')).buffer(true).parse((res, cb) => {
            let data = '';
            res.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
            res.on('end', () => cb(null, data));
          });
          expect(exported.body).toBe(file);
          const second = await request(fresh.app).post('/api/lexicon/import?retireMissing=true').set(fresh.auth('approver')).set('If-Match', exported.headers.etag).set('Content-Type', type).send(exported.body as string);
          expect(second.status).toBe(200);
          expect(second.body.lexiconVersion).toBe(first.body.lexiconVersion);
        }
      }),
      { numRuns: 25 },
    );
  });
});
