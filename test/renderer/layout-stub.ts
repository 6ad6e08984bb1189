/**
 * jsdom has no layout: every element measures 0 × 0, so a virtualised table would render no row.
 * This gives scroll containers a viewport and rows a height, like a small browser window.
 */
export const VIEWPORT_HEIGHT = 400
export const ROW_HEIGHT = 40

export function stubLayout(): () => void {
  const prototype = HTMLElement.prototype
  const saved = ['clientHeight', 'clientWidth', 'offsetHeight', 'offsetWidth', 'scrollHeight'].map(
    name => [name, Object.getOwnPropertyDescriptor(prototype, name)] as const
  )
  const define = (name: string, value: (element: HTMLElement) => number) =>
    Object.defineProperty(prototype, name, {
      configurable: true,
      get(this: HTMLElement) {
        return value(this)
      },
    })
  define('clientHeight', () => VIEWPORT_HEIGHT)
  define('clientWidth', () => 1000)
  define('offsetHeight', element => (element.tagName === 'TR' ? ROW_HEIGHT : VIEWPORT_HEIGHT))
  define('offsetWidth', () => 1000)
  // A virtualised table's scroll height: its header row and its body, which is sized to all rows.
  define('scrollHeight', element => {
    const body = element.querySelector('tbody')
    return body === null ? VIEWPORT_HEIGHT : ROW_HEIGHT + Number.parseFloat(body.style.height || '0')
  })
  // jsdom does not scroll: make `scrollTo` move `scrollTop` and tell listeners, as a browser would.
  const savedScrollTo = Object.getOwnPropertyDescriptor(prototype, 'scrollTo')
  Object.defineProperty(prototype, 'scrollTo', {
    configurable: true,
    value(this: HTMLElement, options: ScrollToOptions) {
      if (options.top !== undefined) this.scrollTop = options.top
      queueMicrotask(() => this.dispatchEvent(new Event('scroll')))
    },
  })
  return () => {
    if (savedScrollTo === undefined) delete (prototype as unknown as Record<string, unknown>)['scrollTo']
    else Object.defineProperty(prototype, 'scrollTo', savedScrollTo)
    for (const [name, descriptor] of saved) {
      if (descriptor === undefined) delete (prototype as unknown as Record<string, unknown>)[name]
      else Object.defineProperty(prototype, name, descriptor)
    }
  }
}
