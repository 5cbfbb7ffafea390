/**
 * `ses-guard preview [PROGRAM_DIR...]`: runs each Pulumi program under the mock runtime (preview mode, or
 * update mode with --update), sends its resources through the policy pack over the analyzer protocol, and
 * prints the violations the way `pulumi preview --policy-pack` does. Exit 0 clean, 1 on a mandatory
 * violation, 2 on a usage error.
 */
import { previewPrograms } from "../offline-engine/offline-preview";
import { PACK_OPTIONS, parseCommandLine, runPackCommand } from "./pack-command";
import { UsageError } from "./usage-error";
import type { CommandIo } from "./command-io";

const HELP = `usage: ses-guard preview [options] [PROGRAM_DIR...]

Runs each Pulumi TypeScript/JavaScript program (default: the current directory) under Pulumi's mock
runtime, offline, and checks its resources with the policy pack, as \`pulumi preview --policy-pack\` would.

options:
  --stack NAME                 stack whose Pulumi.<NAME>.yaml config to use (default: dev)
  --config KEY=VALUE           set a config value (repeatable; bare keys belong to the project)
  --policy-pack-config FILE    policy config JSON, as for \`pulumi preview --policy-pack-config\`
  --update                     fill outputs with plausible values (DKIM tokens, ARNs, ids), as after \`pulumi up\`
  --pack DIR                   policy pack to run (default: ses-guard's own pack)
  --json                       print a JSON report instead of text

exit codes: 0 no mandatory violation, 1 a mandatory violation, 2 a usage error (the Pulumi CLI exits 1 for
both a violation and any error)`;

/** Parses `--config KEY=VALUE` flags. */
function parseConfig(values: string[]): Record<string, string> {
    const config: Record<string, string> = {};
    for (const value of values) {
        const eq = value.indexOf("=");
        if (eq <= 0) throw new UsageError(`--config ${JSON.stringify(value)}: expected KEY=VALUE, e.g. --config aws:region=eu-west-1`);
        config[value.slice(0, eq)] = value.slice(eq + 1);
    }
    return config;
}

/** Runs `ses-guard preview`. */
export async function run(argv: string[], io: CommandIo): Promise<number> {
    const { values, positionals } = parseCommandLine(
        argv,
        { ...PACK_OPTIONS, stack: { type: "string" }, config: { type: "string", multiple: true }, update: { type: "boolean" } },
        "preview",
    );
    const dirs = positionals.length > 0 ? positionals : ["."];
    return runPackCommand(values, HELP, (options) =>
        previewPrograms(dirs, {
            ...options,
            stack: values.stack,
            config: parseConfig(values.config ?? []),
            update: values.update === true,
        }),
        io,
    );
}
