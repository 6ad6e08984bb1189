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
  // Text measurement (CodeMirror) and element observers (Fluent's popover positioning): jsdom has
  // neither; a range measures as an empty box, and an observer never reports.
  const rangePrototype = Range.prototype as unknown as Record<string, unknown>
  const savedRects = [rangePrototype['getClientRects'], rangePrototype['getBoundingClientRect']]
  rangePrototype['getClientRects'] = () => []
  rangePrototype['getBoundingClientRect'] = () => new DOMRect(0, 0, 0, 0)
  const savedObserver = (globalThis as Record<string, unknown>)['ResizeObserver']
  ;(globalThis as Record<string, unknown>)['ResizeObserver'] ??= class {
    public observe(): void {}
    public unobserve(): void {}
    public disconnect(): void {}
  }
  return () => {
    rangePrototype['getClientRects'] = savedRects[0]
    rangePrototype['getBoundingClientRect'] = savedRects[1]
    ;(globalThis as Record<string, unknown>)['ResizeObserver'] = savedObserver
    if (savedScrollTo === undefined) delete (prototype as unknown as Record<string, unknown>)['scrollTo']
    else Object.defineProperty(prototype, 'scrollTo', savedScrollTo)
    for (const [name, descriptor] of saved) {
      if (descriptor === undefined) delete (prototype as unknown as Record<string, unknown>)[name]
      else Object.defineProperty(prototype, name, descriptor)
    }
  }
}
