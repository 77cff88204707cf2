import { describe, expect, it } from 'vitest';
import { iceServersFor } from './effective.ts';
import { turnCredentials } from './turn-credentials.ts';

const stun = { urls: ['stun:env.example.com'] };
const adminTurn = { urls: 'turn:admin.example.com', username: 'admin', credential: 'pw' };
const NOW = 1_700_000_000_000;

describe('iceServersFor', () => {
  it('hands everyone the environment’s servers, then the site settings’', () => {
    const config = { iceServers: [stun], turnRest: undefined };
    expect(iceServersFor(config, { iceServers: [adminTurn] }, 'p_a', NOW)).toEqual([stun, adminTurn]);
    expect(iceServersFor(config, { iceServers: [adminTurn] }, 'p_b', NOW)).toEqual([stun, adminTurn]);
  });

  it('with TURN_SECRET, adds a TURN entry minted for this participant at this moment', () => {
    const config = { iceServers: [stun], turnRest: { urls: ['turn:turn.example.com'], secret: 'north-wind', ttlSeconds: 600 } };
    const servers = iceServersFor(config, { iceServers: [adminTurn] }, 'p_a', NOW);
    expect(servers).toEqual([stun, { urls: ['turn:turn.example.com'], ...turnCredentials('north-wind', 'p_a', NOW / 1000 + 600) }, adminTurn]);
    expect(iceServersFor(config, { iceServers: [] }, 'p_b', NOW)[1]?.username).toBe(`${NOW / 1000 + 600}:p_b`);
  });
});
