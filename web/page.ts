// Per-page chores: the document title, and focus on the page's heading after
// an in-app navigation so assistive technology announces the new page.
import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';
import { hasNavigatedInApp } from './router.ts';

export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title;
  }, [title]);
}

export function useFocusOnArrival(heading: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    if (hasNavigatedInApp()) heading.current?.focus({ preventScroll: true });
  }, []);
}
