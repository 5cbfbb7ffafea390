/**
 * Runs a Pulumi program the way the Pulumi CLI's Node.js language host does (pulumi/pulumi
 * `sdk/nodejs/cmd/pulumi-language-nodejs/main.go`, `Run`, `execRuntime` and `constructArguments`): the program's own
 * `@pulumi/pulumi/cmd/run`, resolved from its directory, in a node process of its own with the project's
 * `nodeargs`, the arguments `--monitor --engine --organization --project --root-directory --stack --pwd [--dry-run]
 * --parallel` and the entry point, the environment `PULUMI_CONFIG` (keys as `<namespace>:config:<name>`),
 * `PULUMI_CONFIG_SECRET_KEYS`, `PULUMI_NODEJS_TYPESCRIPT` and `PULUMI_NODEJS_TSCONFIG_PATH`, started in the program
 * directory (pkg/engine/project.go `getPwdMain`). Loading the program (TypeScript versions, ES modules, tsconfig,
 * entry points) is then the runner's own. The process talks gRPC to this process's engine (./resource-monitor).
 *
 * Beyond the CLI: a time limit, and a guard process that ends the program when ses-guard ends, however it ends
 * (./program-guard). Nothing is preloaded into the program: Pulumi's runner turns its ESM mode off when node runs
 * with `--require`, `--import` or `--loader`.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { CapturedResource } from "../state/captured-resource";
import { ProgramError } from "./registrations";
import { ResourceMonitor, type ProgramLog } from "./resource-monitor";
import { ProjectError, SECRET_CONFIG_PLACEHOLDER } from "./program-dir";
import { programStack, type ProgramStack } from "./program-stack";
import { resetDataSources, unansweredHint, useAnswersFile, warnRecordsInPrivateZones } from "./data-sources";
import { DEFAULT_ORGANIZATION } from "./pack-environment";
import { checkSdkVersion } from "./sdk-version";
import { UserError } from "../user-error";
import { printable, printableLines } from "../check/printable";
import { guardProcess } from "./program-guard";

/** The default program time limit: far above what an SES program needs offline, short of an endless wait. */
export const DEFAULT_PROGRAM_TIMEOUT_S = 300;

/** The longest time limit a timer can hold (2^31 - 1 ms, about 24.8 days); Node.js fires longer ones at once. */
export const MAX_PROGRAM_TIMEOUT_S = Math.floor(0x7fffffff / 1000);

/** The program did not finish within the time limit. */
export class ProgramTimeoutError extends UserError {}

/** The exit code with which Pulumi's runner says it has already logged an actionable message (cmd/run/index.js). */
const LOGGED_USER_ERROR_EXIT = 32;

/** How to run one program. */
export interface RunProgramOptions {
    preview: boolean;
    stack?: string;
    config?: Record<string, string>;
    /** The answers file for data sources and stack references. */
    answersFile?: string;
    /** Seconds before the program is stopped. @default DEFAULT_PROGRAM_TIMEOUT_S */
    timeoutS?: number;
    /** The program's stack, when the caller has read it already (else it is read from `dir`). */
    programStack?: ProgramStack;
    /** Told of each resource the deployment adds, as its registration arrives (for Analyze while the program runs). */
    news?: (resources: CapturedResource[]) => void;
}

/**
 * The `@pulumi/pulumi/cmd/run` the program's own directory resolves, as the language host's `locateModule` does,
 * once that @pulumi/pulumi is known to be within ses-guard's peer range.
 */
function runnerOf(pwd: string, label: string): string {
    let manifest: string;
    try {
        manifest = require.resolve("@pulumi/pulumi/package.json", { paths: [pwd] });
    } catch {
        throw new ProjectError(`cannot find @pulumi/pulumi from ${label}; install the project's dependencies (npm install) first`);
    }
    checkSdkVersion(manifest, label);
    try {
        return require.resolve("@pulumi/pulumi/cmd/run", { paths: [pwd] });
    } catch {
        throw new ProjectError(
            `the @pulumi/pulumi of ${label} (${path.dirname(manifest)}) has no cmd/run to run programs with; reinstall the project's dependencies (npm ci)`,
        );
    }
}

/** The config as the language host hands it to the program (`constructConfig`): `<namespace>:config:<name>` keys. */
function runtimeConfig(config: Record<string, string>): string {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(config)) {
        const colon = key.indexOf(":");
        out[`${key.slice(0, colon)}:config:${key.slice(colon + 1)}`] = value;
    }
    return JSON.stringify(out);
}

/** What stderr says when V8 ran out of heap (the language host's `oomSniffer`). */
function outOfMemory(stderr: string): boolean {
    return stderr.includes("<--- Last few GCs --->") || stderr.includes("Reached heap limit") || stderr.includes("JavaScript heap out of memory");
}

