/** Runs the built `ses-guard` command as a child process, as a user's shell would. */
import { spawn } from "node:child_process";
import * as path from "node:path";

/** The repository root (tests run from dist/tests/cli). */
export const ROOT = path.resolve(__dirname, "..", "..");

/** The built command's entry point. */
export const CLI_MAIN = path.join(ROOT, "dist", "cli", "main.js");

/** What one run of the command printed and returned. */
export interface CliResult {
    code: number | null;
    stdout: string;
    stderr: string;
    /** True when the command was still running at `timeoutMs` and was killed. */
    timedOut?: boolean;
}

/** How to run the command. */
export interface CliOptions {
    /** Working directory. @default the repository root */
    cwd?: string;
    /** Environment. @default this process's */
    env?: NodeJS.ProcessEnv;
    /** Written to stdin, which is then closed; `"keep-open"` writes nothing and leaves it open. @default "" */
    stdin?: string | "keep-open";
    /** Kill the command (SIGKILL) if it runs longer, and say so in the result. @default no limit */
    timeoutMs?: number;
}

/** Runs `node dist/cli/main.js ...args`. */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
    const { cwd = ROOT, env, stdin = "", timeoutMs } = options;
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [CLI_MAIN, ...args], { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
        child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
        let timedOut = false;
        const timer = timeoutMs === undefined ? undefined : setTimeout(() => ((timedOut = true), child.kill("SIGKILL")), timeoutMs);
        child.on("error", reject);
        child.on("close", (code) => {
            clearTimeout(timer);
            resolve({ code, stdout, stderr, ...(timedOut ? { timedOut } : {}) });
        });
        if (stdin === "keep-open") child.on("close", () => child.stdin.destroy());
        else child.stdin.end(stdin);
    });
}
