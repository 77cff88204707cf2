import { describe, expect, it } from 'vitest';
import type { Participant } from '../shared/protocol/common.ts';
import { DashboardSession } from '../shared/protocol/runtime.ts';
import {
  customerState,
  listedParticipants,
  qualityParts,
  sessionTabLabel,
  showSessionTabs,
  supportFocus,
  switchedWhileShared,
} from './participant-view.ts';

const person = (id: string, name: string, state: Participant['state'], role: Participant['role'] = 'customer'): Participant => ({
  id,
  name,
  role,
  state,
  joinedAt: 1,
});

function session(id: string, kind: 'single' | 'multi', participants: Participant[], extra: Partial<DashboardSession> = {}): DashboardSession {
  return DashboardSession.parse({
    info: { id, number: '123456789', joinToken: 'A'.repeat(22), joinUrl: 'http://127.0.0.1:8787/join/123456789?t=x', startedAt: 1, kind },
    participants,
    peers: {},
    share: { status: 'idle' },
    ...extra,
  });
}

describe('customerState', () => {
  it('takes the server’s state, and calls a connected customer whose media link struggles reconnecting', () => {
    expect(customerState(person('cust-01', 'Kim', 'lobby'), undefined)).toBe('lobby');
    expect(customerState(person('cust-01', 'Kim', 'left'), 'connected')).toBe('left');
    expect(customerState(person('cust-01', 'Kim', 'connected'), 'connected')).toBe('connected');
    expect(customerState(person('cust-01', 'Kim', 'connected'), 'connecting')).toBe('connected');
    expect(customerState(person('cust-01', 'Kim', 'connected'), 'reconnecting')).toBe('reconnecting');
    expect(customerState(person('cust-01', 'Kim', 'connected'), 'failed')).toBe('reconnecting');
  });
});

describe('qualityParts', () => {
  it('rounds the round trip and leaves out negligible loss', () => {
    expect(qualityParts({ level: 'good', rttMs: 12.4, lossPct: 0.1 })).toEqual({ level: 'good', rttMs: 12 });
    expect(qualityParts({ level: 'poor', rttMs: 380.6, lossPct: 7.25 })).toEqual({ level: 'poor', rttMs: 381, lossPct: 7.3 });
    expect(qualityParts({ level: 'fair' })).toEqual({ level: 'fair' });
  });
});

describe('listedParticipants', () => {
  it('leaves the rep out and lists those who left last', () => {
    const list = listedParticipants([
      person('rep-0001', 'Sam', 'connected', 'controller'),
      person('cust-01', 'Gone', 'left'),
      person('cust-02', 'Kim', 'connected'),
      person('asst-01', 'Ana', 'connected', 'assistant'),
    ]);
    expect(list.map((p) => p.name)).toEqual(['Kim', 'Ana', 'Gone']);
  });
});

describe('session tabs', () => {
  const rep = person('rep-0001', 'Sam', 'connected', 'controller');
  it('name a session by its number and its customer (the supported one first)', () => {
    expect(sessionTabLabel(session('sess-01', 'multi', [rep]))).toEqual({ label: '123 456 789' });
    expect(sessionTabLabel(session('sess-01', 'multi', [rep, person('cust-01', 'Gone', 'left')]))).toEqual({ label: '123 456 789' });
    const two = [rep, person('cust-01', 'Kim', 'connected'), person('cust-02', 'Lee', 'connected')];
    expect(sessionTabLabel(session('sess-01', 'single', two))).toEqual({ label: '123 456 789', detail: 'Kim' });
    expect(sessionTabLabel(session('sess-01', 'single', two, { selectedId: 'cust-02' }))).toEqual({ label: '123 456 789', detail: 'Lee' });
  });

  it('appear with more than one session, or for a one-customer-per-session session', () => {
    const single = session('sess-01', 'single', [rep]);
    const multi = session('sess-02', 'multi', [rep]);
    expect(showSessionTabs([single], single)).toBe(false);
    expect(showSessionTabs([multi], multi)).toBe(true);
    expect(showSessionTabs([single, multi], single)).toBe(true);
    expect(showSessionTabs([], null)).toBe(false);
  });
});

describe('switchedWhileShared', () => {
  const rep = person('rep-0001', 'Sam', 'connected', 'controller');
  const people = [rep, person('cust-01', 'Kim', 'connected'), person('cust-02', 'Lee', 'connected')];
  const sharing = { share: { status: 'sharing' as const, tabTitle: 'Tab' } };
  it('is true when another customer is selected while something was shared', () => {
    const before = supportFocus([], session('sess-01', 'single', people, { selectedId: 'cust-01', ...sharing }));
    const after = supportFocus([], session('sess-01', 'single', people, { selectedId: 'cust-02' }));
    expect(switchedWhileShared(before, after)).toBe(true);
    const unshared = supportFocus([], session('sess-01', 'single', people, { selectedId: 'cust-01' }));
    expect(switchedWhileShared(unshared, after)).toBe(false);
  });

  it('is false for the first selection, and true for a customer’s screen on the stage', () => {
    const first = supportFocus([], session('sess-01', 'single', people, sharing));
    expect(switchedWhileShared(first, supportFocus([], session('sess-01', 'single', people, { selectedId: 'cust-01' })))).toBe(false);
    const viewing = supportFocus(
      [],
      session('sess-01', 'single', people, { selectedId: 'cust-01', stage: { participantId: 'cust-01', role: 'customer', name: 'Kim' } }),
    );
    expect(switchedWhileShared(viewing, supportFocus([], session('sess-01', 'single', people, { selectedId: 'cust-02' })))).toBe(true);
  });

  it('counts another session tab, but not a session that ended', () => {
    const one = session('sess-01', 'multi', people, sharing);
    const two = session('sess-02', 'multi', people);
    expect(switchedWhileShared(supportFocus([one, two], one), supportFocus([one, two], two))).toBe(true);
    expect(switchedWhileShared(supportFocus([one, two], one), supportFocus([two], two))).toBe(false);
  });
});
