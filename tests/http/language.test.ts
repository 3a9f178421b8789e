/**
 * A template in Welsh over HTTP: the rendered document declares its language, and the rules
 * that work only in English say they were not applied (`X-Not-Applied` on a render,
 * `notApplied` from a check).
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGLISH_ONLY } from '../../src/lint/index.js';
import { type TestApp, createTestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.dispose();
});

const SOURCE = `---
id: croeso
title: Croeso
kind: leaflet
profile: standard
layout: document
lang: cy
fields:
  when: { type: date }
example:
  when: 2021-03-01
---
# Croeso

Byddwn yn eich ffonio ar {{date when}}.
`;

describe('a template in Welsh', () => {
  it('renders declaring cy-GB, and says which English-only rules were not applied', async () => {
    const saved = await request(t.app).put('/api/templates/croeso').set(t.auth('policy')).send({ source: SOURCE });
    expect(saved.status).toBe(201);
    const html = await request(t.app).post('/api/templates/croeso/render').set(t.auth('policy')).send({ data: { when: '2021-03-01' }, format: 'html', draft: true });
    expect(html.status).toBe(200);
    expect(html.text).toContain('<html lang="cy-GB"');
    expect(html.text).toContain('1 Mawrth 2021');
    expect(html.headers['x-not-applied'].split(', ')).toEqual(ENGLISH_ONLY);
    const check = await request(t.app).post('/api/templates/croeso/check').set(t.auth('policy')).send({ data: { when: '2021-03-01' }, version: saved.body.version });
    expect(check.status).toBe(200);
    expect(check.body.notApplied).toEqual(ENGLISH_ONLY);
  });

  it('an English document has no X-Not-Applied header', async () => {
    const example = (await request(t.app).get('/api/templates/financial-checkup').set(t.auth('viewer'))).body.example;
    const res = await request(t.app).post('/api/templates/financial-checkup/render').set(t.auth('finance')).send({ data: example, format: 'text' });
    expect(res.status).toBe(200);
    expect(res.headers['x-not-applied']).toBeUndefined();
  });
});
