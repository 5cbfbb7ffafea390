/**
 * A Pulumi project directory as the CLI reads it: `Pulumi.yaml` (name, runtime, main), the stack's
 * `Pulumi.<stack>.yaml` config, and the program's entry module (TypeScript through ts-node, transpile-only).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { UserError } from "../user-error";
import { SECRET_CONFIG_PLACEHOLDER } from "../state/secret-values";

/** A project directory that cannot be used: no Pulumi.yaml, a malformed file, a runtime other than nodejs. */
export class ProjectError extends UserError {}

/** What Pulumi.yaml says. */
export interface ProjectFile {
    /** The project name. */
    name: string;
    /**
     * The program directory and entry point the CLI runs the program with (pkg/engine/project.go `getPwdMain`):
     * `main`'s directory and `.` when `main` is a directory (or absent), else its parent and its file name.
     */
    pwd: string;
    entryPoint: string;
    /** `runtime.options.typescript` (default true): whether `.ts` files are compiled with ts-node. */
    typescript: boolean;
    /** `runtime.options.tsconfig`: the tsconfig file Pulumi's runner gives ts-node, when the project names one. */
    tsconfig?: string;
    /** `runtime.options.nodeargs`, split as a shell would: extra arguments for the node process. */
    nodeArgs: string[];
    /** Project-level config (`config:` in Pulumi.yaml): `namespace:key` to its `value` or `default`. */
    config: StackConfig;
}

/** Stack config: `namespace:key` to string value, and which keys are secrets. */
export interface StackConfig {
    values: Record<string, string>;
    secretKeys: string[];
    /** Pulumi ESC environments the stack file imports (`environment:`), which cannot be opened offline. */
    environments?: string[];
}

/** The value a secure (encrypted) config entry gets offline, where it cannot be decrypted (state/secret-values). */
export { SECRET_CONFIG_PLACEHOLDER };

function readYaml(file: string): unknown {
    try {
        return yaml.load(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw new ProjectError(`${file}: cannot be read as YAML (${(err as Error).message.split("\n")[0]})`);
    }
}

/** Reads `dir/Pulumi.yaml`; throws {@link ProjectError} when it is missing or not a Node.js project. */
export function readProject(dir: string): ProjectFile {
    const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new ProjectError(`${dir}: no such directory; give the directory of a Pulumi project`);
    if (file === undefined) throw new ProjectError(`${dir} has no Pulumi.yaml; give the directory of a Pulumi project (the one holding Pulumi.yaml)`);
    const doc = readYaml(file) as Record<string, unknown> | null;
    if (doc === null || typeof doc !== "object") throw new ProjectError(`${file}: is not a YAML mapping`);
    if (typeof doc.name !== "string" || doc.name === "") throw new ProjectError(`${file}: has no "name"`);
    const runtime = typeof doc.runtime === "object" && doc.runtime !== null ? (doc.runtime as Record<string, unknown>).name : doc.runtime;
    if (runtime !== "nodejs")
        throw new ProjectError(`${file}: runtime is ${JSON.stringify(runtime)}; only nodejs (TypeScript or JavaScript) programs can be previewed offline`);
    if (doc.main !== undefined && typeof doc.main !== "string") throw new ProjectError(`${file}: "main" is not a path`);
    const programPath = path.resolve(dir, (doc.main as string | undefined) ?? ".");
    if (!fs.existsSync(programPath)) throw new ProjectError(`${file}: main ${JSON.stringify(doc.main)} does not exist (${programPath})`);
    const options = typeof doc.runtime === "object" && doc.runtime !== null ? (doc.runtime as Record<string, unknown>).options : undefined;
    const {
        typescript = true,
        nodeargs = "",
        tsconfig,
    } = (isMapping(options) ? options : {}) as { typescript?: unknown; nodeargs?: unknown; tsconfig?: unknown };
    if (typeof typescript !== "boolean") throw new ProjectError(`${file}: runtime.options.typescript is not true or false`);
    if (typeof nodeargs !== "string") throw new ProjectError(`${file}: runtime.options.nodeargs is not a string (e.g. "--max-old-space-size=4096")`);
    if (tsconfig !== undefined && typeof tsconfig !== "string")
        throw new ProjectError(`${file}: runtime.options.tsconfig is not a path (e.g. "tsconfig.pulumi.json")`);
    const isDir = fs.statSync(programPath).isDirectory();
    return {
        name: doc.name,
        pwd: isDir ? programPath : path.dirname(programPath),
        entryPoint: isDir ? "." : path.basename(programPath),
        typescript,
        ...(tsconfig !== undefined ? { tsconfig } : {}),
        nodeArgs: splitArgs(nodeargs),
        config: readProjectConfig(file, doc.name, doc.config),
    };
}

function isMapping(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** `text` split into arguments as a POSIX shell would (quotes and backslashes), like the CLI's shlex.Split. */
export function splitArgs(text: string): string[] {
    const args: string[] = [];
    const pattern = /"((?:\\.|[^"\\])*)"|'([^']*)'|\\(.)|(\s+)|([^\s"'\\]+)/g;
    let current: string | undefined;
    for (const m of text.matchAll(pattern)) {
        if (m[4] !== undefined) {
            if (current !== undefined) args.push(current);
            current = undefined;
            continue;
        }
        const part = m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : (m[2] ?? m[3] ?? m[5] ?? "");
        current = (current ?? "") + part;
    }
    if (current !== undefined) args.push(current);
    return args;
}

