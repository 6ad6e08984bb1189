import { Link } from '@fluentui/react-components'
import type { ComponentProps, MouseEvent } from 'react'
import { type To, useHref, useLinkClickHandler } from 'react-router'

export type RouterLinkProps = Omit<ComponentProps<'a'>, 'href' | 'ref'> & {
  readonly to: To
  readonly inline?: boolean
}

/** A Fluent link that navigates with the router (hash routes) and keeps Ctrl/middle-click working. */
export function RouterLink(props: RouterLinkProps) {
  const { to, onClick, ...rest } = props
  const href = useHref(to)
  const navigate = useLinkClickHandler<HTMLAnchorElement>(to)
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event)
    if (!event.defaultPrevented) navigate(event)
  }
  return <Link as="a" {...rest} href={href} onClick={handleClick} />
}
