import { describe, expect, it } from 'vitest';
import { DashboardToFiles, FileControl, FilesToDashboard, TransferView } from './files.ts';

const id = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';

describe('FileControl', () => {
  it('takes each message of the protocol', () => {
    const messages = [
      { type: 'file.offer', id, name: 'report.pdf', size: 8 * 1024 * 1024, mime: 'application/pdf' },
      { type: 'file.accept', id },
      { type: 'file.decline', id },
      { type: 'file.cancel', id },
      { type: 'file.ack', id, bytes: 1024 },
      { type: 'file.done', id, sha256: 'a'.repeat(64) },
      { type: 'file.result', id, ok: true },
    ];
    for (const message of messages) expect(FileControl.safeParse(message).success, JSON.stringify(message)).toBe(true);
  });

  it('refuses names with paths or control characters, bad ids, sizes and hashes', () => {
    const offer = { type: 'file.offer', id, name: 'a.txt', size: 1, mime: '' };
    expect(FileControl.safeParse({ ...offer, name: '../etc/passwd' }).success).toBe(false);
    expect(FileControl.safeParse({ ...offer, name: 'a\\b' }).success).toBe(false);
    expect(FileControl.safeParse({ ...offer, name: 'a\u0000b' }).success).toBe(false);
    expect(FileControl.safeParse({ ...offer, name: '' }).success).toBe(false);
    expect(FileControl.safeParse({ ...offer, name: 'x'.repeat(256) }).success).toBe(false);
    expect(FileControl.safeParse({ ...offer, id: 'short' }).success).toBe(false);
    expect(FileControl.safeParse({ ...offer, id: 'has space in it!' }).success).toBe(false);
    expect(FileControl.safeParse({ ...offer, size: -1 }).success).toBe(false);
    expect(FileControl.safeParse({ ...offer, size: 1.5 }).success).toBe(false);
    expect(FileControl.safeParse({ ...offer, size: 5 * 1024 ** 3 }).success).toBe(false);
    expect(FileControl.safeParse({ type: 'file.done', id, sha256: 'A'.repeat(64) }).success).toBe(false);
    expect(FileControl.safeParse({ type: 'file.done', id, sha256: 'a'.repeat(63) }).success).toBe(false);
    expect(FileControl.safeParse({ type: 'file.nope', id }).success).toBe(false);
  });
});

describe('dashboard ⇄ media', () => {
  it('a send names a stored copy in OPFS, nothing else', () => {
    const send = { type: 'files.send', peerId: 'participant1', stored: `out-${id}`, name: 'a.txt', mime: 'text/plain' };
    expect(DashboardToFiles.safeParse(send).success).toBe(true);
    expect(DashboardToFiles.safeParse({ ...send, stored: `in-${id}` }).success).toBe(false);
    expect(DashboardToFiles.safeParse({ ...send, stored: '../x' }).success).toBe(false);
  });

  it('a transfer list round-trips', () => {
    const view = {
      id,
      peerId: 'participant1',
      direction: 'in',
      name: 'a.txt',
      size: 10,
      mime: 'text/plain',
      state: 'done',
      bytes: 10,
      bytesPerSecond: 0,
      cancelledBy: null,
      failure: null,
      stored: `in-${id}`,
    };
    expect(TransferView.parse(view)).toEqual(view);
    expect(FilesToDashboard.safeParse({ type: 'files.list', transfers: [view] }).success).toBe(true);
    expect(FilesToDashboard.safeParse({ type: 'files.list', transfers: [{ ...view, state: 'lost' }] }).success).toBe(false);
  });
});
