/**
 * The renderer's Content-Security-Policy, built in one place.
 *
 * The same policy reaches the page twice: as the `<meta>` in renderer/index.html (written by the
 * Vite plugin in renderer/vite.config.ts) and as a response header set by main (app protocol and
 * session). A resource must pass both, so the two never need to agree on anything but this file.
 */
export interface CspOptions {
  /** Development: the Vite dev server (HMR websocket) and the HTTP test bridge on 127.0.0.1. */
  readonly dev: boolean
  /** Vite's per-start `html.cspNonce` for its inline React Refresh preamble (dev only). */
  readonly nonce?: string
}

/**
 * The hash of an empty `<style>` element. Fluent UI's style engine (Griffel) and its theme
 * provider create empty `<style>` elements and fill them through the CSSOM (`insertRule`), which
 * CSP does not govern; allowing exactly the empty content lets them work while any `<style>`
 * with text in it (an injected one) stays blocked.
 */
export const EMPTY_STYLE_HASH = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"

export function contentSecurityPolicy(options: CspOptions): string {
  // Without a nonce the header cannot name the dev server's inline preamble; the meta policy
  // (which has the nonce) still restricts inline scripts to exactly that one.
  const inline =
    options.nonce !== undefined ? [`'nonce-${options.nonce}'`] : options.dev ? ["'unsafe-inline'"] : []
  // A hash would switch 'unsafe-inline' off, and 'unsafe-inline' allows empty styles anyway.
  const styles = inline.includes("'unsafe-inline'") ? inline : [...inline, EMPTY_STYLE_HASH]
  const directives: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
    ['default-src', ["'none'"]],
    ['script-src', ["'self'", ...inline]],
    ['style-src', ["'self'", ...styles]],
    ['img-src', ["'self'", 'data:']],
    ['font-src', ["'self'"]],
    ['connect-src', ["'self'", ...(options.dev ? ['ws://localhost:*', 'http://127.0.0.1:*'] : [])]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['object-src', ["'none'"]],
  ]
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ')
}
