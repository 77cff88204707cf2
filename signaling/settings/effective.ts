// What clients are handed: the ICE servers from the environment (STUN_URLS,
// TURN_URLS) first, then those an administrator added in the site settings.
import type { IceServer } from '../../src/shared/protocol/common.ts';
import type { SiteSettings } from '../../src/shared/protocol/settings.ts';
import type { Config } from '../config.ts';

export function iceServersFor(config: Pick<Config, 'iceServers'>, settings: Pick<SiteSettings, 'iceServers'>): IceServer[] {
  return [...config.iceServers, ...settings.iceServers];
}
