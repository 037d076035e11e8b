import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { goTo } from './location';

/** A link between coordinator pages that also follows changes of the query (see location.ts). */
export function CoordinatorLink({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    goTo(href);
  };
  return <a href={href} onClick={handleClick} {...rest} />;
}
