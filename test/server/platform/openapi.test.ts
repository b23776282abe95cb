import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../../src/api/openapi.js';
import { VERSION } from '../../../src/version.js';
import { ROOT } from '../../helpers/portal.js';
import { makeApp } from './support.js';

describe('GET /openapi.json', () => {
  it('serves the generated document without a token, and it is valid OpenAPI', async () => {
    const { app } = makeApp();
    const res = await app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const doc = res.json();
    expect(doc).toEqual(buildOpenApi(VERSION));
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('is committed as openapi.json, up to date (regenerate with `npm run openapi`)', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const committed = JSON.parse(readFileSync(path.join(ROOT, 'openapi.json'), 'utf8'));
    expect(committed).toEqual(buildOpenApi(pkg.version));
  });
});

describe('GET /healthz', () => {
  it('answers ok without a token', async () => {
    const { app } = makeApp();
    const res = await app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
  });
});
