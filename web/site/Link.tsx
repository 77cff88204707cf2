import type { ComponentChildren, TargetedMouseEvent } from 'preact';
import { navigate } from '../router.ts';

interface LinkProps {
  href: string;
  class?: string;
  'aria-current'?: 'page' | undefined;
  onClick?: () => void;
  children: ComponentChildren;
}

/** An ordinary link that navigates inside the app; modified clicks (new tab…) stay the browser's. */
export function Link({ href, onClick, children, ...rest }: LinkProps) {
  const handle = (event: TargetedMouseEvent<HTMLAnchorElement>) => {
    onClick?.();
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    if (href !== location.pathname + location.search) navigate(href);
  };
  return (
    <a href={href} onClick={handle} {...rest}>
      {children}
    </a>
  );
}
