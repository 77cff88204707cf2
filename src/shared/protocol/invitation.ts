// Invitations (S4, S8, S10) as the rep's extension records them. Declared on
// their own because two protocols carry them: the extension's store
// (runtime.ts) and a transfer of control, which hands them to the new
// controller's extension through the server (wire.ts, control.transfer).
import { z } from 'zod';
import { Email } from './common.ts';
import { ErrorReason } from './errors.ts';

/** Whom an invitation is for: a customer gets the join link, a rep the assist link (S8, S10). */
export const InviteKind = z.enum(['customer', 'rep']);
export type InviteKind = z.infer<typeof InviteKind>;
/** An address typed for an invitation; empty when the rep addresses it in their mail program. */
export const InvitationAddress = z.union([Email, z.literal('')]);

/**
 * One invitation the rep sent from this session (S10), newest last:
 *   sending ──invite.sent──► sent
 *      └─────error────────► failed ──"send with my email program instead"──► mail_program
 * mail_program: opened in the rep's own mail client (we cannot know whether they sent it).
 */
export const InvitationStatus = z.enum(['sending', 'sent', 'failed', 'mail_program']);
export type InvitationStatus = z.infer<typeof InvitationStatus>;
export const Invitation = z.object({
  id: z.string().max(40),
  kind: InviteKind,
  email: InvitationAddress,
  status: InvitationStatus,
  /** Why a failed one failed (email_failed, email_disabled, network…). */
  reason: ErrorReason.optional(),
  at: z.number(),
});
export type Invitation = z.infer<typeof Invitation>;
export const MAX_INVITATIONS = 20;
