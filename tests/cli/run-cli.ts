/** Runs the built `ses-guard` command as a child process, as a user's shell would. */
import { spawn } from "node:child_process";
import * as path from "node:path";

/** The repository root (tests run from dist/tests/cli). */
export const ROOT = path.resolve(__dirname, "..", "..", "..");

/** What one run of the command printed and returned. */
export interface CliResult {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** Runs `node dist/cli/main.js ...args` with cwd `cwd` (default: the repository root). */
export function runCli(args: string[], cwd = ROOT): Promise<CliResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [path.join(ROOT, "dist", "cli", "main.js"), ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
        child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}
