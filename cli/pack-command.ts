/**
 * What `ses-guard preview` and `ses-guard audit` share: the options that pick and configure the policy pack,
 * command-line parsing with usage errors, and running the pack to a printed verdict and an exit code.
 */
import * as path from "node:path";
import { ownPackageDir, verdictsToJson, type OfflineOptions, type StackVerdict } from "../offline-engine/offline-preview";
import { renderVerdicts } from "./pack-report/render-verdicts";
import { writeSarif } from "./pack-report/sarif";
import { checkReportPath } from "./report-file";
import { readPolicyPackConfigFile, type PolicyPackConfig } from "../offline-engine/policy-config";
import { UsageError } from "./usage-error";
import type { CommandIo } from "./command-io";

/** The options both commands take: `--policy-pack-config`, `--pack`, `--json`, `--sarif`, `--help`. */
export const PACK_OPTIONS = {
    "policy-pack-config": { type: "string" },
    pack: { type: "string" },
    json: { type: "boolean" },
    sarif: { type: "string" },
    help: { type: "boolean", short: "h" },
} as const;

function policyPackConfig(file: string | undefined): PolicyPackConfig | undefined {
    if (file === undefined) return undefined;
    try {
        return readPolicyPackConfigFile(file);
    } catch (err) {
        throw new UsageError(`--policy-pack-config ${(err as Error).message}`);
    }
}

/** The shared option values, as parseArgs returns them. */
interface PackOptionValues {
    "policy-pack-config"?: string;
    pack?: string;
    json?: boolean;
    sarif?: string;
    help?: boolean;
}

/**
 * Prints `help` for `--help`; otherwise runs `analyze` with the chosen pack and its config, prints the verdicts
 * (text, or JSON with `--json`) on `io.stdout`, writes the SARIF log for `--sarif` (its path checked before any
 * work), and returns 1 when a stack failed a mandatory policy, else 0. Errors the user can
 * fix (a bad directory, file, config or pack) are UserErrors, shown by the command's entry point.
 */
export async function runPackCommand(
    values: PackOptionValues,
    help: string,
    analyze: (options: OfflineOptions) => Promise<StackVerdict[]>,
    io: CommandIo,
): Promise<number> {
    if (values.help) {
        io.stdout.write(help + "\n");
        return 0;
    }
    const packDir = path.resolve(values.pack ?? ownPackageDir());
    if (values.sarif !== undefined) await checkReportPath("--sarif", values.sarif, "SARIF file", "ses-guard.sarif");
    const verdicts = await analyze({ packDir, policyPackConfig: policyPackConfig(values["policy-pack-config"]) });
    io.stdout.write((values.json ? JSON.stringify(verdictsToJson(verdicts), null, 2) : renderVerdicts(verdicts, `local: ${packDir}`)) + "\n");
    if (values.sarif !== undefined) {
        const truncated = await writeSarif(values.sarif, verdicts);
        if (truncated !== undefined) io.stderr.write(`ses-guard: warning: --sarif: ${truncated}\n`);
    }
    return verdicts.some((v) => v.failed) ? 1 : 0;
}
