/**
 * Runs each program in a child process of its own (program-child.ts), as `pulumi preview` gives each program its
 * own Node.js process: a clean module graph and clean globals, the project's `nodeargs`, a time limit, and
 * nothing left running when the CLI ends.
 */
import { fork, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import type { CapturedResource } from "../state/captured-resource";
import type { ChildReply, ChildRequest } from "./program-child";
import { ProgramError } from "./mock-capture";
import { SECRET_CONFIG_PLACEHOLDER, readProject, readStackConfig } from "./program-dir";
import { UserError } from "../user-error";

/** The default program time limit: far above what an SES program needs offline, short of an endless wait. */
export const DEFAULT_PROGRAM_TIMEOUT_S = 300;

/** The program did not finish within the time limit. */
export class ProgramTimeoutError extends UserError {}

/** How to run one program. */
export interface RunProgramOptions {
    preview: boolean;
    stack?: string;
    config?: Record<string, string>;
    /** The answers file for data sources and stack references. */
    answersFile?: string;
    /** Seconds before the program is stopped. @default DEFAULT_PROGRAM_TIMEOUT_S */
    timeoutS?: number;
}

const live = new Set<ChildProcess>();
process.on("exit", () => {
    for (const child of live) child.kill("SIGKILL");
});

/** Runs the Pulumi program in `dir` in a child process and returns what it registered. */
export function runProgramInChild(dir: string, options: RunProgramOptions): Promise<CapturedResource[]> {
    const root = path.resolve(dir);
    let nodeArgs: string[];
    let secretHint = "";
    try {
        const project = readProject(root);
        const stack = readStackConfig(root, project.name, options.stack ?? "dev", { required: options.stack !== undefined, projectConfig: project.config });
        const secrets = stack.secretKeys.filter((k) => !(k in (options.config ?? {})) && !(k.replace(`${project.name}:`, "") in (options.config ?? {})));
        if (secrets.length > 0) {
            secretHint = `\n(secret config ${secrets.join(", ")} cannot be decrypted offline and got the value '${SECRET_CONFIG_PLACEHOLDER}'; if the error comes from that, pass the real value with ${secrets.map((k) => `--config ${k}=...`).join(" ")})`;
        }
        if (stack.environments !== undefined) {
            process.stderr.write(
                `ses-guard: warning: Pulumi.${options.stack ?? "dev"}.yaml of ${dir} imports the Pulumi ESC environment${stack.environments.length > 1 ? "s" : ""} ${stack.environments.join(", ")}, which cannot be opened offline; continuing with the config the file holds (pass values the environment would give with --config)\n`,
            );
        }
        nodeArgs = project.nodeArgs;
    } catch (err) {
        return Promise.reject(err);
    }
    const timeoutS = options.timeoutS ?? DEFAULT_PROGRAM_TIMEOUT_S;
    // The program's stdout goes to the CLI's stderr: program output must not mix with reports.
    const child = fork(path.join(__dirname, "program-child.js"), [], { cwd: root, execArgv: nodeArgs, stdio: ["ignore", 2, 2, "ipc"] });
    live.add(child);
    return new Promise<CapturedResource[]>((resolve, reject) => {
        let settled = false;
        const settle = (fn: () => void): void => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            fn();
        };
        const timer = setTimeout(() => {
            settle(() =>
                reject(
                    new ProgramTimeoutError(
                        `the program in ${dir} did not finish within ${timeoutS} s and was stopped; if it is only slow, raise the limit with --program-timeout SECONDS`,
                    ),
                ),
            );
            child.kill("SIGKILL");
        }, timeoutS * 1000);
        child.once("message", (reply: ChildReply) =>
            settle(() => {
                if (reply.kind === "done") resolve(reply.resources);
                else reject(reply.userError ? new ProgramError(reply.message + secretHint) : new Error(reply.message));
            }),
        );
        child.once("error", (err) => settle(() => reject(new ProgramError(`the program in ${dir} could not be started: ${err.message}`))));
        child.once("exit", (code, signal) => {
            live.delete(child);
            const how = signal !== null ? `signal ${signal}` : `exit code ${code}`;
            settle(() =>
                reject(
                    new ProgramError(
                        `the program in ${dir} ended (${how}) before it finished, e.g. by calling process.exit; a preview needs the program to run to its end`,
                    ),
                ),
            );
        });
        const request: ChildRequest = {
            dir: root,
            label: dir,
            cwd: process.cwd(),
            preview: options.preview,
            stack: options.stack,
            config: options.config,
            answersFile: options.answersFile,
        };
        child.send(request);
    });
}
