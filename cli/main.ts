#!/usr/bin/env node
/**
 * The `ses-guard` command: dispatches to a subcommand. Each subcommand module exports
 * `run(argv): Promise<number>` and is loaded only when asked for, so `verify` never loads Pulumi.
 * Exit codes: what the subcommand returns; 2 for a user error (any UserError: shown as one message, no stack).
 */
import { UsageError } from "./usage-error";
import { UserError } from "../user-error";

/** A subcommand: its one-line summary and a loader for its module. */
interface Command {
    summary: string;
    load: () => Promise<{ run(argv: string[]): Promise<number> }>;
}

const COMMANDS: Record<string, Command> = {
    verify: { summary: "after `pulumi up`, confirm every SES identity is verified (exit 0/1/2)", load: () => import("./verify.js") },
    preview: { summary: "run programs offline under the mock runtime through the policy pack (exit 0/1/2)", load: () => import("./preview.js") },
    audit: { summary: "check a `pulumi stack export` of a deployed stack with the policy pack (exit 0/1/2)", load: () => import("./audit.js") },
};

function usage(): string {
    const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`);
    return ["usage: ses-guard <command> [options]", "", "commands:", ...lines, "", "ses-guard <command> --help for its options; ses-guard --version for the version."].join("\n");
}

/** The installed package's version, from its package.json (two levels above dist/cli/main.js). */
function version(): string {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require("../../package.json") as { version: string }).version;
}

async function main(argv: string[]): Promise<number> {
    const [name, ...rest] = argv;
    if (name === "--version" || name === "-v") {
        process.stdout.write(`${version()}\n`);
        return 0;
    }
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
        process.stdout.write(usage() + "\n");
        return name === undefined ? 2 : 0;
    }
    const command = COMMANDS[name];
    if (command === undefined) throw new UsageError(`unknown command '${name}'; the commands are ${Object.keys(COMMANDS).join(", ")} (see ses-guard --help)`);
    return (await command.load()).run(rest);
}

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (err: unknown) => {
        if (err instanceof UserError) {
            process.stderr.write(`ses-guard: ${err.message}\n`);
        } else {
            process.stderr.write(`ses-guard: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        }
        process.exitCode = 2;
    },
);
