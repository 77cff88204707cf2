// The admin's sign-in: signs in and out, keeps the tokens in sessionStorage,
// refreshes them shortly before they expire and again whenever a call comes
// back 401, and lets only administrators stay signed in.
//
//   signed_out ──signIn (admin)──► signed_in ──refresh timer / 401──► (refresh) ─┐
//       ▲  ▲                           │  ▲                                       │
//       │  └─signIn (not admin):       │  └──────── new tokens ◄──────────────────┤
//       │    token revoked, stays out  │                                          │
//       └──── signOut / refresh refused (expired, disabled, no longer admin) ◄────┘
//
// One refresh at a time: the refresh token rotates on every use, so two
// overlapping refreshes would sign the admin out. A network failure keeps the
// sign-in and tries again a little later. Fetch, storage, clock and timers are
// injected (STYLE.md habit 8).
import { AuthTokens } from '../../src/shared/protocol/admin.ts';
import { ApiError, callEmpty, callJson, type Fetch } from './http.ts';
import { clearAuth, loadAuth, refreshDelay, saveAuth, type KeyValueStorage, type StoredAuth } from './tokens.ts';

export type SignedOutReason = 'signed_out' | 'expired' | 'disabled' | 'not_admin';

export type AuthState =
  | { status: 'signed_out'; reason: SignedOutReason | null }
  | { status: 'signed_in'; auth: StoredAuth };

export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface AuthOptions {
  fetch: Fetch;
  storage: KeyValueStorage;
  now: () => number;
  timers: Timers;
  /** Prefix for API paths; '' on the server's own pages. */
  baseUrl?: string;
}

/** What the admin API client needs: a valid access token for one call, refreshed and retried once on a 401. */
export interface Authorizer {
  withToken<T>(call: (token: string) => Promise<T>): Promise<T>;
}

/** After a failed refresh that may pass (network, server error), try again this much later. */
export const REFRESH_RETRY_MS = 15_000;

export class AuthSession implements Authorizer {
  readonly #options: AuthOptions;
  #state: AuthState;
  #timer: unknown = undefined;
  #refreshing: Promise<StoredAuth> | null = null;
  readonly #listeners = new Set<(state: AuthState) => void>();

  constructor(options: AuthOptions) {
    this.#options = options;
    const stored = loadAuth(options.storage, options.now());
    this.#state = stored ? { status: 'signed_in', auth: stored } : { status: 'signed_out', reason: null };
  }

  get state(): AuthState {
    return this.#state;
  }

  subscribe(listener: (state: AuthState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Start the refresh timer for a sign-in restored from storage (at once if its access token has expired). */
  start(): void {
    if (this.#state.status === 'signed_in') this.#schedule(refreshDelay(this.#state.auth, this.#options.now()));
  }

  dispose(): void {
    this.#clearTimer();
    this.#listeners.clear();
  }

  /** Resolves 'ok' when signed in as an administrator; throws an ApiError when the server refuses. */
  async signIn(email: string, password: string): Promise<'ok' | 'not_admin'> {
    const tokens = await callJson(this.#options.fetch, this.#url('/api/auth/login'), AuthTokens, {
      method: 'POST',
      body: { email, password },
    });
    if (!tokens.user.roles.includes('admin')) {
      this.#revoke(tokens.accessToken);
      this.#set({ status: 'signed_out', reason: 'not_admin' });
      return 'not_admin';
    }
    this.#accept(tokens);
    return 'ok';
  }

  /** Signs out here at once, then asks the server to revoke the tokens. */
  async signOut(): Promise<void> {
    if (this.#state.status !== 'signed_in') return;
    const { accessToken } = this.#state.auth;
    this.#end('signed_out');
    await callEmpty(this.#options.fetch, this.#url('/api/auth/logout'), { method: 'POST', token: accessToken }).catch(() => {});
  }

  async withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    let auth = this.#current();
    if (this.#options.now() >= auth.expiresAt) auth = await this.refresh();
    try {
      return await call(auth.accessToken);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) throw error;
      // Someone may have refreshed while this call was out: use theirs.
      const current = this.#current();
      const fresh = current.accessToken !== auth.accessToken ? current : await this.refresh();
      return call(fresh.accessToken);
    }
  }

  /** New tokens for the current ones; concurrent callers share one request. */
  refresh(): Promise<StoredAuth> {
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  async #refresh(): Promise<StoredAuth> {
    const auth = this.#current();
    this.#clearTimer();
    let tokens: AuthTokens;
    try {
      tokens = await callJson(this.#options.fetch, this.#url('/api/auth/refresh'), AuthTokens, {
        method: 'POST',
        body: { refreshToken: auth.refreshToken },
      });
    } catch (error) {
      const passing = !(error instanceof ApiError) || error.status === 0 || error.status >= 500 || error.reason === 'rate_limited';
      if (passing) {
        if (this.#state.status === 'signed_in') this.#schedule(REFRESH_RETRY_MS);
      } else {
        this.#end(error.reason === 'disabled' ? 'disabled' : 'expired');
      }
      throw error;
    }
    if (this.#state.status !== 'signed_in' || this.#state.auth !== auth) {
      // Signed out while the refresh was out: the new tokens must not outlive that.
      this.#revoke(tokens.accessToken);
      throw new ApiError('unauthenticated', 401, 'signed out');
    }
    return this.#accept(tokens);
  }

  #accept(tokens: AuthTokens): StoredAuth {
    if (!tokens.user.roles.includes('admin')) {
      this.#revoke(tokens.accessToken);
      this.#end('not_admin');
      throw new ApiError('forbidden', 403, 'not an administrator');
    }
    const auth: StoredAuth = { ...tokens, receivedAt: this.#options.now() };
    saveAuth(this.#options.storage, auth);
    this.#set({ status: 'signed_in', auth });
    this.#schedule(refreshDelay(auth, auth.receivedAt));
    return auth;
  }

  #current(): StoredAuth {
    if (this.#state.status !== 'signed_in') throw new ApiError('unauthenticated', 401, 'not signed in');
    return this.#state.auth;
  }

  #end(reason: SignedOutReason): void {
    this.#clearTimer();
    clearAuth(this.#options.storage);
    this.#set({ status: 'signed_out', reason });
  }

  #revoke(accessToken: string): void {
    void callEmpty(this.#options.fetch, this.#url('/api/auth/logout'), { method: 'POST', token: accessToken }).catch(() => {});
  }

  #schedule(ms: number): void {
    this.#clearTimer();
    this.#timer = this.#options.timers.set(() => {
      this.#timer = undefined;
      this.refresh().catch(() => {});
    }, ms);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.#options.timers.clear(this.#timer);
    this.#timer = undefined;
  }

  #set(state: AuthState): void {
    this.#state = state;
    for (const listener of this.#listeners) listener(state);
  }

  #url(path: string): string {
    return `${this.#options.baseUrl ?? ''}${path}`;
  }
}
