import { describe, expect, it } from 'vitest';
import { isStun, isTurn, routeOf } from './connection-check.ts';

/** An RTCStatsReport is a maplike of stats objects keyed by id. */
const report = (...entries: Record<string, unknown>[]) => new Map(entries.map((e) => [e.id as string, e])) as unknown as RTCStatsReport;

describe('routeOf', () => {
  const candidates = (localType: string, remoteType: string) => [
    { id: 'L', type: 'local-candidate', candidateType: localType },
    { id: 'R', type: 'remote-candidate', candidateType: remoteType },
  ];

  it('direct when both ends of the selected pair are host or reflexive candidates', () => {
    expect(routeOf(report({ id: 'T', type: 'transport', selectedCandidatePairId: 'P' }, { id: 'P', type: 'candidate-pair', localCandidateId: 'L', remoteCandidateId: 'R' }, ...candidates('host', 'srflx')))).toBe('direct');
  });

  it('relayed when either end is a TURN relay candidate', () => {
    const pair = { id: 'P', type: 'candidate-pair', localCandidateId: 'L', remoteCandidateId: 'R', nominated: true, state: 'succeeded' };
    expect(routeOf(report(pair, ...candidates('relay', 'host')))).toBe('relayed');
    expect(routeOf(report(pair, ...candidates('host', 'relay')))).toBe('relayed');
  });

  it('unknown before a pair is selected', () => {
    expect(routeOf(report({ id: 'P', type: 'candidate-pair', state: 'in-progress', localCandidateId: 'L', remoteCandidateId: 'R' }, ...candidates('host', 'host')))).toBeNull();
    expect(routeOf(report())).toBeNull();
  });
});

describe('server kinds', () => {
  it('tells STUN from TURN entries, turns: included', () => {
    expect(isStun({ urls: ['stun:a.test:3478', 'stun:b.test'] })).toBe(true);
    expect(isTurn({ urls: 'turns:a.test:5349', username: 'u', credential: 'c' })).toBe(true);
    expect(isStun({ urls: ['stun:a.test', 'turn:a.test'] })).toBe(false);
    expect(isTurn({ urls: 'stun:a.test' })).toBe(false);
  });
});
