/**
 * Starts a policy pack exactly as `pulumi preview --policy-pack DIR` does since CLI 3.221: the nodejs language
 * host runs `node <@pulumi/pulumi/cmd/run-policy-pack> <engineAddress> <absolute DIR>` with cwd = DIR, resolved
 * from DIR, in the environment of ./pack-environment, and the pack prints its gRPC port as the first line of
 * stdout.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { AnalyzerSession } from "./analyzer-client";
import { packArguments, packEnvironment, type PackStackContext } from "./pack-environment";
import { UserError } from "../user-error";

/** A running pack process and a session connected to it. */
export interface PolicyPackProcess {
    /** The pack's process id (the `node run-policy-pack` child). */
    pid: number;
    /** The port the pack's analyzer server listens on (127.0.0.1). */
    port: number;
    /** The analyzer connection. */
    session: AnalyzerSession;
    /** Everything the pack wrote to stderr so far. */
    stderr(): string;
    /** Closes the connection and stops the process; resolves once it has exited. */
    close(): Promise<void>;
}

/** The pack could not be started: not a pack, missing dependencies, exited or hung before printing its port. */
export class PolicyPackStartError extends UserError {
    /** `message` says which pack and why; `stderr` is what the pack process wrote, if it ran. */
    constructor(
        message: string,
        readonly stderr = "",
    ) {
        super(message);
    }
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** Checks what the CLI checks before it starts a pack, and finds its run-policy-pack entry point. */
function locateRunner(packDir: string): string {
    const manifest = path.join(packDir, "PulumiPolicy.yaml");
    if (!fs.existsSync(manifest)) {
        throw new PolicyPackStartError(`${packDir} is not a policy pack: it has no PulumiPolicy.yaml`);
    }
    let doc: unknown;
    try {
        doc = yaml.load(fs.readFileSync(manifest, "utf8"));
    } catch (err) {
        throw new PolicyPackStartError(`${manifest}: cannot be read as YAML (${(err as Error).message.split("\n")[0]})`);
    }
    const runtime = (doc as { runtime?: unknown } | null)?.runtime;
    const runtimeName = typeof runtime === "object" && runtime !== null ? (runtime as { name?: unknown }).name : runtime;
    if (runtimeName !== "nodejs") {
        throw new PolicyPackStartError(`${manifest}: runtime is ${JSON.stringify(runtimeName)}; only nodejs packs can be run here`);
    }
    try {
        return require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
    } catch {
        throw new PolicyPackStartError(`cannot find @pulumi/pulumi from ${packDir}; install the pack's dependencies (npm install) first`);
    }
}

/**
 * Starts the pack in `packDir` and connects to it; rejects with {@link PolicyPackStartError} when it fails.
 * `stack` is what the engine will send in ConfigureStack (the pack's environment carries it); without it the pack
 * starts as for `pulumi policy analyze`. `env` replaces the CLI's own environment the pack inherits.
 */
export function startPolicyPack(
    packDir: string,
    options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; stack?: PackStackContext } = {},
): Promise<PolicyPackProcess> {
    const dir = path.resolve(packDir);
    let runner: string;
    try {
        runner = locateRunner(dir);
    } catch (err) {
        return Promise.reject(err);
    }
    // The watchdog ends the pack when its stdin (a pipe from this process) closes: it never outlives the CLI.
    // It is a node option (execArgv), so the pack's argv stays the language host's.
    const child = spawn(process.execPath, ["--require", path.join(__dirname, "watchdog.js"), runner, ...packArguments(dir)], {
        cwd: dir,
        env: packEnvironment(dir, options.stack, options.env ?? process.env),
        stdio: ["pipe", "pipe", "pipe"],
    });
    let stderr = "";
    let stdout = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => (stderr += chunk));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const stop = async (): Promise<void> => {
        if (child.exitCode === null && child.signalCode === null) {
            child.kill("SIGTERM");
            const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
            await exited;
            clearTimeout(timer);
        }
    };
    return new Promise<PolicyPackProcess>((resolve, reject) => {
        const fail = (why: string): void => {
            cleanup();
            void stop().then(() => {
                const tail = stderr.trim() ? `; its stderr:\n${stderr.trimEnd()}` : " (it wrote nothing to stderr)";
                reject(new PolicyPackStartError(`policy pack ${dir} ${why}${tail}`, stderr));
            });
        };
        const onData = (chunk: string): void => {
            stdout += chunk;
            const newline = stdout.indexOf("\n");
            if (newline < 0) return;
            const line = stdout.slice(0, newline).trim();
            if (!/^\d+$/.test(line)) return fail(`printed ${JSON.stringify(line)} instead of its port as the first line of stdout`);
            cleanup();
            child.stdout.resume();
            const port = Number(line);
            const session = new AnalyzerSession(`127.0.0.1:${port}`);
            resolve({
                pid: child.pid as number,
                port,
                session,
                stderr: () => stderr,
                close: async () => {
                    session.close();
                    await stop();
                },
            });
        };
        const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
            // Let stderr drain before reporting it.
            setImmediate(() => fail(`exited (${code !== null ? `code ${code}` : `signal ${signal}`}) before printing its port`));
        };
        const onError = (err: Error): void => fail(`could not be started: ${err.message}`);
        const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
        const timer = setTimeout(() => fail(`did not print its port within ${timeoutMs} ms`), timeoutMs);
        const cleanup = (): void => {
            clearTimeout(timer);
            child.stdout.off("data", onData);
            child.off("exit", onExit);
            child.off("error", onError);
        };
        child.stdout.setEncoding("utf8");
        child.stdout.on("data", onData);
        child.once("exit", onExit);
        child.once("error", onError);
    });
}
