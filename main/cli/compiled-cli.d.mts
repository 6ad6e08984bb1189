export declare const REPO_ROOT: URL
export declare const INPUTS_FILE_NAME: string
/** The compiled entry point of the repository at `root`, or null when it is missing or older than its sources. */
export declare function currentCompiledCli(root?: URL): URL | null
