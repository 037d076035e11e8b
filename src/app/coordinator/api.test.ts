import { afterEach, describe, expect, it, vi } from 'vitest';
import { coordinatorApi, CoordinatorApiError } from './api';

function answer(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

function stubFetch(response: Response | Error) {
  const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) => {
    if (response instanceof Error) throw response;
    return response;
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const sha = 'a'.repeat(64);
const noticeRef = { id: 'notice', version: 2, lang: 'ar', sha256: sha };
const revision = (payload: unknown) => ({
  rev: 1,
  baseRev: 0,
  formRef: 'profilingbogen@1',
  noticeRef,
  payload,
  payloadSha256: sha,
  deviceId: '3f1c2a4e-8b7d-4c1e-9f00-1a2b3c4d5e6f',
  seq: 1,
  receivedAt: '2025-03-01T09:00:00.000Z',
});

describe('coordinatorApi', () => {
  it('sends JSON on the same origin with the session cookie', async () => {
    const fetchMock = stubFetch(answer(200, { coordinator: { id: 'c1', name: 'Anna' }, expiresAt: '2025-03-01T21:00:00.000Z' }));
    await expect(coordinatorApi.login({ name: 'Anna', password: 'secret secret' })).resolves.toEqual({
      coordinator: { id: 'c1', name: 'Anna' },
      expiresAt: '2025-03-01T21:00:00.000Z',
    });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/v1/auth/login');
    expect(init).toMatchObject({ method: 'POST', credentials: 'same-origin', body: JSON.stringify({ name: 'Anna', password: 'secret secret' }) });
  });

  it("turns the server's error answer into a typed error, with Retry-After on a 429", async () => {
    stubFetch(answer(429, { error: { code: 'too_many_attempts', message: 'Too many failed attempts.' } }, { 'retry-after': '540' }));
    const error = await coordinatorApi.login({ name: 'Anna', password: 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CoordinatorApiError);
    expect(error).toMatchObject({ status: 429, code: 'too_many_attempts', message: 'Too many failed attempts.', retryAfterSeconds: 540 });
  });

  it('reports no answer at all as `network`, and an answer of the wrong shape as `invalid_response`', async () => {
    stubFetch(new TypeError('Failed to fetch'));
    await expect(coordinatorApi.devices()).rejects.toMatchObject({ status: 0, code: 'network' });
    stubFetch(answer(200, { devices: [{ id: 'not a device' }] }));
    await expect(coordinatorApi.devices()).rejects.toMatchObject({ code: 'invalid_response' });
    stubFetch(new Response('<html>', { status: 502 }));
    await expect(coordinatorApi.devices()).rejects.toMatchObject({ status: 502, code: 'http_502' });
  });

  it('keeps only the consent status of a stored payload, never the answers', async () => {
    const consent = { events: [{ event_type: 'given', event_state: 'given' }, { event_type: 'withdrawn', event_state: 'withdrawn' }] };
    stubFetch(
      answer(200, {
        record: null,
        revisions: [revision({ consent, answers: { surname: 'Haddad' } }), revision({ answers: null })],
        conflicts: [{ ...revision({ consent: { events: [{ event_state: 'refused' }] }, answers: null }), serverRev: 1 }],
        outcomes: [],
      }),
    );
    const detail = await coordinatorApi.record('3f1c2a4e-8b7d-4c1e-9f00-1a2b3c4d5e6f');
    expect(detail.revisions.map((stored) => stored.consentStatus)).toEqual(['withdrawn', null]);
    expect(detail.conflicts[0]?.consentStatus).toBe('refused');
    expect(JSON.stringify(detail)).not.toContain('Haddad');
    expect(detail.revisions[0]).not.toHaveProperty('payload');
  });

  it('asks for a page of the records of one device on its own route', async () => {
    const fetchMock = stubFetch(answer(200, { records: [], page: { offset: 100, limit: 50, total: 120 } }));
    const list = await coordinatorApi.records({ deviceId: '3f1c2a4e-8b7d-4c1e-9f00-1a2b3c4d5e6f' }, { offset: 100, limit: 50 });
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/v1/devices/3f1c2a4e-8b7d-4c1e-9f00-1a2b3c4d5e6f/records?offset=100&limit=50');
    expect(list.page.total).toBe(120);
  });
});
