/** Builds `out/cli/`; false when esbuild is not installed. */
export declare function buildCli(options?: { readonly quiet?: boolean }): Promise<boolean>
