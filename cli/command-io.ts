/**
 * Where a command reads and writes: the process's own streams and environment when run as `ses-guard`, or a
 * test's when the command runs in-process.
 */

/** A stream the command writes text to; `isTTY` is true on a terminal. */
export type OutputStream = NodeJS.WritableStream & { isTTY?: boolean };

/** A command's standard streams and environment. */
export interface CommandIo {
    stdout: OutputStream;
    stderr: OutputStream;
    /** Read when the command is given `-` or, for verify, when nothing else names identities. */
    stdin: NodeJS.ReadableStream & { isTTY?: boolean };
    env: NodeJS.ProcessEnv;
}

/** This process's streams and environment. */
export function processIo(): CommandIo {
    return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}
