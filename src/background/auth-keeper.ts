// Keeps the rep's access token fresh. Access tokens live 15 minutes and refresh
// tokens rotate on use (src/shared/protocol/admin.ts), so every connection
// attempt asks here for credentials, refreshing first when the token is about
// to expire. Refreshes are single-flight: a second caller waits for the first.
import { PeerAssistError } from '../shared/protocol/errors.ts';
import { refresh as refreshTokens, type Auth } from './auth-client.ts';
import type { RepStore } from './rep-store.ts';
import type { Credentials } from './server-connection.ts';

/** Refresh this long before expiry, so a token never expires mid-handshake. */
const MARGIN_MS = 60_000;

export class AuthKeeper {
  #refreshing: Promise<Auth | undefined> | undefined;

  constructor(
    private readonly store: RepStore,
    private readonly refresh: (serverUrl: string, refreshToken: string) => Promise<Auth> = refreshTokens,
    private readonly now: () => number = Date.now,
  ) {}

  /** Credentials for the next connection, or undefined when the rep is (now) signed out. */
  async credentials(): Promise<Credentials | undefined> {
    const auth = this.store.auth;
    if (!auth) return undefined;
    if (auth.expiresAt - this.now() > MARGIN_MS) return { serverUrl: this.store.serverUrl, accessToken: auth.accessToken };
    const fresh = await this.refreshNow();
    return fresh && { serverUrl: this.store.serverUrl, accessToken: fresh.accessToken };
  }

  /**
   * Trade the refresh token for new tokens. A refusal (revoked, expired,
   * account disabled) signs the rep out with the reason shown; a network error
   * is thrown so the caller retries later.
   */
  refreshNow(): Promise<Auth | undefined> {
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #refresh(): Promise<Auth | undefined> {
    const auth = this.store.auth;
    if (!auth) return undefined;
    if (auth.refreshExpiresAt <= this.now()) {
      await this.store.signedOut({ reason: 'unauthenticated', message: 'the sign-in expired' });
      return undefined;
    }
    try {
      const fresh = await this.refresh(this.store.serverUrl, auth.refreshToken);
      await this.store.tokensRefreshed(fresh);
      return fresh;
    } catch (error) {
      if (error instanceof PeerAssistError && error.reason !== 'network' && error.reason !== 'internal') {
        await this.store.signedOut({ reason: error.reason, message: error.message });
        return undefined;
      }
      throw error;
    }
  }
}
