/** The installed ses-guard's version, for `--version` and for messages about version skew. */

/** The version in the package's package.json (two levels above dist/cli/). */
export function packageVersion(): string {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require("../../package.json") as { version: string }).version;
}
