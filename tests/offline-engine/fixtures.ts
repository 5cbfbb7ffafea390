/**
 * Paths the engine tests share: the repository root (tests run from dist/tests/offline-engine), the packs under
 * testing/ and tests/offline-engine/fixtures, and small builders of captured resources.
 */
import * as path from "node:path";
import type { CapturedResource } from "../../state/captured-resource";

/** The repository root, found from the compiled test's location. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

/** The minimal one-policy pack (also the benchmarks' floor). */
export const MINIMAL_PACK = path.join(REPO_ROOT, "testing", "minimal-pack");

/** A pack reporting exactly what it was sent. */
export const PROBE_PACK = path.join(REPO_ROOT, "tests", "offline-engine", "fixtures", "probe-pack");

/** A pack whose entry throws while loading. */
export const BROKEN_PACK = path.join(REPO_ROOT, "tests", "offline-engine", "fixtures", "broken-pack");

/** A pack that never prints a port. */
export const SILENT_PACK = path.join(REPO_ROOT, "tests", "offline-engine", "fixtures", "silent-pack");

/** A custom resource of `type` named `name` in stack `dev` of project `proj`, with the given inputs as outputs too. */
export function resource(type: string, name: string, inputs: Record<string, unknown> = {}, extra: Partial<CapturedResource> = {}): CapturedResource {
    return {
        urn: `urn:pulumi:dev::proj::${type}::${name}`,
        type,
        name,
        custom: true,
        dependencies: [],
        propertyDependencies: {},
        inputs,
        outputs: inputs,
        ...extra,
    };
}

/** Small Pulumi projects, run through Pulumi's own runner (offline-engine/program-runner). */
export const PROGRAMS = path.join(REPO_ROOT, "tests", "offline-engine", "fixtures", "programs");

/** `pulumi stack export` files of the two examples after an update (generated from update-mode captures). */
export const EXPORTS = path.join(REPO_ROOT, "tests", "offline-engine", "fixtures", "exports");

/** The built-in example programs. */
export const EXAMPLES = path.join(REPO_ROOT, "examples");

/** A pack reporting how its process was started (arguments, working directory, PULUMI_* environment). */
export const ENVIRONMENT_PACK = path.join(REPO_ROOT, "tests", "offline-engine", "fixtures", "environment-pack");
