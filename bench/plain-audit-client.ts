/**
 * The floor of the audit benchmark: a plain client that sends a stack export to the policy pack with nothing but
 * the analyzer protocol, as the issue measured it: read and convert the export, start the pack as `ses-guard audit`
 * does, Handshake, GetAnalyzerInfo, Configure, one Analyze per resource and one AnalyzeStack. No Remediate, no
 * secret redaction, no report. Prints `{"analyze": N, "analyzeStack": M}`, the diagnostics it got.
 *
 *   node dist/bench/plain-audit-client.js STACK_EXPORT.json
 */
import * as fs from "node:fs";
import { ownPackageDir } from "../offline-engine/offline-preview";
import { startPolicyPack } from "../offline-engine/pack-process";
import { readStackExport } from "../state/stack-export";

async function main(): Promise<void> {
    const file = process.argv[2];
    if (file === undefined) throw new Error("usage: node dist/bench/plain-audit-client.js STACK_EXPORT.json");
    const resources = readStackExport(JSON.parse(fs.readFileSync(file, "utf8")), file);
    const pack = await startPolicyPack(ownPackageDir());
    try {
        const session = pack.session;
        await session.handshake();
        await session.getAnalyzerInfo();
        await session.configure(undefined);
        let analyze = 0;
        for (const resource of resources) analyze += (await session.analyze(resource)).length;
        const analyzeStack = (await session.analyzeStack(resources)).length;
        process.stdout.write(JSON.stringify({ analyze, analyzeStack }) + "\n");
    } finally {
        await pack.close();
    }
}

main().catch((err: unknown) => {
    process.stderr.write(`plain-audit-client: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
});
