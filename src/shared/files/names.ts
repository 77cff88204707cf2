/** A picked file's name as the protocol takes it (no path separators or control characters; at most 255 characters). */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[\u0000-\u001f\u007f/\\]/g, '_').slice(0, 255);
  return cleaned.length > 0 ? cleaned : 'file';
}
