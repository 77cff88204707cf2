import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { turnCredentials, turnServerFor } from './turn-credentials.ts';

describe('turnCredentials (coturn use-auth-secret)', () => {
  it('matches a vector computed outside Node', () => {
    // printf '1700003600:p_Ab-9_xyz' | openssl dgst -sha1 -hmac north-wind -binary | base64
    expect(turnCredentials('north-wind', 'p_Ab-9_xyz', 1_700_003_600)).toEqual({
      username: '1700003600:p_Ab-9_xyz',
      credential: 'tlaWvLpM2atxDCvmlAB4uYssDTQ=',
    });
  });

  it('is base64(HMAC-SHA1(secret, username)) for any input', () => {
    const { username, credential } = turnCredentials('another secret ✓', 'u_rep', 2_000_000_000);
    expect(username).toBe('2000000000:u_rep');
    expect(credential).toBe(createHmac('sha1', 'another secret ✓').update('2000000000:u_rep').digest('base64'));
  });

  it('refuses a user containing coturn’s separator', () => {
    expect(() => turnCredentials('s', 'a:b', 1)).toThrow(/must not contain ':'/);
  });
});

describe('turnServerFor', () => {
  const turn = { urls: ['turn:turn.example.com:3478'], secret: 'north-wind', ttlSeconds: 3600 };

  it('expires TTL seconds after now, in whole seconds', () => {
    expect(turnServerFor(turn, 'p_Ab-9_xyz', 1_700_000_000_999)).toEqual({
      urls: ['turn:turn.example.com:3478'],
      username: '1700003600:p_Ab-9_xyz',
      credential: 'tlaWvLpM2atxDCvmlAB4uYssDTQ=',
    });
  });

  it('gives two participants, or one participant later, different credentials', () => {
    const a = turnServerFor(turn, 'p_a', 1_700_000_000_000);
    const b = turnServerFor(turn, 'p_b', 1_700_000_000_000);
    const aLater = turnServerFor(turn, 'p_a', 1_700_000_005_000);
    expect(new Set([a.username, b.username, aLater.username]).size).toBe(3);
    expect(new Set([a.credential, b.credential, aLater.credential]).size).toBe(3);
  });
});
