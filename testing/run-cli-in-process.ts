/**
 * Runs the `ses-guard` command inside this process: `main` from cli/main.ts with collected stdout and stderr, a
 * piped (non-terminal) stdin and the given environment. For flag, usage and report cases, where a child process
 * would only add node's start-up; testing/run-cli.ts runs the built bin as a user's shell does.
 */
import { PassThrough, Writable } from "node:stream";
import { main } from "../cli/main";
import { useProcessEnv } from "./aws-test-env";
import { ROOT, type CliOptions, type CliResult } from "./run-cli";

/** A stream that keeps what is written to it. */
function collector(): { stream: Writable; text(): string } {
    let text = "";
    const stream = new Writable({
        decodeStrings: false,
        write(chunk: string | Buffer, _encoding, done) {
            text += chunk.toString();
            done();
        },
    });
    return { stream, text: () => text };
}

/**
 * Runs `ses-guard ...args` in-process, taking the options {@link runCli} takes. For the run, `cwd` becomes this
 * process's working directory and `env` replaces process.env (the AWS SDK reads it there); both are restored
 * after. What a program under preview prints goes to this process's own stdout, not to the result.
 */
export async function runCliInProcess(args: string[], options: CliOptions = {}): Promise<CliResult> {
    const { cwd = ROOT, env, stdin = "" } = options;
    const stdout = collector();
    const stderr = collector();
    const input = new PassThrough();
    if (stdin !== "keep-open") input.end(stdin);
    const restore = env === undefined ? () => undefined : useProcessEnv(env);
    const savedCwd = process.cwd();
    process.chdir(cwd);
    try {
        const code = await main(args, { stdout: stdout.stream, stderr: stderr.stream, stdin: input, env: process.env });
        return { code, stdout: stdout.text(), stderr: stderr.text() };
    } finally {
        process.chdir(savedCwd);
        restore();
        input.destroy();
    }
}
