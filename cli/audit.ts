/**
 * `ses-guard audit STACK_EXPORT.json`: sends the deployed resources of a `pulumi stack export` through the
 * policy pack as `pulumi policy analyze --file` does (Analyze on inputs, AnalyzeStack on outputs, remediations
 * reported but not applied, no stack config) to audit a stack that is already deployed. Exit 0 clean, 1 on a
 * mandatory violation, 2 on a usage error.
 */
import { auditStackExport } from "../offline-engine/offline-preview";
import { parseCommandLine } from "./command-line";
import { PACK_OPTIONS, runPackCommand } from "./pack-command";
import { UsageError } from "./usage-error";
import { printable } from "../check/printable";
import { readStream } from "./verify/input-files";
import { readStackExportText } from "../state/stack-export";
import type { CommandIo } from "./command-io";

const HELP = `usage: ses-guard audit [options] STACK_EXPORT.json
       pulumi stack export --show-secrets | ses-guard audit [options] -

Checks a deployed stack, exported with \`pulumi stack export --file STACK_EXPORT.json\` (add --show-secrets
to let policies read secret values; others reach them as "[secret]"), with the policy pack, offline: what
\`pulumi policy analyze --file STACK_EXPORT.json\` (Pulumi 3.229+) does.

options:
  --policy-pack-config FILE    policy config JSON, as for \`pulumi preview --policy-pack-config\`
  --pack DIR                   policy pack to run (default: ses-guard's own pack)
  --json                       print a JSON report instead of text
  --sarif FILE                 also write the violations as SARIF 2.1.0 (GitHub code scanning), each at the
                               file and line that declared the resource (audit: at its URN)

exit codes: 0 no mandatory violation, 1 a mandatory violation, 2 a usage error (the Pulumi CLI exits 1 for
both a violation and any error)`;

/** Runs `ses-guard audit`. */
export async function run(argv: string[], io: CommandIo): Promise<number> {
    const { values, positionals } = parseCommandLine(argv, PACK_OPTIONS, "audit");
    if (!values.help && positionals.length !== 1) {
        throw new UsageError(`audit: give exactly one stack export file (got ${positionals.length}) (see ses-guard audit --help)`);
    }
    return runPackCommand(
        values,
        HELP,
        async (options) => {
            const file = positionals[0] as string;
            const input = file === "-" ? { source: "stdin", resources: readStackExportText(await readStream(io.stdin), "stdin") } : file;
            const verdict = await auditStackExport(input, options);
            for (const warning of verdict.warnings ?? []) io.stderr.write(`warning: ${printable(warning)}\n`);
            return [verdict];
        },
        io,
    );
}
