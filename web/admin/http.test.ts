import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ApiError, callBlob, callEmpty, callJson, reasonForStatus } from './http.ts';
import { apiError, json, on, scriptedFetch } from './test-fakes.ts';

const Reply = z.object({ ok: z.literal(true) });

describe('callJson', () => {
  it('sends JSON with the bearer token and parses the reply with the schema', async () => {
    const fetch = scriptedFetch(on('POST', '/api/x', () => json(200, { ok: true, extra: 1 })));
    await expect(callJson(fetch, '/api/x', Reply, { method: 'POST', body: { a: 1 }, token: 'tok' })).resolves.toEqual({ ok: true });
    expect(fetch.calls[0]).toMatchObject({
      method: 'POST',
      body: { a: 1 },
      headers: { authorization: 'Bearer tok', 'content-type': 'application/json' },
    });
  });

  it('refuses a reply that does not match the contract (never casts)', async () => {
    const fetch = scriptedFetch(on('GET', '/api/x', () => json(200, { ok: 'yes' })));
    await expect(callJson(fetch, '/api/x', Reply)).rejects.toMatchObject({ reason: 'internal', status: 200 });
  });

  it('turns an error reply into an ApiError with its reason and message', async () => {
    const fetch = scriptedFetch(on('GET', '/api/x', () => apiError(401, 'bad_credentials', 'wrong e-mail address or password')));
    const error = await callJson(fetch, '/api/x', Reply).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ reason: 'bad_credentials', status: 401, message: 'wrong e-mail address or password' });
  });

  it('falls back to the status when the reply carries no known reason', async () => {
    const fetch = scriptedFetch(
      on('GET', '/api/html', () => new Response('<h1>Bad gateway</h1>', { status: 502 })),
      on('GET', '/api/odd', () => apiError(403, 'some_new_reason')),
    );
    await expect(callJson(fetch, '/api/html', Reply)).rejects.toMatchObject({ reason: 'internal', status: 502 });
    await expect(callJson(fetch, '/api/odd', Reply)).rejects.toMatchObject({ reason: 'forbidden', status: 403 });
  });

  it('says network when the server cannot be reached', async () => {
    const fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    await expect(callJson(fetch, '/api/x', Reply)).rejects.toMatchObject({ reason: 'network', status: 0 });
  });
});

describe('callEmpty and callBlob', () => {
  it('accept a 204 and return a file', async () => {
    const fetch = scriptedFetch(
      on('DELETE', '/api/q', () => new Response(null, { status: 204 })),
      on('GET', '/api/csv', () => new Response('id,type\n1,session.start\n', { status: 200, headers: { 'content-type': 'text/csv' } })),
    );
    await expect(callEmpty(fetch, '/api/q', { method: 'DELETE', token: 't' })).resolves.toBeUndefined();
    const blob = await callBlob(fetch, '/api/csv', { token: 't' });
    expect(await blob.text()).toBe('id,type\n1,session.start\n');
    expect(fetch.calls[1]?.headers.authorization).toBe('Bearer t');
  });
});

describe('reasonForStatus', () => {
  it('maps the contract statuses', () => {
    expect([400, 401, 403, 404, 409, 413, 429, 500].map(reasonForStatus)).toEqual([
      'malformed',
      'unauthenticated',
      'forbidden',
      'malformed',
      'malformed',
      'too_large',
      'rate_limited',
      'internal',
    ]);
  });
});
