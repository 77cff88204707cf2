// What clients are handed: the ICE servers from the environment (STUN_URLS,
// TURN_URLS) first, then those an administrator added in the site settings;
// and how invitations go out.
import type { IceServer } from '../../src/shared/protocol/common.ts';
import type { EmailMode, SiteSettings } from '../../src/shared/protocol/settings.ts';
import type { Config } from '../config.ts';
import { turnServerFor } from './turn-credentials.ts';

/**
 * The ICE servers for one participant: `who` is their participant id (customers,
 * assistants) or user id (a rep's extension, rep.welcome). With TURN_SECRET the
 * TURN entry carries credentials minted for `who` at `nowMs` (issue #10): call
 * this when the message is built, so every join gets a fresh expiry.
 */
export function iceServersFor(
  config: Pick<Config, 'iceServers' | 'turnRest'>,
  settings: Pick<SiteSettings, 'iceServers'>,
  who: string,
  nowMs: number,
): IceServer[] {
  const minted = config.turnRest ? [turnServerFor(config.turnRest, who, nowMs)] : [];
  return [...config.iceServers, ...minted, ...settings.iceServers];
}

/**
 * 'server' only when an administrator chose it AND the server can send mail
 * (SMTP_URL): otherwise the rep's extension opens their own mail program, and
 * invite.send is refused with email_disabled.
 */
export function effectiveEmailMode(config: Pick<Config, 'smtp'>, settings: Pick<SiteSettings, 'emailMode'>): EmailMode {
  return settings.emailMode === 'server' && config.smtp ? 'server' : 'client';
}
