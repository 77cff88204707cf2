// Asks for the microphone, then the camera, on behalf of the extension's
// origin (the offscreen document cannot show Chrome's prompt). A missing
// camera is not a refusal: the microphone alone is enough for a voice call.
import '../shared/zod-jitless.ts';
import { t, uiLocale } from '../popup/i18n.ts';

const byId = (id: string) => document.getElementById(id)!;
document.documentElement.lang = uiLocale;
document.title = t('call_permission_title');
byId('title').textContent = t('call_permission_title');
byId('intro').textContent = t('call_permission_intro');
const status = byId('status');
const ask = byId('ask') as HTMLButtonElement;
ask.textContent = t('btn_permission_ask');

async function request(constraints: MediaStreamConstraints): Promise<'granted' | 'refused' | 'missing'> {
  try {
    const stream = await navigator.mediaDevices.getUserMedia(constraints);
    for (const track of stream.getTracks()) track.stop();
    return 'granted';
  } catch (error) {
    return error instanceof DOMException && (error.name === 'NotFoundError' || error.name === 'OverconstrainedError') ? 'missing' : 'refused';
  }
}

async function run(): Promise<void> {
  ask.hidden = true;
  status.textContent = t('call_permission_asking');
  const mic = await request({ audio: true });
  const camera = await request({ video: true });
  const ok = mic === 'granted' || camera === 'granted';
  status.textContent = ok ? t('call_permission_granted') : t('call_permission_refused');
  ask.hidden = ok;
}

ask.addEventListener('click', () => void run());
void run();
