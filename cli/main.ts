#!/usr/bin/env node
/**
 * The `ses-guard` command: dispatches to a subcommand. Each subcommand module exports
 * `run(argv, io): Promise<number>` and is loaded only when asked for, so `verify` never loads Pulumi.
 * Exit codes: what the subcommand returns; 2 for a user error (any UserError: shown as one message, no stack).
 * Run as a program (the `ses-guard` bin), it uses this process's streams; tests call {@link main} in-process.
 */
import { setFlagsFromString } from "node:v8";
import { packageVersion } from "./package-version";
import { processIo, type CommandIo } from "./command-io";
import { UsageError } from "./usage-error";
import { UserError } from "../user-error";
import { printable, printableLines } from "../check/printable";

/** A subcommand: its one-line summary and a loader for its module. */
interface Command {
    summary: string;
    load: () => Promise<{ run(argv: string[], io: CommandIo): Promise<number> }>;
}

const COMMANDS: Record<string, Command> = {
    verify: { summary: "after `pulumi up`, confirm every SES identity is verified (exit 0/1/2)", load: () => import("./verify.js") },
    preview: { summary: "run programs offline through Pulumi's own runner and the policy pack (exit 0/1/2)", load: () => import("./preview.js") },
    audit: { summary: "check a `pulumi stack export` of a deployed stack with the policy pack (exit 0/1/2)", load: () => import("./audit.js") },
};

function usage(): string {
    const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`);
    return [
        "usage: ses-guard <command> [options]",
        "",
        "commands:",
        ...lines,
        "",
        "ses-guard <command> --help for its options; ses-guard --version for the version.",
    ].join("\n");
}

async function dispatch(argv: string[], io: CommandIo): Promise<number> {
    const [name, ...rest] = argv;
    if (name === "--version" || name === "-v") {
        io.stdout.write(`${packageVersion()}\n`);
        return 0;
    }
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
        io.stdout.write(usage() + "\n");
        return name === undefined ? 2 : 0;
    }
    const command = COMMANDS[name];
    if (command === undefined)
        throw new UsageError(`unknown command '${printable(name)}'; the commands are ${Object.keys(COMMANDS).join(", ")} (see ses-guard --help)`);
    return (await command.load()).run(rest, io);
}

/** Runs `ses-guard ...argv` with `io`; returns the exit code, having written any error to `io.stderr`. */
export async function main(argv: string[], io: CommandIo): Promise<number> {
    try {
        return await dispatch(argv, io);
    } catch (err) {
        // Messages quote the user's names, files and arguments: their control characters never reach the terminal.
        if (err instanceof UserError) {
            io.stderr.write(`ses-guard: ${printableLines(err.message)}\n`);
        } else {
            io.stderr.write(`ses-guard: internal error: ${printableLines(err instanceof Error ? (err.stack ?? err.message) : String(err))}\n`);
        }
        return 2;
    }
}

if (require.main === module) {
    // The engine holds little (21 MiB live after a 2,502-resource program) but allocates a request or an answer for
    // every call, and its peak was mostly garbage: 167 to 177 MiB. Its old generation now grows by at most 30% past
    // what a collection leaves (not by V8's own factor, up to 4x), and its young generation stays at its first size:
    // 91 to 93 MiB, for about 0.2 s more of its CPU (bench/README.md, 5). Set here, as the pack sets its own
    // (policies/pack.ts), so that `ses-guard` stays a plain bin.
    setFlagsFromString("--heap-growing-percent=30 --semi-space-growth-factor=1");
    void main(process.argv.slice(2), processIo()).then((code) => {
        process.exitCode = code;
    });
}
