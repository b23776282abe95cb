import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../../src/contract/openapi.js';
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

describe('the error answers in the document', () => {
  const doc = buildOpenApi(VERSION) as {
    components: { schemas: Record<string, { type?: string; properties?: object }> };
    paths: Record<string, Record<string, { responses: Record<string, { $ref?: string }> }>>;
  };

  it('defines the Problem schema itself, not a reference to itself', () => {
    expect(doc.components.schemas.Problem).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['code']),
    });
    expect(Object.keys(doc.components.schemas.Problem?.properties ?? {})).toContain('status');
  });

  it('lists per operation the answers it can give, with the problem codes of each', () => {
    const codes = (path: string, method: string) => Object.keys(doc.paths[path]?.[method]?.responses ?? {});
    // A GET with no input and no permission: no body to read, nothing to validate, nothing to find.
    expect(codes('/v1/me', 'get')).toEqual(['200', '401', '429', '500', '503']);
    // A POST with a body, permissions, domain rules and an Idempotency-Key: every answer.
    expect(codes('/v1/clients', 'post')).toEqual([
      '201',
      '400',
      '401',
      '403',
      '404',
      '409',
      '413',
      '415',
      '422',
      '429',
      '500',
      '503',
    ]);
    // A path parameter can be malformed (400) or name nothing (404); a GET of one client has no conflict.
    expect(codes('/v1/clients/{id}', 'get')).toEqual(['200', '400', '401', '403', '404', '422', '429', '500', '503']);
    expect(doc.paths['/v1/clients']?.post?.responses['415']).toEqual({
      $ref: '#/components/responses/UnsupportedMediaType',
    });
    const conflict = doc.paths['/v1/clients']?.post?.responses['409'] as unknown as {
      description: string;
      content: Record<string, { examples: Record<string, unknown> }>;
    };
    expect(Object.keys(conflict.content['application/problem+json']?.examples ?? {})).toEqual([
      'email-taken',
      'duplicate-name',
      'cams-already-linked',
      'ca-already-imported',
      'provider-not-in-group',
      'idempotency-key-in-flight',
    ]);
    expect(conflict.description).toContain('- `email-taken`: Open the client in `existingClientId`');
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

describe('GET /docs', () => {
  it('serves the reference page the build made, without a token, with a policy that loads nothing from elsewhere', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'portalctl-docs-'));
    const file = path.join(dir, 'index.html');
    writeFileSync(file, '<!doctype html><title>Jobs Portal API reference</title>');
    const { app } = makeApp({ docsFile: file });
    const res = await app.inject({ url: '/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.body).toContain('Jobs Portal API reference');
    rmSync(dir, { recursive: true, force: true });
  });

  it('says how to build it when the page was not built', async () => {
    const { app } = makeApp({ docsFile: path.join(tmpdir(), 'portalctl-no-such-dir', 'index.html') });
    const res = await app.inject({ url: '/docs' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not-found', detail: expect.stringContaining('npm run build') });
  });
});
