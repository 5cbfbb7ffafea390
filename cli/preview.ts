/**
 * `ses-guard preview [PROGRAM_DIR...]`: runs each Pulumi program under the mock runtime (preview mode, or
 * update mode with --update), sends its resources through the policy pack over the analyzer protocol, and
 * prints the violations the way `pulumi preview --policy-pack` does. Exit 0 clean, 1 on a mandatory
 * violation, 2 on a usage error.
 */
import * as path from "node:path";
import { parseArgs } from "node:util";
import { previewPrograms, ownPackageDir, verdictsToJson } from "../engine/offline-preview";
import { renderVerdicts } from "../engine/offline-report";
import { readPolicyPackConfigFile, type PolicyPackConfig } from "../engine/policy-config";
import { userErrorMessage } from "../engine/user-errors";
import { UsageError } from "./usage-error";

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

exit codes: 0 no mandatory violation, 1 a mandatory violation, 2 a usage error`;

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

/** Runs `parse` (node's parseArgs over the command's options), turning its errors into usage errors. */
export function parseCommandLine<T>(parse: () => T, command: string): T {
    try {
        return parse();
    } catch (err) {
        throw new UsageError(`${command}: ${(err as Error).message}\n(see ses-guard ${command} --help)`);
    }
}

/** Reads --policy-pack-config, if given. */
export function policyPackConfig(file: string | undefined): PolicyPackConfig | undefined {
    if (file === undefined) return undefined;
    try {
        return readPolicyPackConfigFile(file);
    } catch (err) {
        throw new UsageError(`--policy-pack-config ${(err as Error).message}`);
    }
}

/** Runs `ses-guard preview`. */
export async function run(argv: string[]): Promise<number> {
    const { values, positionals } = parseCommandLine(
        () =>
            parseArgs({
                args: argv,
                allowPositionals: true,
                strict: true,
                options: {
                    stack: { type: "string" },
                    config: { type: "string", multiple: true },
                    "policy-pack-config": { type: "string" },
                    update: { type: "boolean" },
                    pack: { type: "string" },
                    json: { type: "boolean" },
                    help: { type: "boolean", short: "h" },
                },
            }),
        "preview",
    );
    if (values.help) {
        process.stdout.write(HELP + "\n");
        return 0;
    }
    const packDir = path.resolve(values.pack ?? ownPackageDir());
    const dirs = positionals.length > 0 ? positionals : ["."];
    try {
        const verdicts = await previewPrograms(dirs, {
            packDir,
            policyPackConfig: policyPackConfig(values["policy-pack-config"]),
            stack: values.stack,
            config: parseConfig(values.config ?? []),
            update: values.update === true,
        });
        process.stdout.write((values.json ? JSON.stringify(verdictsToJson(verdicts), null, 2) : renderVerdicts(verdicts, `local: ${packDir}`)) + "\n");
        return verdicts.some((v) => v.failed) ? 1 : 0;
    } catch (err) {
        const message = userErrorMessage(err);
        if (message === undefined) throw err;
        throw new UsageError(message);
    }
}
