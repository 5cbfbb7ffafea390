/**
 * How the Pulumi CLI (3.221 and later) launches a local Node policy pack, and what the pack's process sees.
 *
 * The CLI no longer runs the `pulumi-analyzer-policy` shim: the bundled nodejs language host starts the pack
 * (RunPlugin, pulumi/pulumi `sdk/nodejs/cmd/pulumi-language-nodejs/main.go`) behind a policy proxy
 * (`sdk/policy_proxy.go`). The proxy answers Handshake itself and starts the pack only once the engine sent
 * ConfigureStack, so the pack's environment carries that stack:
 * - argv: `node <@pulumi/pulumi/cmd/run-policy-pack> <engine address> <absolute pack dir>` (the engine's
 *   arguments first, the program directory last, for analyzers only), cwd the pack directory;
 * - `PULUMI_NODEJS_TYPESCRIPT=true` unless PulumiPolicy.yaml's runtime options say `typescript: false`;
 * - from ConfigureStack: `PULUMI_NODEJS_ORGANIZATION`, `_PROJECT`, `_STACK` (each only when not empty),
 *   `PULUMI_NODEJS_DRY_RUN` (`true`/`false`) and `PULUMI_CONFIG`, the JSON of the stack's decrypted config
 *   (`namespace:key` to string), only when the config is not empty;
 * The secret keys of that config are not in the environment: the pack learns them from the ConfigureStack
 * request the proxy forwards to it (`config_secret_keys`; see policies/stack/secrets).
 * Without ConfigureStack (`pulumi policy analyze`), none of the stack variables is set.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { isObject } from "../state/wire";

/** What the engine tells a pack about the stack in ConfigureStack (and so what the pack's environment holds). */
export interface PackStackContext {
    organization: string;
    project: string;
    stack: string;
    dryRun: boolean;
    /** The stack's config, `namespace:key` to the string value (secrets decrypted). */
    config: Record<string, string>;
    /** The keys of `config` whose values are secret (ConfigureStack's `config_secret_keys`). */
    secretKeys?: string[];
}

/** The engine address the CLI passes first; Node packs ignore it, but the argument must be there. */
export const ENGINE_ADDRESS = "127.0.0.1:0";

/** The organization `ses-guard` reports for a stack; a local backend's stacks have no other. */
export const DEFAULT_ORGANIZATION = "organization";

/** The variables the language host derives from ConfigureStack; a pack started without a stack gets none. */
const STACK_VARIABLES = ["PULUMI_CONFIG", "PULUMI_NODEJS_ORGANIZATION", "PULUMI_NODEJS_PROJECT", "PULUMI_NODEJS_STACK", "PULUMI_NODEJS_DRY_RUN"] as const;

/** The runtime option `typescript` of a PulumiPolicy.yaml (default true, as the language host's parseOptions). */
function typescriptOption(packDir: string): boolean {
    let doc: unknown;
    try {
        doc = yaml.load(fs.readFileSync(path.join(packDir, "PulumiPolicy.yaml"), "utf8"));
    } catch {
        return true;
    }
    const runtime = isObject(doc) ? doc.runtime : undefined;
    const options = isObject(runtime) && isObject(runtime.options) ? runtime.options : {};
    return options.typescript !== false;
}

/** The arguments after the run-policy-pack script: the engine address, then the absolute pack directory. */
export function packArguments(packDir: string): string[] {
    return [ENGINE_ADDRESS, path.resolve(packDir)];
}

/**
 * The environment the language host gives the pack: `base` (the CLI's own environment), the TypeScript flag,
 * and, when the engine configures a stack, the variables ConfigureStack fills in (replacing inherited ones).
 */
export function packEnvironment(packDir: string, stack: PackStackContext | undefined, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...base };
    if (typescriptOption(packDir)) env.PULUMI_NODEJS_TYPESCRIPT = "true";
    if (stack === undefined) return env;
    for (const key of STACK_VARIABLES) delete env[key];
    const set = (key: string, value: string): void => {
        if (value !== "") env[key] = value;
    };
    set("PULUMI_NODEJS_ORGANIZATION", stack.organization);
    set("PULUMI_NODEJS_PROJECT", stack.project);
    set("PULUMI_NODEJS_STACK", stack.stack);
    set("PULUMI_NODEJS_DRY_RUN", String(stack.dryRun));
    // An empty config map arrives as nil over gRPC, and the language host then sets no PULUMI_CONFIG.
    if (Object.keys(stack.config).length > 0) set("PULUMI_CONFIG", JSON.stringify(stack.config));
    return env;
}

/** A key equal for two stacks exactly when a pack started for one sees the same environment as for the other. */
export function stackContextKey(stack: PackStackContext | undefined): string {
    if (stack === undefined) return "";
    const config = Object.fromEntries(Object.entries(stack.config).sort(([a], [b]) => a.localeCompare(b)));
    return JSON.stringify([stack.organization, stack.project, stack.stack, stack.dryRun, config, [...(stack.secretKeys ?? [])].sort()]);
}