/** Hints for failures a new user meets, added after the runner's own message. */
function hints(text: string): string[] {
    const out: string[] = [];
    if (/We failed to locate the entry point|No entrypoint found/.test(text))
        out.push("add an index.ts (or index.js) to the program directory, or name the entry point with `main` in Pulumi.yaml or package.json");
    if (/Unknown file extension "\.ts"/.test(text))
        out.push(
            "Pulumi's runner compiles an ES module TypeScript program only with the project's own typescript 4.7 or later and ts-node 10 or later: npm install --save-dev typescript ts-node",
        );
    if (/promises were still active/.test(text))
        out.push("the program's process ended while it still had work pending, e.g. by calling process.exit; a preview needs the program to run to its end");
    if (/Cannot use import statement outside a module|top-level await is only valid|ERR_REQUIRE_ASYNC_MODULE|await is only valid in async functions/.test(text))
        out.push('an ES module program needs `"type": "module"` in its package.json');
    return out;
}

/** The module preloaded into each program's process: ES-module source positions, no unread debug traces or messages. */
const PROGRAM_PRELOAD = path.join(__dirname, "program-preload.js");

/** Runs the program in `dir` through Pulumi's own runner and returns the deployment's news, in registration order. */
export async function runProgram(dir: string, options: RunProgramOptions): Promise<CapturedResource[]> {
    const { root, project, stack, config, secretKeys, environments } = options.programStack ?? programStack(dir, options);
    if (environments !== undefined) {
        process.stderr.write(
            printable(
                `ses-guard: warning: Pulumi.${stack}.yaml of ${dir} imports the Pulumi ESC environment${environments.length > 1 ? "s" : ""} ${environments.join(", ")}, which cannot be opened offline; continuing with the config the file holds (pass values the environment would give with --config)`,
            ) + "\n",
        );
    }
    const timeoutS = options.timeoutS ?? DEFAULT_PROGRAM_TIMEOUT_S;
    const runner = runnerOf(project.pwd, dir);
    resetDataSources();
    if (options.answersFile !== undefined) useAnswersFile(options.answersFile);
    const errors: string[] = [];
    const monitor = new ResourceMonitor(
        { project: project.name, stack, preview: options.preview, config, root: fs.realpathSync(root) },
        {
            news: options.news,
            log: (entry: ProgramLog) => {
                if (entry.severity === "error") errors.push(entry.message);
                else if (entry.severity !== "debug") process.stderr.write(`${entry.severity}: ${printableLines(entry.message)}\n`);
            },
        },
    );
    const address = await monitor.listen();
    try {
        const args = [
            ...project.nodeArgs,
            runner,
            "--monitor",
            address,
            "--engine",
            address,
            "--organization",
            DEFAULT_ORGANIZATION,
            "--project",
            project.name,
            "--root-directory",
            root,
            "--stack",
            stack,
            "--pwd",
            project.pwd,
            ...(options.preview ? ["--dry-run"] : []),
            "--parallel",
            String(os.availableParallelism() * 4),
            project.entryPoint,
        ];
        const env: NodeJS.ProcessEnv = {
            ...process.env,
            PULUMI_CONFIG: runtimeConfig(config),
            PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(secretKeys),
        };
        // The one addition to the language host's environment (see program-preload).
        env.NODE_OPTIONS = [process.env.NODE_OPTIONS, `--require ${JSON.stringify(PROGRAM_PRELOAD)}`].filter(Boolean).join(" ");
        delete env.PULUMI_NODEJS_TYPESCRIPT;
        delete env.PULUMI_NODEJS_TSCONFIG_PATH;
        if (project.typescript) env.PULUMI_NODEJS_TYPESCRIPT = "true";
        if (project.tsconfig !== undefined) env.PULUMI_NODEJS_TSCONFIG_PATH = project.tsconfig;
        const outcome = await runProcess(args, env, project.pwd, timeoutS);
        if (outcome.kind === "timeout") {
            const said = outcome.stderr.trim();
            throw new ProgramTimeoutError(
                `the program in ${dir} did not finish within ${timeoutS} s and was stopped; if it is only slow, raise the limit with --program-timeout SECONDS` +
                    (said === "" ? "" : `\nits last output:\n${indent(said.split("\n").slice(-20).join("\n"))}`) +
                    secretHint(secretKeys, options.config) +
                    unansweredHint(),
            );
        }
        if (outcome.kind === "spawn-error") throw new ProgramError(`the program in ${dir} could not be started: ${outcome.message}`);
        const failed = outcome.code !== 0 || errors.length > 0;
        if (!failed && !monitor.finished) {
            throw new ProgramError(
                `the program in ${dir} ended before it finished (its process exited while work was pending, e.g. by calling process.exit); a preview needs the program to run to its end` +
                    (outcome.stderr.trim() === "" ? "" : `:\n${indent(outcome.stderr.trim())}`),
            );
        }
        if (!failed) {
            process.stderr.write(outcome.stderr);
            warnRecordsInPrivateZones(monitor.registrations.resources);
            return monitor.registrations.resources;
        }
        throw new ProgramError(
            failureMessage(dir, outcome, errors, project.nodeArgs, monitor.errors) + secretHint(secretKeys, options.config) + unansweredHint(),
        );
    } finally {
        monitor.close();
    }
}

/** How the program's process ended. */
type Outcome =
    | { kind: "exit"; code: number | null; signal: NodeJS.Signals | null; stderr: string }
    | { kind: "timeout"; stderr: string }
    | { kind: "spawn-error"; message: string };

