// What the admin page's forms accept, checked with the contract's own schemas
// (src/shared/protocol/admin.ts, settings.ts) so the page never sends what the
// server would refuse, and each problem is tied to its field as a sentence key.
import type { MessageKey } from '../../src/shared/i18n/index.ts';
import { CreateUserRequest, Password, QueueName } from '../../src/shared/protocol/admin.ts';
import { Email, type IceServer, type Role } from '../../src/shared/protocol/common.ts';
import { SiteSettings, type EmailMode, type SessionMode } from '../../src/shared/protocol/settings.ts';

/** Field name (or path, "iceServers.0.urls") → what is wrong with it. */
export type FieldErrors = Record<string, MessageKey>;
export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

const failed = <T>(errors: FieldErrors): Parsed<T> => ({ ok: false, errors });

// ---- add a user --------------------------------------------------------------

export interface NewUserDraft {
  email: string;
  name: string;
  roles: Role[];
  /** Empty: the server generates one and returns it once. */
  password: string;
}

export type NewUser = ReturnType<typeof CreateUserRequest.parse>;

export function parseNewUser(draft: NewUserDraft): Parsed<NewUser> {
  const errors: FieldErrors = {};
  const email = Email.safeParse(draft.email);
  if (!email.success) errors.email = 'admin_invalid_email';
  const name = CreateUserRequest.shape.name.safeParse(draft.name);
  if (!name.success) errors.name = 'admin_invalid_user_name';
  if (draft.roles.length === 0) errors.roles = 'admin_invalid_roles';
  const password = draft.password === '' ? undefined : Password.safeParse(draft.password);
  if (password && !password.success) errors.password = 'admin_invalid_password';
  if (!email.success || !name.success || Object.keys(errors).length > 0) return failed(errors);
  return {
    ok: true,
    value: {
      email: email.data,
      name: name.data,
      roles: sortRoles(draft.roles),
      ...(password?.success && { password: password.data }),
    },
  };
}

/** A password the admin types when resetting one; empty = let the server generate it. */
export function parseNewPassword(input: string): Parsed<string | undefined> {
  if (input === '') return { ok: true, value: undefined };
  const password = Password.safeParse(input);
  return password.success ? { ok: true, value: password.data } : failed({ password: 'admin_invalid_password' });
}

const ROLE_ORDER: readonly Role[] = ['rep', 'agent', 'admin'];

export function sortRoles(roles: readonly Role[]): Role[] {
  return ROLE_ORDER.filter((role) => roles.includes(role));
}

export function toggleRole(roles: readonly Role[], role: Role, on: boolean): Role[] {
  return sortRoles(on ? [...roles, role] : roles.filter((r) => r !== role));
}

// ---- queues ------------------------------------------------------------------

export function parseQueueName(input: string): Parsed<string> {
  const name = QueueName.safeParse(input);
  return name.success ? { ok: true, value: name.data } : failed({ name: 'admin_invalid_queue_name' });
}

// ---- site settings -----------------------------------------------------------

export interface IceServerDraft {
  /** Stable identity for the list (rows are added and removed), never sent. */
  key: string;
  /** One or more URLs, separated by commas or spaces. */
  urls: string;
  username: string;
  credential: string;
}

export interface SettingsDraft {
  sessionMode: SessionMode;
  /** As typed. */
  maxCustomers: string;
  emailMode: EmailMode;
  admitNumberOnlyJoins: boolean;
  iceServers: IceServerDraft[];
}

/** SiteSettings.iceServers' .max(16). */
export const MAX_ICE_SERVERS = 16;
const MAX_URLS_PER_SERVER = 8;
// As the server checks them (signaling/settings/validate.ts): lower-case schemes.
const ICE_URL = /^(?:stuns?|turns?):[^\s,]+$/;
const NEEDS_CREDENTIALS = /^turns?:/;

let nextKey = 0;
export function newIceServerDraft(server?: IceServer): IceServerDraft {
  return {
    key: `ice-${++nextKey}`,
    urls: server ? (typeof server.urls === 'string' ? server.urls : server.urls.join(', ')) : '',
    username: server?.username ?? '',
    credential: server?.credential ?? '',
  };
}

export function settingsDraft(settings: SiteSettings): SettingsDraft {
  return {
    sessionMode: settings.sessionMode,
    maxCustomers: String(settings.maxCustomers),
    emailMode: settings.emailMode,
    admitNumberOnlyJoins: settings.admitNumberOnlyJoins,
    iceServers: settings.iceServers.map((server) => newIceServerDraft(server)),
  };
}

