import { describe, expect, it } from 'vitest';
import { loadAuth, MIN_REFRESH_DELAY_MS, refreshDelay, saveAuth, STORAGE_KEY, type KeyValueStorage, type StoredAuth } from './tokens.ts';
import { memoryStorage, tokens } from './test-fakes.ts';

const MIN = 60_000;

describe('refreshDelay', () => {
  it('refreshes 15-minute tokens a minute before they expire', () => {
    const auth = { receivedAt: 0, expiresAt: 15 * MIN };
    expect(refreshDelay(auth, 0)).toBe(14 * MIN);
    expect(refreshDelay(auth, 10 * MIN)).toBe(4 * MIN);
  });

  it('refreshes short-lived tokens a fifth of their life early', () => {
    expect(refreshDelay({ receivedAt: 0, expiresAt: 2 * MIN }, 0)).toBe(96_000);
  });

  it('refreshes at once when the token has already expired (a tab woken from sleep)', () => {
    expect(refreshDelay({ receivedAt: 0, expiresAt: 15 * MIN }, 20 * MIN)).toBe(0);
  });

  it('never loops: with a clock far ahead of the server, it still waits the minimum', () => {
    // Our clock says the token expired before it arrived.
    expect(refreshDelay({ receivedAt: 100 * MIN, expiresAt: 15 * MIN }, 100 * MIN)).toBe(MIN_REFRESH_DELAY_MS);
  });
});

describe('loadAuth / saveAuth', () => {
  it('round-trips through storage', () => {
    const storage = memoryStorage();
    const auth: StoredAuth = { ...tokens(1000), receivedAt: 1000 };
    saveAuth(storage, auth);
    expect(loadAuth(storage, 2000)).toEqual(auth);
  });

  it('drops what does not parse, and a sign-in whose refresh token has run out', () => {
    const storage = memoryStorage();
    storage.setItem(STORAGE_KEY, '{"accessToken":1}');
    expect(loadAuth(storage, 0)).toBeNull();
    expect(storage.map.has(STORAGE_KEY)).toBe(false);

    storage.setItem(STORAGE_KEY, 'not json');
    expect(loadAuth(storage, 0)).toBeNull();

    const auth: StoredAuth = { ...tokens(0), receivedAt: 0 };
    saveAuth(storage, auth);
    expect(loadAuth(storage, auth.refreshExpiresAt)).toBeNull();
    expect(storage.map.has(STORAGE_KEY)).toBe(false);
  });

  it('copes with storage that throws (blocked by the browser)', () => {
    const throwing: KeyValueStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(loadAuth(throwing, 0)).toBeNull();
    expect(() => saveAuth(throwing, { ...tokens(0), receivedAt: 0 })).not.toThrow();
  });
});
