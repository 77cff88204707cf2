import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useT } from '../i18n.ts';

/**
 * What we share, small, labelled "Your screen": while we are on the stage the
 * page shows this instead of the video the rep forwards (which would be our
 * own screen coming back).
 */
/** `overlay`: the marks others draw on our screen (issue #9), over the preview. */
export function OwnSharePreview({ stream, overlay }: { stream: MediaStream | null; overlay?: ComponentChildren }) {
  const t = useT();
  const video = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    const element = video.current;
    if (!element || element.srcObject === stream) return;
    element.srcObject = stream;
    if (stream) element.play().catch(() => {});
  }, [stream]);

  return (
    <figure class="own-share">
      <div class="own-share-frame">
        <video ref={video} class="own-share-video" autoplay playsInline muted aria-label={t('remote_own_screen_label')} />
        {overlay}
      </div>
      <figcaption class="own-share-caption">{t('remote_own_screen_caption')}</figcaption>
    </figure>
  );
}
