// The invitation flow through the controller (issue #5, FEATURES.md S10): the
// server sends it, or fails and the dashboard offers the rep's mail program.
import { describe, expect, it } from 'vitest';
import { PeerAssistError } from '../shared/protocol/errors.ts';
import { ICE_SERVERS, controllerSetup, sessionInfo } from './test-fakes.ts';

const SESSION = sessionInfo();

describe('invitations', () => {
  it('sent: invite.send goes to the server for this session, and the invitation is listed as sent', async () => {
    const t = await controllerSetup({ inSession: true });
    await t.controller.execute({ type: 'invite.send', rid: 'c1', kind: 'customer', email: 'kim@example.test', locale: 'ko' });
    expect(t.server.requests).toEqual([{ type: 'invite.send', sessionId: SESSION.id, kind: 'customer', email: 'kim@example.test', locale: 'ko' }]);
    expect(t.store.session?.invitations).toEqual([
      { id: expect.any(String), kind: 'customer', email: 'kim@example.test', status: 'sent', at: 1_700_000_000_500 },
    ]);
  });

  it('shows "sending" while the server has not answered', async () => {
    const t = await controllerSetup({ inSession: true });
    let seen: string | undefined;
    t.server.answers.set('invite.send', () => {
      seen = t.store.session?.invitations[0]?.status;
      return { type: 'invite.sent', invitation: { id: 'inv_0000001', kind: 'rep', email: 'lee@example.test', sentAt: 5 } };
    });
    await t.controller.execute({ type: 'invite.send', rid: 'c1', kind: 'rep', email: 'lee@example.test', locale: 'en' });
    expect(seen).toBe('sending');
  });

  it('failed: the reason is kept, the command itself succeeds, and the mail program can take over', async () => {
    const t = await controllerSetup({ inSession: true });
    t.server.answers.set('invite.send', () => new PeerAssistError('email_failed', 'SMTP refused'));
    await t.controller.execute({ type: 'invite.send', rid: 'c1', kind: 'customer', email: 'kim@example.test', locale: 'en' });
    const [failed] = t.store.session?.invitations ?? [];
    expect(failed).toMatchObject({ kind: 'customer', email: 'kim@example.test', status: 'failed', reason: 'email_failed' });
    expect(t.store.emailMode).toBe('client'); // unchanged: the server does send mail, this one failed

    // "Send with my email program instead": the same invitation, now opened there.
    await t.controller.execute({ type: 'invite.opened', rid: 'c2', kind: 'customer', email: 'kim@example.test', invitationId: failed!.id });
    expect(t.store.session?.invitations).toEqual([expect.objectContaining({ id: failed!.id, status: 'mail_program' })]);
  });

  it('email_disabled: the site sends no mail, so from now on the dashboard offers only the mail program', async () => {
    const t = await controllerSetup({ inSession: true });
    await t.controller.onConnected({ iceServers: ICE_SERVERS, emailMode: 'server' });
    expect(t.store.emailMode).toBe('server');
    t.server.answers.set('invite.send', () => new PeerAssistError('email_disabled', 'no SMTP configured'));
    await t.controller.execute({ type: 'invite.send', rid: 'c1', kind: 'customer', email: 'kim@example.test', locale: 'en' });
    expect(t.store.session?.invitations[0]).toMatchObject({ status: 'failed', reason: 'email_disabled' });
    expect(t.store.emailMode).toBe('client');
  });

  it('a lost connection fails the invitation as network', async () => {
    const t = await controllerSetup({ inSession: true });
    t.server.answers.set('invite.send', () => new PeerAssistError('network', 'not connected'));
    await t.controller.execute({ type: 'invite.send', rid: 'c1', kind: 'rep', email: 'lee@example.test', locale: 'en' });
    expect(t.store.session?.invitations[0]).toMatchObject({ status: 'failed', reason: 'network' });
  });

  it('lists an invitation opened in the rep’s mail program, with or without an address', async () => {
    const t = await controllerSetup({ inSession: true });
    await t.controller.execute({ type: 'invite.opened', rid: 'c1', kind: 'customer', email: '' });
    await t.controller.execute({ type: 'invite.opened', rid: 'c2', kind: 'rep', email: 'lee@example.test' });
    expect(t.store.session?.invitations.map((i) => [i.kind, i.email, i.status])).toEqual([
      ['customer', '', 'mail_program'],
      ['rep', 'lee@example.test', 'mail_program'],
    ]);
    expect(t.server.requests).toEqual([]);
  });

  it('needs a session of one’s own', async () => {
    const t = await controllerSetup();
    await expect(
      t.controller.execute({ type: 'invite.send', rid: 'c1', kind: 'customer', email: 'kim@example.test', locale: 'en' }),
    ).rejects.toMatchObject({ reason: 'no_session' });
    expect(t.server.requests).toEqual([]);
  });

  it('survive a worker restart: the list comes back from storage.session', async () => {
    const t = await controllerSetup({ inSession: true });
    await t.controller.execute({ type: 'invite.send', rid: 'c1', kind: 'customer', email: 'kim@example.test', locale: 'en' });
    const { store } = await t.restart();
    expect(store.session?.invitations).toEqual(t.store.session?.invitations);
  });

  it('rep.welcome’s email mode is kept in the store', async () => {
    const t = await controllerSetup();
    await t.controller.onConnected({ iceServers: ICE_SERVERS, emailMode: 'server' });
    expect(t.store.snapshot().emailMode).toBe('server');
    await t.controller.onConnected({ iceServers: ICE_SERVERS }); // an older server says nothing: keep what we know
    expect(t.store.snapshot().emailMode).toBe('server');
  });
});