/** "3", " 3 ", "３" → 3; anything but a whole number from 1 to 100 is refused. */
export function parseMaxCustomers(input: string): number | null {
  const text = input.normalize('NFKC').trim();
  if (!/^\d{1,3}$/.test(text)) return null;
  const parsed = SiteSettings.shape.maxCustomers.safeParse(Number(text));
  return parsed.success ? parsed.data : null;
}

export function parseIceServer(draft: IceServerDraft, index: number, errors: FieldErrors): IceServer | null {
  const urls = draft.urls.split(/[\s,]+/).filter(Boolean);
  const username = draft.username.trim();
  const credential = draft.credential;
  const at = `iceServers.${index}`;
  if (urls.length === 0 || urls.length > MAX_URLS_PER_SERVER || !urls.every((url) => ICE_URL.test(url) && url.length <= 512)) {
    errors[`${at}.urls`] = 'admin_invalid_ice_urls';
    return null;
  }
  // A TURN server without them makes RTCPeerConnection throw at construction, on every client.
  if (urls.some((url) => NEEDS_CREDENTIALS.test(url))) {
    if (!username) errors[`${at}.username`] = 'admin_invalid_ice_credentials';
    if (!credential) errors[`${at}.credential`] = 'admin_invalid_ice_credentials';
    if (!username || !credential) return null;
  }
  if (username.length > 256) errors[`${at}.username`] = 'admin_invalid_value';
  if (credential.length > 256) errors[`${at}.credential`] = 'admin_invalid_value';
  if (username.length > 256 || credential.length > 256) return null;
  return {
    urls: urls.length === 1 ? urls[0]! : urls,
    ...(username && { username }),
    ...(credential && { credential }),
  };
}

const isBlank = (draft: IceServerDraft) => !draft.urls.trim() && !draft.username.trim() && !draft.credential;

export function parseSettings(draft: SettingsDraft): Parsed<SiteSettings> {
  const errors: FieldErrors = {};
  const maxCustomers = parseMaxCustomers(draft.maxCustomers);
  if (maxCustomers === null) errors.maxCustomers = 'admin_invalid_max_customers';
  // A row left empty is a row not wanted: dropped, not an error. Indexes follow the draft's rows, as the page shows them.
  const iceServers: IceServer[] = [];
  draft.iceServers.forEach((row, index) => {
    if (isBlank(row)) return;
    const server = parseIceServer(row, index, errors);
    if (server) iceServers.push(server);
  });
  if (iceServers.length > MAX_ICE_SERVERS) errors.iceServers = 'admin_invalid_ice_count';
  if (maxCustomers === null || Object.keys(errors).length > 0) return failed(errors);
  const settings = SiteSettings.safeParse({
    sessionMode: draft.sessionMode,
    maxCustomers,
    emailMode: draft.emailMode,
    admitNumberOnlyJoins: draft.admitNumberOnlyJoins,
    iceServers,
  });
  if (!settings.success) {
    for (const issue of settings.error.issues) errors[issue.path.map(String).join('.') || 'form'] = 'admin_invalid_value';
    return failed(errors);
  }
  return { ok: true, value: settings.data };
}

/**
 * The field of the settings form a server refusal points at (blamedField), and
 * the sentence for it. An ICE server path names its row in the settings as
 * saved, which is the draft's row once blank rows are gone: we map it back.
 */
export function settingsFieldError(path: string, draft: SettingsDraft): [field: string, key: MessageKey] | null {
  if (path === 'maxCustomers') return ['maxCustomers', 'admin_invalid_max_customers'];
  if (path === 'sessionMode' || path === 'emailMode' || path === 'admitNumberOnlyJoins') return [path, 'admin_invalid_value'];
  const ice = /^iceServers(?:\.(\d+)(?:\.(urls|username|credential))?)?/.exec(path);
  if (!ice) return null;
  if (ice[1] === undefined) return ['iceServers', 'admin_invalid_ice_count'];
  const kept = draft.iceServers.map((row, index) => ({ row, index })).filter(({ row }) => !isBlank(row));
  const row = kept[Number(ice[1])]?.index;
  if (row === undefined) return ['iceServers', 'admin_invalid_value'];
  // The server blames the row itself ("iceServers.1: a TURN server needs …") only for missing credentials.
  if (ice[2] === undefined) return [`iceServers.${row}.username`, 'admin_invalid_ice_credentials'];
  return [`iceServers.${row}.${ice[2]}`, ice[2] === 'urls' ? 'admin_invalid_ice_urls' : 'admin_invalid_value'];
}
