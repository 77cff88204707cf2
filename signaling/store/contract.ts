// The store contract (DESIGN.md: "Both stores pass one shared contract test
// suite"): what every Store engine must do, written once. A test file calls
// describeStoreContract with a harness that opens the engine; SQLite runs it in
// test/integration/store-contract.test.ts, and the Redis store will run the
// same suite with its own harness.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/shared/protocol/admin.ts';
import { DEFAULT_SETTINGS } from '../../src/shared/protocol/settings.ts';
import { DuplicateError, type NewAuditEvent, type Store, type WaitingEntry } from './store.ts';

export interface StoreHarness {
  /** A new, empty store. */
  open(): Promise<Store>;
  /** Closes `store` and opens the same data again, as a restarted server would. */
  reopen(store: Store): Promise<Store>;
  /** Removes whatever open() created. */
  cleanup(): Promise<void>;
}

const MINUTE = 60_000;
const TTL = { accessMs: 15 * MINUTE, refreshMs: 30 * 24 * 60 * MINUTE };
const T0 = 1_700_000_000_000;
const alex = { email: ' Alex@Example.COM ', name: 'Alex', passwordHash: 'scrypt$…', roles: ['rep' as const] };

function event(overrides: Partial<NewAuditEvent> = {}): NewAuditEvent {
  return { at: T0, type: 'session.start', actorId: 'u_abcdefghijklmnop', actor: 'alex@example.com', sessionNumber: '123456789', ip: '127.0.0.1', detail: {}, ...overrides };
}

async function collect(events: AsyncIterable<AuditEvent>): Promise<AuditEvent[]> {
  const all: AuditEvent[] = [];
  for await (const e of events) all.push(e);
  return all;
}

