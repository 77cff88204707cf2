// Sentence keys for the contract's enums, checked exhaustively by the types.
import type { MessageKey } from '../../src/shared/i18n/index.ts';
import type { Role } from '../../src/shared/protocol/common.ts';
import type { EmailMode, SessionMode } from '../../src/shared/protocol/settings.ts';

export const ROLE_KEYS: Record<Role, MessageKey> = {
  rep: 'role_rep',
  agent: 'role_agent',
  admin: 'role_admin',
};

export const SESSION_MODE_KEYS: Record<SessionMode, { label: MessageKey; hint: MessageKey }> = {
  single: { label: 'session_mode_single', hint: 'session_mode_single_hint' },
  multi: { label: 'session_mode_multi', hint: 'session_mode_multi_hint' },
  both: { label: 'session_mode_both', hint: 'session_mode_both_hint' },
};

export const EMAIL_MODE_KEYS: Record<EmailMode, { label: MessageKey; hint: MessageKey }> = {
  server: { label: 'admin_email_mode_server', hint: 'admin_email_mode_server_hint' },
  client: { label: 'admin_email_mode_client', hint: 'admin_email_mode_client_hint' },
};
