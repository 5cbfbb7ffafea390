/**
 * `ses-guard preview [PROGRAM_DIR...]`: runs each Pulumi program through Pulumi's own runner against ses-guard's
 * offline engine (preview mode, or update mode with --update), sends its resources through the policy pack over
 * the analyzer protocol, and prints the violations the way `pulumi preview --policy-pack` does. Exit 0 clean, 1 on a mandatory
 * violation, 2 on a usage error.
 */
import * as path from "node:path";
import { previewPrograms, type StackVerdict } from "../offline-engine/offline-preview";
import { SECRET_CONFIG_PLACEHOLDER, readProject, readStackConfig } from "../offline-engine/program-dir";
import { DEFAULT_PROGRAM_TIMEOUT_S, MAX_PROGRAM_TIMEOUT_S } from "../offline-engine/program-runner";
import { parseCommandLine } from "./command-line";
import { PACK_OPTIONS, runPackCommand } from "./pack-command";
import { stackName } from "../offline-engine/program-stack";
import { UsageError } from "./usage-error";
import { printable } from "../check/printable";
import type { CommandIo } from "./command-io";

const HELP = `usage: ses-guard preview [options] [PROGRAM_DIR...]

Runs each Pulumi TypeScript/JavaScript program (default: the current directory) offline, through the
program's own Pulumi runner (@pulumi/pulumi/cmd/run, as the Pulumi CLI starts it) against ses-guard's engine,
and checks its resources with the policy pack, as \`pulumi preview --policy-pack\` would.

options:
  --stack NAME                 stack whose Pulumi.<NAME>.yaml config to use (default: dev); ORG/NAME and
                               ORG/PROJECT/NAME name stack NAME, as for the Pulumi CLI
  --config KEY=VALUE           set a config value (repeatable; bare keys belong to the project)
  --policy-pack-config FILE    policy config JSON, as for \`pulumi preview --policy-pack-config\`
  --update                     fill outputs with plausible values (DKIM tokens, ARNs, ids), as after \`pulumi up\`
  --answers FILE               results of data sources and outputs of stack references (JSON or YAML):
                               {"invokes": {TOKEN: RESULT}, "stackReferences": {"org/project/stack": OUTPUTS}}
  --program-timeout SECONDS    stop a program that runs longer (default: ${DEFAULT_PROGRAM_TIMEOUT_S})
  --pack DIR                   policy pack to run (default: ses-guard's own pack)
  --json                       print a JSON report instead of text
  --sarif FILE                 also write the violations as SARIF 2.1.0 (GitHub code scanning), each at the
                               file and line that declared the resource (audit: at its URN)

exit codes: 0 no mandatory violation, 1 a mandatory violation, 2 a usage error or a program that cannot run (the
Pulumi CLI exits 1 for both a violation and any error)`;

/** Parses --program-timeout. */
function parseTimeout(value: string | undefined): number | undefined {
    if (value === undefined) return undefined;
    const seconds = Number(value);
    if (!Number.isFinite(seconds) || seconds <= 0)
        throw new UsageError(`--program-timeout ${JSON.stringify(value)}: expected a number of seconds above 0, e.g. --program-timeout 600`);
    // Node.js fires a longer timer at once (it holds 2^31 - 1 ms), which would stop every program immediately.
    if (seconds > MAX_PROGRAM_TIMEOUT_S)
        throw new UsageError(
            `--program-timeout ${JSON.stringify(value)}: at most ${MAX_PROGRAM_TIMEOUT_S} seconds (about 24 days), e.g. --program-timeout 3600`,
        );
    return seconds;
}

/**
 * A note on stderr for each stack whose verdict shows the placeholder of a secret config value, naming the
 * secret keys and how to pass their real values.
 */
function noteSecretPlaceholders(verdicts: StackVerdict[], stack: string | undefined, config: Record<string, string>, io: CommandIo): void {
    for (const v of verdicts) {
        const messages = [...v.analysis.analyze, ...v.analysis.analyzeStack].map((d) => d.message);
        if (!messages.some((m) => m.includes(SECRET_CONFIG_PLACEHOLDER))) continue;
        const project = readProject(path.resolve(v.source));
        const keys = readStackConfig(path.resolve(v.source), project.name, stack ?? "dev", { projectConfig: project.config }).secretKeys.filter(
            (k) => !(k in config),
        );
        const flags = keys.map((k) => `--config ${k}=...`).join(" ");
        io.stderr.write(
            printable(
                `ses-guard: note: a verdict of ${v.source} shows '${SECRET_CONFIG_PLACEHOLDER}', the value secret config (${keys.join(", ")}) gets offline, where it cannot be decrypted; pass the real value${keys.length > 1 ? "s" : ""} with ${flags}`,
            ) + "\n",
        );
    }
}

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
        {
            ...PACK_OPTIONS,
            stack: { type: "string" },
            config: { type: "string", multiple: true },
            update: { type: "boolean" },
            answers: { type: "string" },
            "program-timeout": { type: "string" },
        },
        "preview",
    );
    const dirs = positionals.length > 0 ? positionals : ["."];
    const config = parseConfig(values.config ?? []);
    const timeoutS = parseTimeout(values["program-timeout"]);
    const stack = values.stack === undefined ? undefined : stackName(values.stack);
    return runPackCommand(
        values,
        HELP,
        async (options) => {
            const verdicts = await previewPrograms(dirs, {
                ...options,
                stack,
                config,
                update: values.update === true,
                answersFile: values.answers === undefined ? undefined : path.resolve(values.answers),
                timeoutS,
            });
            noteSecretPlaceholders(verdicts, stack, config, io);
            return verdicts;
        },
        io,
    );
}