export function describeStoreContract(engine: string, makeHarness: () => StoreHarness): void {
  describe(`store contract: ${engine}`, () => {
    const harness = makeHarness();
    let store: Store;
    beforeEach(async () => {
      store = await harness.open();
    });
    afterEach(() => store.close());
    afterAll(() => harness.cleanup());

    describe('users', () => {
      it('creates users with a normalised e-mail and finds them by e-mail or id', async () => {
        const user = await store.users.create(alex);
        expect(user).toMatchObject({ email: 'alex@example.com', name: 'Alex', roles: ['rep'], disabled: false, sessionMode: null });
        expect(user.id).toMatch(/^u_[A-Za-z0-9_-]{16}$/);
        expect(await store.users.findByEmail('ALEX@example.com')).toEqual(user);
        expect(await store.users.findById(user.id)).toEqual(user);
        expect(await store.users.findByEmail('nobody@example.com')).toBeUndefined();
        expect(await store.users.findById('u_nobody0000000000')).toBeUndefined();
        expect(await store.users.count()).toBe(1);
      });

      it('refuses a second account with the same e-mail with a DuplicateError', async () => {
        await store.users.create(alex);
        const duplicate = store.users.create({ ...alex, email: 'alex@EXAMPLE.com', name: 'Other' });
        await expect(duplicate).rejects.toBeInstanceOf(DuplicateError);
        await expect(duplicate).rejects.toMatchObject({ what: 'email' });
        expect(await store.users.count()).toBe(1);
      });

      it('lists users oldest first and keeps a given session mode', async () => {
        const a = await store.users.create(alex);
        const b = await store.users.create({ ...alex, email: 'bo@example.com', name: 'Bo', roles: ['agent', 'rep', 'agent'], sessionMode: 'multi' });
        expect(b).toMatchObject({ roles: ['agent', 'rep'], sessionMode: 'multi' });
        expect((await store.users.list()).map((u) => u.id)).toEqual([a.id, b.id]);
      });

      it('updates only the given fields', async () => {
        const user = await store.users.create(alex);
        const renamed = await store.users.update(user.id, { name: 'Alex R.' });
        expect(renamed).toEqual({ ...user, name: 'Alex R.' });
        const changed = await store.users.update(user.id, {
          roles: ['admin', 'rep', 'admin'],
          disabled: true,
          sessionMode: 'single',
          passwordHash: 'scrypt$new',
        });
        expect(changed).toEqual({ ...user, name: 'Alex R.', roles: ['admin', 'rep'], disabled: true, sessionMode: 'single', passwordHash: 'scrypt$new' });
        expect(await store.users.findById(user.id)).toEqual(changed);
        expect(await store.users.update(user.id, { sessionMode: null })).toMatchObject({ sessionMode: null, disabled: true });
        expect(await store.users.update('u_nobody0000000000', { name: 'x' })).toBeUndefined();
      });
    });

    describe('tokens', () => {
      it('issues an access token (verifies until it expires) and a refresh token', async () => {
        const user = await store.users.create(alex);
        const tokens = await store.tokens.issue(user.id, TTL, T0);
        expect(tokens).toEqual({
          accessToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
          accessExpiresAt: T0 + TTL.accessMs,
          refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
          refreshExpiresAt: T0 + TTL.refreshMs,
        });
        expect((await store.tokens.verify(tokens.accessToken, T0 + TTL.accessMs - 1))?.id).toBe(user.id);
        expect(await store.tokens.verify(tokens.accessToken, T0 + TTL.accessMs)).toBeUndefined();
        // A refresh token is not an access token.
        expect(await store.tokens.verify(tokens.refreshToken, T0 + 1)).toBeUndefined();
        expect(await store.tokens.verify('x'.repeat(43), T0 + 1)).toBeUndefined();
      });

      it('trades a refresh token once for a new pair in the same sign-in', async () => {
        const user = await store.users.create(alex);
        const first = await store.tokens.issue(user.id, TTL, T0);
        const traded = await store.tokens.refresh(first.refreshToken, TTL, T0 + MINUTE);
        if (!traded.ok) throw new Error(`refresh refused: ${traded.why}`);
        expect(traded.user.id).toBe(user.id);
        expect(traded.tokens.refreshExpiresAt).toBe(T0 + MINUTE + TTL.refreshMs);
        expect(traded.tokens.refreshToken).not.toBe(first.refreshToken);
        expect((await store.tokens.verify(traded.tokens.accessToken, T0 + MINUTE))?.id).toBe(user.id);

        const again = await store.tokens.refresh(traded.tokens.refreshToken, TTL, T0 + 2 * MINUTE);
        expect(again.ok).toBe(true);
      });

      it('treats a spent refresh token as stolen: refused, and the whole sign-in is revoked', async () => {
        const user = await store.users.create(alex);
        const other = await store.tokens.issue(user.id, TTL, T0);
        const first = await store.tokens.issue(user.id, TTL, T0);
        const traded = await store.tokens.refresh(first.refreshToken, TTL, T0 + 1);
        if (!traded.ok) throw new Error('refresh refused');

        expect(await store.tokens.refresh(first.refreshToken, TTL, T0 + 2)).toEqual({ ok: false, why: 'reused' });
        expect(await store.tokens.verify(traded.tokens.accessToken, T0 + 3)).toBeUndefined();
        expect(await store.tokens.refresh(traded.tokens.refreshToken, TTL, T0 + 3)).toEqual({ ok: false, why: 'unknown' });
        // Another sign-in of the same user is untouched.
        expect((await store.tokens.verify(other.accessToken, T0 + 3))?.id).toBe(user.id);
        expect((await store.tokens.refresh(other.refreshToken, TTL, T0 + 3)).ok).toBe(true);
      });

      it('refuses an expired or unknown refresh token', async () => {
        const user = await store.users.create(alex);
        const tokens = await store.tokens.issue(user.id, TTL, T0);
        expect(await store.tokens.refresh(tokens.refreshToken, TTL, T0 + TTL.refreshMs)).toEqual({ ok: false, why: 'expired' });
        expect(await store.tokens.refresh('y'.repeat(43), TTL, T0)).toEqual({ ok: false, why: 'unknown' });
      });

      it('sign-out revokes the access token and its refresh token, not other sign-ins', async () => {
        const user = await store.users.create(alex);
        const signedOut = await store.tokens.issue(user.id, TTL, T0);
        const other = await store.tokens.issue(user.id, TTL, T0);
        await store.tokens.revoke(signedOut.accessToken);
        expect(await store.tokens.verify(signedOut.accessToken, T0 + 1)).toBeUndefined();
        expect(await store.tokens.refresh(signedOut.refreshToken, TTL, T0 + 1)).toEqual({ ok: false, why: 'unknown' });
        expect((await store.tokens.verify(other.accessToken, T0 + 1))?.id).toBe(user.id);
        await expect(store.tokens.revoke(signedOut.accessToken)).resolves.toBeUndefined();
      });

      it('signs out with an expired access token too: its refresh token is revoked', async () => {
        const user = await store.users.create(alex);
        const tokens = await store.tokens.issue(user.id, TTL, T0);
        // Another sign-in meanwhile, after the first access token expired.
        await store.tokens.issue(user.id, TTL, T0 + TTL.accessMs + 1);
        await store.tokens.revoke(tokens.accessToken);
        expect(await store.tokens.refresh(tokens.refreshToken, TTL, T0 + TTL.accessMs + 2)).toEqual({ ok: false, why: 'unknown' });
      });

      it('also revokes access tokens issued by a refresh of the same sign-in', async () => {
        const user = await store.users.create(alex);
        const first = await store.tokens.issue(user.id, TTL, T0);
        const traded = await store.tokens.refresh(first.refreshToken, TTL, T0 + 1);
        if (!traded.ok) throw new Error('refresh refused');
        await store.tokens.revoke(traded.tokens.accessToken);
        expect(await store.tokens.verify(first.accessToken, T0 + 2)).toBeUndefined();
        expect(await store.tokens.refresh(traded.tokens.refreshToken, TTL, T0 + 2)).toEqual({ ok: false, why: 'unknown' });
      });

      it('revokes every token of a user at once, and refuses tokens of disabled users', async () => {
        const user = await store.users.create(alex);
        const bo = await store.users.create({ ...alex, email: 'bo@example.com' });
        const a = await store.tokens.issue(user.id, TTL, T0);
        const b = await store.tokens.issue(user.id, TTL, T0);
        const kept = await store.tokens.issue(bo.id, TTL, T0);
        await store.tokens.revokeUser(user.id);
        for (const t of [a, b]) {
          expect(await store.tokens.verify(t.accessToken, T0 + 1)).toBeUndefined();
          expect(await store.tokens.refresh(t.refreshToken, TTL, T0 + 1)).toEqual({ ok: false, why: 'unknown' });
        }
        expect((await store.tokens.verify(kept.accessToken, T0 + 1))?.id).toBe(bo.id);

        await store.users.update(bo.id, { disabled: true });
        expect(await store.tokens.verify(kept.accessToken, T0 + 1)).toBeUndefined();
        expect(await store.tokens.refresh(kept.refreshToken, TTL, T0 + 1)).toEqual({ ok: false, why: 'unknown' });
      });
    });

    describe('settings', () => {
      it('answers the defaults before anything is set', async () => {
        expect(await store.settings.get()).toEqual(DEFAULT_SETTINGS);
      });

      it('stores the given keys and keeps the others', async () => {
        const ice = [{ urls: ['turn:turn.example.com:3478'], username: 'u', credential: 'c' }];
        const after = await store.settings.update({ maxCustomers: 1, iceServers: ice });
        expect(after).toEqual({ ...DEFAULT_SETTINGS, maxCustomers: 1, iceServers: ice });
        expect(await store.settings.get()).toEqual(after);
        expect(await store.settings.update({ admitNumberOnlyJoins: false })).toEqual({ ...after, admitNumberOnlyJoins: false });
        expect(await store.settings.update({})).toEqual({ ...after, admitNumberOnlyJoins: false });
      });

      it('refuses an invalid value and changes nothing', async () => {
        await store.settings.update({ maxCustomers: 3 });
        await expect(store.settings.update({ maxCustomers: -1, sessionMode: 'single' })).rejects.toThrow();
        await expect(store.settings.update({ sessionMode: 'sometimes' as never })).rejects.toThrow();
        expect(await store.settings.get()).toEqual({ ...DEFAULT_SETTINGS, maxCustomers: 3 });
      });
    });

    describe('queues', () => {
      it('creates queues with unique names, whatever their case', async () => {
        const billing = await store.queues.create('  Billing ');
        expect(billing).toEqual({ id: expect.stringMatching(/^q_[A-Za-z0-9_-]{16}$/), name: 'Billing', agentIds: [] });
        await expect(store.queues.create('BILLING')).rejects.toMatchObject({ what: 'queue name' });
        await expect(store.queues.create('billing')).rejects.toBeInstanceOf(DuplicateError);
        expect(await store.queues.findByName('bIlLiNg')).toEqual(billing);
        expect(await store.queues.findById(billing.id)).toEqual(billing);
        expect(await store.queues.findByName('sales')).toBeUndefined();
        expect(await store.queues.findById('q_nothing00000000')).toBeUndefined();
      });

      it('lists queues by name with their agents in the order they were added', async () => {
        const a = await store.users.create(alex);
        const b = await store.users.create({ ...alex, email: 'bo@example.com' });
        const support = await store.queues.create('Support');
        const billing = await store.queues.create('billing');
        expect(await store.queues.setAgents(support.id, [b.id, a.id, b.id])).toEqual({ ...support, agentIds: [b.id, a.id] });
        expect(await store.queues.addAgent(billing.id, a.id)).toEqual({ ...billing, agentIds: [a.id] });
        expect(await store.queues.addAgent(billing.id, a.id)).toEqual({ ...billing, agentIds: [a.id] });
        expect(await store.queues.list()).toEqual([
          { ...billing, agentIds: [a.id] },
          { ...support, agentIds: [b.id, a.id] },
        ]);
        expect(await store.queues.setAgents(support.id, [])).toEqual({ ...support, agentIds: [] });
        expect(await store.queues.setAgents('q_nothing00000000', [a.id])).toBeUndefined();
        expect(await store.queues.addAgent('q_nothing00000000', a.id)).toBeUndefined();
      });

      it('removes a queue and its memberships; the name is free again', async () => {
        const a = await store.users.create(alex);
        const queue = await store.queues.create('Support');
        await store.queues.addAgent(queue.id, a.id);
        expect(await store.queues.remove(queue.id)).toBe(true);
        expect(await store.queues.remove(queue.id)).toBe(false);
        expect(await store.queues.list()).toEqual([]);
        expect((await store.queues.create('support')).agentIds).toEqual([]);
      });
    });

    describe('queue waiting entries (issue #8)', () => {
      const entry = (id: string, queueId: string, overrides: Partial<WaitingEntry> = {}): WaitingEntry => ({
        id,
        sessionId: `s_${id}`,
        queueId,
        senderUserId: 'u_abcdefghijklmnop',
        message: null,
        enqueuedAt: T0,
        ...overrides,
      });

      it('lists entries in order of arrival across queues, keeps every field, and removes one by id', async () => {
        const support = await store.queues.create('Support');
        const billing = await store.queues.create('Billing');
        await store.waiting.add(entry('h_third0000000001', support.id, { message: 'VIP 😀', enqueuedAt: T0 + 5 }));
        await store.waiting.add(entry('h_first0000000001', billing.id));
        await store.waiting.add(entry('h_secnd0000000001', support.id, { enqueuedAt: T0 - 1 }));
        // Order of arrival is the order of add(), not the timestamps.
        expect((await store.waiting.list()).map((e) => e.id)).toEqual(['h_third0000000001', 'h_first0000000001', 'h_secnd0000000001']);
        expect((await store.waiting.list())[0]).toEqual(entry('h_third0000000001', support.id, { message: 'VIP 😀', enqueuedAt: T0 + 5 }));
        expect(await store.waiting.remove('h_first0000000001')).toBe(true);
        expect(await store.waiting.remove('h_first0000000001')).toBe(false);
        await store.waiting.add(entry('h_last00000000001', billing.id));
        expect((await store.waiting.list()).map((e) => e.id)).toEqual(['h_third0000000001', 'h_secnd0000000001', 'h_last00000000001']);
      });

      it('ignores a second add of the same id (it keeps its place) and drops entries of a removed queue', async () => {
        const support = await store.queues.create('Support');
        const billing = await store.queues.create('Billing');
        await store.waiting.add(entry('h_a00000000000001', support.id));
        await store.waiting.add(entry('h_b00000000000001', billing.id));
        await store.waiting.add(entry('h_a00000000000001', billing.id, { message: 'changed' }));
        expect(await store.waiting.list()).toEqual([entry('h_a00000000000001', support.id), entry('h_b00000000000001', billing.id)]);
        await store.queues.remove(support.id);
        expect((await store.waiting.list()).map((e) => e.id)).toEqual(['h_b00000000000001']);
      });
    });

    describe('audit log', () => {
      it('appends events with increasing ids and keeps every field', async () => {
        const first = await store.audit.append(event({ detail: { state: 'lobby', count: 2, ok: true, none: null } }));
        const second = await store.audit.append(event({ type: 'auth.failed', actorId: null, actor: 'x@example.com', sessionNumber: null, ip: null }));
        expect(second.id).toBeGreaterThan(first.id);
        expect(await store.audit.list({ limit: 10 })).toEqual([second, first]);
        expect(first.detail).toEqual({ state: 'lobby', count: 2, ok: true, none: null });
      });

      it('lists newest first, with a limit, before an id, and of one type', async () => {
        const events: AuditEvent[] = [];
        for (let i = 0; i < 6; i++) events.push(await store.audit.append(event({ at: T0 + i, type: i % 2 ? 'share.start' : 'share.stop' })));
        const ids = (list: AuditEvent[]) => list.map((e) => e.id);
        const [e0, e1, e2, e3, e4, e5] = events.map((e) => e.id);
        expect(ids(await store.audit.list({ limit: 2 }))).toEqual([e5, e4]);
        expect(ids(await store.audit.list({ limit: 2, before: e4 }))).toEqual([e3, e2]);
        expect(ids(await store.audit.list({ limit: 10, type: 'share.start' }))).toEqual([e5, e3, e1]);
        expect(ids(await store.audit.list({ limit: 10, type: 'share.start', before: e3 }))).toEqual([e1]);
        expect(ids(await store.audit.list({ limit: 10, type: 'auth.login' }))).toEqual([]);
        expect(ids(await store.audit.list({ limit: 10, before: e0 }))).toEqual([]);
      });

      it('walks the whole log oldest first, however long', async () => {
        // More than one page of any sensible page size.
        const count = 1234;
        for (let i = 0; i < count; i++) await store.audit.append(event({ at: T0 + i }));
        const all = await collect(store.audit.all());
        expect(all).toHaveLength(count);
        expect(all.map((e) => e.at)).toEqual(Array.from({ length: count }, (_, i) => T0 + i));
        expect(new Set(all.map((e) => e.id)).size).toBe(count);
      });
    });

    describe('after a restart', () => {
      it('still has users, tokens, settings, queues, waiting entries and audit events', async () => {
        const user = await store.users.create({ ...alex, roles: ['rep', 'agent'], sessionMode: 'multi' });
        const tokens = await store.tokens.issue(user.id, TTL, T0);
        const settings = await store.settings.update({ maxCustomers: 2, emailMode: 'server' });
        const queue = await store.queues.create('Support');
        await store.queues.addAgent(queue.id, user.id);
        const logged = await store.audit.append(event({ detail: { reason: 'ended_by_rep' } }));
        const other = await store.queues.create('Other');
        const waiting: WaitingEntry[] = ['h_w0000000000003', 'h_w0000000000001', 'h_w0000000000002'].map((id, i) => ({
          id,
          sessionId: `s_${id}`,
          queueId: i === 1 ? other.id : queue.id,
          senderUserId: user.id,
          message: i === 0 ? 'private' : null,
          enqueuedAt: T0 + i,
        }));
        for (const w of waiting) await store.waiting.add(w);

        store = await harness.reopen(store);
        expect(await store.users.findById(user.id)).toEqual(user);
        expect((await store.tokens.verify(tokens.accessToken, T0 + 1))?.id).toBe(user.id);
        expect((await store.tokens.refresh(tokens.refreshToken, TTL, T0 + 1)).ok).toBe(true);
        expect(await store.settings.get()).toEqual(settings);
        expect(await store.queues.list()).toEqual([{ ...other, agentIds: [] }, { ...queue, agentIds: [user.id] }]);
        expect(await store.audit.list({ limit: 10 })).toEqual([logged]);
        expect(await store.waiting.list()).toEqual(waiting);
      });
    });

    it('closes more than once without error', async () => {
      await store.close();
      await expect(store.close()).resolves.toBeUndefined();
    });
  });
}