/**
 * Pulumi.yaml's `config:` as the CLI applies it under the stack's: `key: {value: v}` or `{default: v}`
 * (or, for the project's own keys, `key: v`); a key typed `secret: true` is a secret.
 */
function readProjectConfig(file: string, project: string, entries: unknown): StackConfig {
    const config: StackConfig = { values: {}, secretKeys: [] };
    if (entries === undefined || entries === null) return config;
    if (!isMapping(entries)) throw new ProjectError(`${file}: "config" is not a mapping`);
    for (const [key, entry] of Object.entries(entries)) {
        const qualified = qualifyConfigKey(key, project);
        const value = isMapping(entry) ? (entry.value ?? entry.default) : entry;
        if (value === undefined || value === null) continue;
        const secret = isMapping(entry) && entry.secret === true;
        setConfigValue(config, qualified, value, secret);
    }
    return config;
}

/** Sets `key` to `value` (secure values anywhere inside it become the placeholder, and the key a secret). */
function setConfigValue(config: StackConfig, key: string, value: unknown, secret = false): void {
    let hasSecret = secret;
    const decode = (v: unknown): unknown => {
        if (Array.isArray(v)) return v.map(decode);
        if (!isMapping(v)) return v;
        if ("secure" in v && Object.keys(v).length === 1) {
            hasSecret = true;
            return SECRET_CONFIG_PLACEHOLDER;
        }
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)]));
    };
    config.values[key] = configString(decode(value));
    if (hasSecret && !config.secretKeys.includes(key)) config.secretKeys.push(key);
}

/** `key` with its namespace: bare keys belong to the project, as `pulumi config set` does it. */
export function qualifyConfigKey(key: string, project: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

/** A config value as the Node.js SDK receives it: strings as they are, anything else as JSON. */
function configString(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/** There is no `Pulumi.<stack>.yaml` for a stack asked for by name. */
export class MissingStackFileError extends ProjectError {}

/**
 * Reads the `config:` of `dir/Pulumi.<stack>.yaml` over the project's config (empty when the file does not exist,
 * unless `required`: a stack named with --stack must have its file). `environment:` imports are listed, not opened.
 */
export function readStackConfig(dir: string, project: string, stack: string, options: { required?: boolean; projectConfig?: StackConfig } = {}): StackConfig {
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    const base = options.projectConfig;
    const config: StackConfig = { values: { ...base?.values }, secretKeys: [...(base?.secretKeys ?? [])] };
    if (!fs.existsSync(file)) {
        if (options.required)
            throw new MissingStackFileError(
                `${file} does not exist: stack ${JSON.stringify(stack)} has no config file in ${dir}; give an existing stack with --stack (or create the file)`,
            );
        return config;
    }
    const doc = readYaml(file) as Record<string, unknown> | null;
    const entries = doc?.config ?? {};
    if (!isMapping(entries)) throw new ProjectError(`${file}: "config" is not a mapping`);
    for (const [key, value] of Object.entries(entries)) {
        const qualified = qualifyConfigKey(key, project);
        config.secretKeys = config.secretKeys.filter((k) => k !== qualified);
        setConfigValue(config, qualified, value);
    }
    const environment = doc?.environment;
    if (environment !== undefined && environment !== null) {
        const imports = Array.isArray(environment)
            ? environment
            : isMapping(environment) && Array.isArray(environment.imports)
              ? environment.imports
              : [environment];
        config.environments = imports.map((e) => (typeof e === "string" ? e : JSON.stringify(e)));
    }
    return config;
}
