import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useT } from '../i18n.ts';
import { showsVideo, type RemoteState } from './state.ts';

/**
 * Whatever is on the stage (the rep's screen or another customer's; the rep
 * forwards either on the same track), letterboxed on a dark stage at the page's width. The video
 * is muted so autoplay is allowed (there is no audio yet). When there is
 * nothing to show the element is hidden and detached, and the status line
 * above says why: never a black video without a message (STYLE.md habit 9).
 */
/** `overlay`: drawn over the video (pointer and annotation marks, issue #9). */
export function Stage({ state, stream, overlay }: { state: RemoteState; stream: MediaStream | null; overlay?: ComponentChildren }) {
  const t = useT();
  const video = useRef<HTMLVideoElement>(null);
  const show = showsVideo(state) && stream !== null;
  const label = state.stage?.role === 'customer' ? t('remote_video_label_customer', { name: state.stage.name }) : t('remote_video_label');

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    // The attribute, not only the property, so the markup says what it does.
    element.defaultMuted = true;
    element.muted = true;
  }, []);

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    const wanted = show ? stream : null;
    if (element.srcObject === wanted) return;
    element.srcObject = wanted;
    // autoplay covers this; play() also covers a browser that paused it when hidden.
    if (wanted) element.play().catch(() => {});
  }, [stream, show]);

  return (
    <div class={`stage${show ? ' is-showing' : ''}`}>
      <video ref={video} class="stage-video" autoplay playsInline muted aria-label={label} hidden={!show} />
      {!show && <span class="stage-placeholder" aria-hidden="true" />}
      {show && overlay}
    </div>
  );
}
