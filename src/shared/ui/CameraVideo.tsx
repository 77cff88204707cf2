// A camera picture (a participant's or one's own): muted, so autoplay is
// allowed (voices play elsewhere), and named for assistive tech.
import { useEffect, useRef } from 'preact/hooks';

export function CameraVideo({ stream, label, mirrored = false }: { stream: MediaStream | null; label: string; mirrored?: boolean }) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const element = video.current;
    if (!element || element.srcObject === stream) return;
    element.srcObject = stream;
    if (stream) element.play().catch(() => {});
  }, [stream]);
  if (!stream) return null;
  return <video ref={video} class={`camera-video${mirrored ? ' is-mirrored' : ''}`} autoplay playsInline muted aria-label={label} />;
}