/** The most of the program's stderr kept for the failure message; the rest is written through as it comes. */
const STDERR_KEPT = 1024 * 1024;

/**
 * Runs node with `args` in `cwd`: stdout goes to ses-guard's stderr (program output never mixes with reports),
 * stderr is kept for the failure message (and written out after a success), and the process is killed at the
 * time limit or when ses-guard exits.
 */
function runProcess(args: string[], env: NodeJS.ProcessEnv, cwd: string, timeoutS: number): Promise<Outcome> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
        const guard = guardProcess(child);
        const killOnExit = (): void => void child.kill("SIGKILL");
        process.on("exit", killOnExit);
        let stderr = "";
        let settled = false;
        const settle = (outcome: Outcome): void => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            guard?.kill();
            process.off("exit", killOnExit);
            resolve(outcome);
        };
        const timer = setTimeout(() => {
            child.kill("SIGKILL");
            settle({ kind: "timeout", stderr });
        }, timeoutS * 1000);
        child.stdout.pipe(process.stderr, { end: false });
        child.stderr.setEncoding("utf8");
        child.stderr.on("data", (chunk: string) => {
            stderr += chunk;
            if (stderr.length > STDERR_KEPT) {
                process.stderr.write(stderr.slice(0, stderr.length - STDERR_KEPT));
                stderr = stderr.slice(-STDERR_KEPT);
            }
        });
        child.once("error", (err) => settle({ kind: "spawn-error", message: err.message }));
        child.once("close", (code, signal) => settle({ kind: "exit", code, signal, stderr }));
    });
}

/** The one message a failed program gets: the runner's own words, then what to do. */
function failureMessage(dir: string, outcome: Extract<Outcome, { kind: "exit" }>, errors: string[], nodeArgs: string[], engineErrors: unknown[]): string {
    const stderr = outcome.stderr.trim();
    if (outOfMemory(stderr) || outcome.signal === "SIGABRT") {
        return (
            `the program in ${dir} ran out of memory (JavaScript heap) and was stopped; raise the heap with the \`nodeargs\` runtime option in Pulumi.yaml, ` +
            "e.g. runtime: {name: nodejs, options: {nodeargs: --max-old-space-size=8192}} (the size in megabytes)"
        );
    }
    const preload = nodeArgs.find(
        (arg, i) => (nodeArgs[i - 1] === "--require" || nodeArgs[i - 1] === "-r" || nodeArgs[i - 1] === "--import") && stderr.includes(arg),
    );
    if (preload !== undefined && /Cannot find module|ERR_MODULE_NOT_FOUND/.test(stderr)) {
        return `the program in ${dir} could not start: the module ${JSON.stringify(preload)} that runtime.options.nodeargs in Pulumi.yaml preloads cannot be found; fix the path (relative to the program directory) or remove it from nodeargs`;
    }
    let text = errors.join("\n").trim();
    if (text === "") text = stderr;
    if (text === "" && engineErrors.length > 0) text = engineErrors.map((e) => (e instanceof Error ? e.message : String(e))).join("\n");
    if (text === "") {
        const how = outcome.signal !== null ? `was ended by signal ${outcome.signal}` : `exited with non-zero exit code: ${outcome.code}`;
        text = outcome.code === 0 ? "the program reported an error" : `the program ${how}`;
    } else if (stderr !== "" && text !== stderr && outcome.code !== LOGGED_USER_ERROR_EXIT) {
        text += `\n${stderr}`;
    }
    const extra = hints(text);
    return `the program in ${dir} failed:\n${indent(text)}${extra.length > 0 ? `\n(${extra.join("; ")})` : ""}`;
}

/** An ANSI escape sequence (the runner colours `util.inspect` output). */
const ANSI = /\u001b\[[0-9;?]*[ -\/]*[@-~]/g;

/**
 * The runner's text as one message's body: colours removed, stack frames inside Node.js or node_modules left out
 * (the program's own frames stay), other control characters shown as `?`, each line indented by two spaces.
 */
function indent(text: string): string {
    const kept: string[] = [];
    for (const line of text.replace(ANSI, "").split("\n")) {
        if (!/^\s*at .*(node:internal|\(node:|[\\/]node_modules[\\/])/.test(line)) kept.push(line.replace(/\r$/, ""));
        // util.inspect opens an error's own properties at the end of its last frame.
        else if (line.endsWith(" {") && kept.length > 0) kept[kept.length - 1] += " {";
    }
    return kept.map((line) => `  ${printable(line)}`).join("\n");
}

/** The hint for secret config that got the offline placeholder, when the program failed. */
function secretHint(secretKeys: string[], given: Record<string, string> | undefined): string {
    const secrets = secretKeys.filter((k) => !(k in (given ?? {})));
    if (secrets.length === 0) return "";
    return `\n(secret config ${secrets.join(", ")} cannot be decrypted offline and got the value '${SECRET_CONFIG_PLACEHOLDER}'; if the error comes from that, pass the real value with ${secrets.map((k) => `--config ${k}=...`).join(" ")})`;
}
