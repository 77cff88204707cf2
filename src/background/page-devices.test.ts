import { describe, expect, it } from 'vitest';
import { DeviceError, captureDevice } from '../shared/peer/devices.ts';
import { getUserMediaInPage, type DevicePage } from './page-devices.ts';

function page(visibility: DocumentVisibilityState, answer: () => Promise<MediaStream>): DevicePage & { asked: MediaStreamConstraints[] } {
  const asked: MediaStreamConstraints[] = [];
  return {
    asked,
    document: { visibilityState: visibility, defaultView: null },
    navigator: {
      mediaDevices: {
        getUserMedia: (constraints) => {
          asked.push(constraints);
          return answer();
        },
      },
    },
  };
}

const refused = () => Promise.reject(new DOMException('the rep said no', 'NotAllowedError'));
const unreachable = () => Promise.reject(new Error('a hidden page must not be asked'));

describe('getUserMediaInPage (Firefox: the microphone is asked for in a dashboard page in view)', () => {
  it('asks the first page in view, never a hidden one', async () => {
    const hidden = page('hidden', unreachable);
    const shown = page('visible', refused);
    const get = getUserMediaInPage(() => [hidden, shown]);
    await expect(get({ audio: true })).rejects.toMatchObject({ name: 'NotAllowedError' });
    expect(hidden.asked).toEqual([]);
    expect(shown.asked).toEqual([{ audio: true }]);
  });

  it('with no page in view it cannot ask: permission_needed (the dashboard then opens the permission page)', async () => {
    const get = getUserMediaInPage(() => [page('hidden', unreachable)]);
    await expect(captureDevice('mic', get, { visiblePage: true })).rejects.toMatchObject({ reason: 'permission_needed' });
    await expect(getUserMediaInPage(() => [])({ audio: true })).rejects.toBeInstanceOf(DeviceError);
  });

  it('a refusal in the page is the rep’s answer: the microphone is reported as blocked', async () => {
    const get = getUserMediaInPage(() => [page('visible', refused)]);
    await expect(captureDevice('mic', get, { visiblePage: true })).rejects.toMatchObject({ reason: 'mic_denied' });
  });
});
