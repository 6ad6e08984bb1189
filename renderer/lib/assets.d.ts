/** Stylesheets are imported for their side effect; Vite injects (dev) or links (build) them. */
declare module '*.css'
