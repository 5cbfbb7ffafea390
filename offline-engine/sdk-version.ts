/**
 * The oldest @pulumi/pulumi a program may use: the floor of ses-guard's declared peer range (package.json
 * `peerDependencies`, the one place it is written). Older SDKs' mock runtimes crash on data source calls, so a
 * program resolving one is refused with a message instead of giving a wrong verdict.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ProjectError } from "./program-dir";

/** The declared peer range of @pulumi/pulumi, read from ses-guard's own package.json. */
export function pulumiPeerRange(): string {
    // This module is dist/offline-engine/sdk-version.js, two levels under the package root.
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { peerDependencies?: Record<string, string> };
    return manifest.peerDependencies?.["@pulumi/pulumi"] ?? "*";
}

function parts(version: string): number[] {
    return (/(\d+)\.(\d+)\.(\d+)/.exec(version) ?? []).slice(1, 4).map(Number);
}

/** True when `version` is older than the range's floor (its first x.y.z). */
function belowFloor(version: string, range: string): boolean {
    const floor = parts(range);
    const have = parts(version);
    if (floor.length < 3 || have.length < 3) return false;
    for (let i = 0; i < 3; i++) if ((have[i] as number) !== (floor[i] as number)) return (have[i] as number) < (floor[i] as number);
    return false;
}

/** Throws a {@link ProjectError} when the @pulumi/pulumi at `sdkIndex` (its resolved entry) is older than the floor. */
export function checkSdkVersion(sdkIndex: string, project: string): void {
    let dir = path.dirname(sdkIndex);
    while (!fs.existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    const version = (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version?: string }).version ?? "";
    const range = pulumiPeerRange();
    if (belowFloor(version, range)) {
        throw new ProjectError(
            `the program in ${project} uses @pulumi/pulumi ${version} (${dir}); ses-guard preview runs programs on @pulumi/pulumi ${range}: upgrade the project's copy (npm install @pulumi/pulumi@latest) and try again`,
        );
    }
}
