import { describe, expect, it } from 'vitest';
import { classifyOrigin } from './origin.ts';

const config = {
  allowedOrigins: ['http://127.0.0.1:8787', 'http://localhost:8787', 'https://support.example.com'],
  extensionIds: ['abcdefghijklmnopabcdefghijklmnop'],
};

describe('classifyOrigin', () => {
  it.each([
    [undefined, 'none'],
    ['chrome-extension://abcdefghijklmnopabcdefghijklmnop', 'extension'],
    ['moz-extension://0f4e2a8c-1b3d-4e5f-8a9b-0c1d2e3f4a5b', 'extension'],
    ['http://127.0.0.1:8787', 'site'],
    ['HTTP://LOCALHOST:8787', 'site'],
    ['https://support.example.com', 'site'],
  ])('%s → %s', (origin, kind) => {
    expect(classifyOrigin(origin, config)).toBe(kind);
  });

  it.each([
    'chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba', // another extension
    'https://evil.example.com',
    'http://127.0.0.1:9999', // same host, other port
    'https://support.example.com.evil.example', // suffix trick
    'null', // sandboxed iframes and file:// pages
    'file://',
    'garbage',
  ])('refuses %s', (origin) => {
    expect(classifyOrigin(origin, config)).toBeUndefined();
  });
});
