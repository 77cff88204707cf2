// Site settings an administrator sets (FEATURES.md S1, S10, S11) and the server
// enforces. Stored in the server's store; edited on /admin or with
// `npm run admin -- settings set KEY VALUE`.
import { z } from 'zod';
import { IceServer } from './common.ts';

/** single: several customers in one session; multi: one customer per session (tabs); both: the rep chooses. */
export const SessionMode = z.enum(['single', 'multi', 'both']);
export type SessionMode = z.infer<typeof SessionMode>;
/**
 * What one session is (S11, S15): 'single' holds several customers and the rep
 * selects whom to support; 'multi' holds one customer, and the rep runs several
 * such sessions side by side as session tabs. A rep whose mode is 'both' picks
 * per session.
 */
export const SessionKind = z.enum(['single', 'multi']);
export type SessionKind = z.infer<typeof SessionKind>;

/** server: the server sends invitations by SMTP; client: only through the rep's own mail program (mailto:). */
export const EmailMode = z.enum(['server', 'client']);
export type EmailMode = z.infer<typeof EmailMode>;

export const SiteSettings = z.object({
  sessionMode: SessionMode,
  /** Customers one rep may support at once, over all their sessions (S11). */
  maxCustomers: z.number().int().min(1).max(100),
  emailMode: EmailMode,
  /** A customer with the number alone (no link token) waits for the rep to admit them. */
  admitNumberOnlyJoins: z.boolean(),
  /** STUN/TURN servers handed to clients, in addition to those from the environment. */
  iceServers: z.array(IceServer).max(16),
});
export type SiteSettings = z.infer<typeof SiteSettings>;

export const DEFAULT_SETTINGS: SiteSettings = {
  sessionMode: 'both',
  maxCustomers: 5,
  emailMode: 'client',
  admitNumberOnlyJoins: true,
  iceServers: [],
};

export type SettingKey = keyof SiteSettings;
export const SETTING_KEYS = Object.keys(SiteSettings.shape) as SettingKey[];
