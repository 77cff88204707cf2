// Checking a change to the site settings, from the admin API (a JSON body) or
// the CLI (one key and a typed value). Beyond the schema, ICE servers are
// checked the way browsers check them: RTCPeerConnection throws on a URL it
// cannot use, and one bad entry handed to every client would break every call.
import { UpdateSettingsRequest } from '../../src/shared/protocol/admin.ts';
import type { IceServer } from '../../src/shared/protocol/common.ts';
import { SETTING_KEYS, type SiteSettings } from '../../src/shared/protocol/settings.ts';
import { describeIssue } from '../zod-issue.ts';

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const ICE_SCHEME = /^(stun|stuns|turn|turns):[^\s]+$/;

/** What is wrong with these ICE servers, or undefined. */
export function iceServersProblem(servers: readonly IceServer[]): string | undefined {
  for (const [index, server] of servers.entries()) {
    const urls = typeof server.urls === 'string' ? [server.urls] : server.urls;
    if (urls.length === 0) return `iceServers.${index}.urls: give at least one URL`;
    for (const url of urls) {
      if (!ICE_SCHEME.test(url)) return `iceServers.${index}.urls: "${url.slice(0, 80)}" is not a stun:, stuns:, turn: or turns: URL`;
      // Browsers refuse turn: URLs without both (config.ts applies the same rule to TURN_URLS).
      if (/^turns?:/.test(url) && (!server.username || !server.credential)) {
        return `iceServers.${index}: a TURN server needs a username and a credential`;
      }
    }
  }
  return undefined;
}

/** Unknown keys are refused rather than dropped, so a typo is not silently ignored. */
const StrictUpdate = UpdateSettingsRequest.strict();

/** A partial SiteSettings as the admin API receives it. */
export function checkSettingsChanges(body: unknown): Checked<Partial<SiteSettings>> {
  const parsed = StrictUpdate.safeParse(body);
  if (!parsed.success) {
    const unknown = parsed.error.issues.find((issue) => issue.code === 'unrecognized_keys');
    if (unknown) return { ok: false, message: `${describeIssue(parsed.error)}; the settings are ${SETTING_KEYS.join(', ')}` };
    return { ok: false, message: describeIssue(parsed.error) };
  }
  const iceProblem = parsed.data.iceServers && iceServersProblem(parsed.data.iceServers);
  if (iceProblem) return { ok: false, message: iceProblem };
  return { ok: true, value: parsed.data };
}
